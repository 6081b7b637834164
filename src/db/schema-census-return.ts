import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The census return's council-level answers, per council and year; see migration 0015. */
export interface CensusReturnAnswerTable {
  authority_code: string;
  census_year: number;
  /** The return's element name, e.g. NoAgencyHeadcount or RecruitmentBonus. */
  item: string;
  /** The value as the file carries it ("2", "Travel allowance"). */
  value: string;
  updated_by: string | null;
  updated_at: Timestamp;
}
