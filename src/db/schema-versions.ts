/** Data versions (migration 0012): one counter per council ('*' for the published benchmarks). */
export interface VersionTables {
  data_versions: DataVersionTable;
}

export interface DataVersionTable {
  /** An authority code, or '*' for the benchmarks every council is compared with. */
  scope: string;
  version: number;
}
