import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Caseload snapshots and thresholds; see migration 0010. */
export interface CaseloadTables {
  caseload_snapshots: CaseloadSnapshotTable;
  caseload_thresholds: CaseloadThresholdTable;
}

export interface CaseloadSnapshotTable {
  authority_code: string;
  snapshot_date: string;
  worker_id: string;
  cases: number;
  children: number | null;
  weighted_cases: number | null;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface CaseloadThresholdTable {
  authority_code: string;
  role_key: string;
  role: string;
  cases_per_fte: number;
  updated_at: Timestamp;
}
