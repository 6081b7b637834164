import type { ColumnType } from 'kysely';

/** How far a council's data runs, as an analyst stated it; see migration 0006. */
export interface CoverageTables {
  data_coverage: DataCoverageTable;
}

export interface DataCoverageTable {
  authority_code: string;
  /** 'YYYY-MM-DD': the last day the council's data covers. */
  runs_to: string;
  stated_by: string | null;
  stated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
