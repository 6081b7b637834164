import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Pay scales, market supplements and saved invest-to-save scenarios; see migration 0011. */
export interface PayTables {
  pay_scales: PayScaleTable;
  pay_supplements: PaySupplementTable;
  pay_scenarios: PayScenarioTable;
}

export interface PayScaleTable {
  /** The council whose data this is (who imported it). */
  authority_code: string;
  /** Whose scale: the `authority` column as written (a council code, or a comparator's name). */
  scale_authority: string;
  /** `scale_authority` folded (trimmed, lower case): part of the key. */
  scale_authority_key: string;
  /** The role code the written role maps to. */
  role: string;
  /** The role as written, folded by roleKey: part of the key. */
  role_key: string;
  local_role: string | null;
  grade: string;
  min_salary: number;
  max_salary: number;
  effective_from: string;
  source: string | null;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface PaySupplementTable {
  authority_code: string;
  role: string;
  role_key: string;
  local_role: string | null;
  amount_per_year: number;
  from_date: string;
  to_date: string | null;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface PayScenarioTable {
  id: Generated<number>;
  authority_code: string;
  name: string;
  /** The scenario file's JSON, as validated. */
  definition: ColumnType<unknown, string, string>;
  recommendation_id: number | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
