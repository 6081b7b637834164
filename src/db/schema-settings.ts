import type { Generated } from 'kysely';

/** Tables of migration 0007 (issue 10: the first hour). */
export interface SettingsTables {
  statistical_neighbours: StatisticalNeighbourTable;
  authority_settings: AuthoritySettingsTable;
  import_column_maps: ImportColumnMapTable;
  code_words: CodeWordTable;
}

export interface StatisticalNeighbourTable {
  /** '2021' or '2025'. */
  model: string;
  /** DfE three-digit LA code. */
  la_code: string;
  la_name: string;
  region: string;
  /** 1 is the nearest. */
  rank: number;
  neighbour_code: string;
  /** DfE's label: Extremely close, Very close, Close, Somewhat close, Not close. */
  proximity: string;
}

export interface AuthoritySettingsTable {
  authority_code: string;
  neighbour_model: string | null;
  neighbour_basis: string | null;
  neighbours_edited: Generated<boolean>;
  at_risk_turnover: number | null;
  at_risk_vacancy: number | null;
  at_risk_caseload: number | null;
  updated_at: Generated<Date>;
}

export interface ImportColumnMapTable {
  authority_code: string;
  kind: string;
  header_key: string;
  header: string;
  field: string;
}

export interface CodeWordTable {
  authority_code: string;
  list: 'leaving_reason' | 'start_origin' | 'leaver_destination';
  word_key: string;
  word: string;
  code: string;
}
