import { sql, type Kysely } from 'kysely';

/**
 * A worker's history between imports (issue 10 item 6). The register keeps one row per post, the
 * latest; when an import changes a post row, the row as it stood is kept here first, in the same
 * statement as the change (src/db/bulk-upsert.ts): its values, the import that had written them
 * (`previous_import_id`, `previous_updated_at`), the import that changed them (`import_id`) and
 * which columns changed. Only changes are kept: a re-import that changes nothing writes nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('worker_history')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('swe_number', 'text')
    .addColumn('agency', 'boolean', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('team', 'text')
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('fte', 'double precision', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('leaving_reason', 'text')
    .addColumn('leaver_destination', 'text')
    .addColumn('start_origin', 'text')
    .addColumn('cases', 'integer')
    .addColumn('working_days_lost', 'double precision')
    .addColumn('date_of_birth', 'date')
    .addColumn('gender', 'text')
    .addColumn('ethnicity', 'text')
    .addColumn('salary', 'double precision')
    .addColumn('grade', 'text')
    .addColumn('qualified_date', 'date')
    .addColumn('recruitment_payment', 'double precision')
    .addColumn('retention_payment', 'double precision')
    .addColumn('previous_import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('previous_updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('changed_fields', sql`text[]`, (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('worker_history_worker').on('worker_history').columns(['authority_code', 'worker_id', 'start_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('worker_history').execute();
}
