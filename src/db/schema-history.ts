import type { ColumnType, Generated } from 'kysely';
import type { WorkerTable } from './schema.ts';

/**
 * A post row as it stood before an import changed it (migration 0014): the worker's columns, the
 * import that had written them and the one that changed them, and which columns changed.
 */
export interface WorkerHistoryTable extends Omit<WorkerTable, 'import_id' | 'updated_at'> {
  id: Generated<number>;
  previous_import_id: number | null;
  previous_updated_at: ColumnType<Date, Date | string, Date | string>;
  import_id: number | null;
  changed_fields: string[];
  changed_at: Generated<Date>;
}
