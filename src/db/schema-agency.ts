import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Agency assignments, price caps and recruitment applications; see migration 0009. */
export interface AgencyTables {
  agency_assignments: AgencyAssignmentTable;
  agency_price_caps: AgencyPriceCapTable;
  applications: ApplicationTable;
}

export interface AgencyAssignmentTable {
  authority_code: string;
  assignment_id: string;
  worker_ref: string;
  swe_number: string | null;
  agency: string;
  role: string;
  local_role: string | null;
  team: string | null;
  start_date: string;
  end_date: string | null;
  hourly_rate: number;
  hours_per_week: number;
  covering_vacancy: boolean | null;
  project_team: boolean | null;
  qualified_date: string | null;
  over_cap_approved: boolean | null;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface AgencyPriceCapTable {
  authority_code: string;
  role: string;
  role_key: string;
  role_code: string | null;
  effective_from: string;
  max_hourly_rate: number;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface ApplicationTable {
  authority_code: string;
  application_id: string;
  campaign: string;
  role: string;
  local_role: string | null;
  team: string | null;
  advert_date: string;
  applied_date: string;
  stage_reached: string;
  offer_date: string | null;
  offer_outcome: string | null;
  accepted_date: string | null;
  start_date: string | null;
  withdrawn: ColumnType<boolean, boolean | undefined, boolean>;
  withdrawal_reason: string | null;
  source: string | null;
  route: string | null;
  import_id: number | null;
  updated_at: Timestamp;
}
