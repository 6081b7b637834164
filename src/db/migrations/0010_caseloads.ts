import { sql, type Kysely } from 'kysely';

/**
 * Caseload snapshots (one row per worker per snapshot date, spec retention-data.md section 4) and
 * each council's own caseload thresholds per local role or role code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('caseload_snapshots')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('snapshot_date', 'date', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull().check(sql`cases >= 0`))
    .addColumn('children', 'integer')
    .addColumn('weighted_cases', 'double precision')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('caseload_snapshots_pk', ['authority_code', 'snapshot_date', 'worker_id'])
    .execute();

  await db.schema
    .createTable('caseload_thresholds')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    // roleKey of the name, so "ASYE" and "asye" are one setting.
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('cases_per_fte', 'double precision', (c) => c.notNull().check(sql`cases_per_fte >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('caseload_thresholds_pk', ['authority_code', 'role_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('caseload_thresholds').execute();
  await db.schema.dropTable('caseload_snapshots').execute();
}
