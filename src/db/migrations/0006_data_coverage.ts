import { sql, type Kysely } from 'kysely';

/**
 * How far a council's data runs, when an analyst states it ("data runs to"): one row per council.
 * Without a row the date is read from the council's records (src/domain/coverage.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_coverage')
    .addColumn('authority_code', 'text', (c) => c.primaryKey().references('authorities.code').onDelete('cascade'))
    .addColumn('runs_to', 'text', (c) => c.notNull().check(sql`runs_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('stated_by', 'text')
    .addColumn('stated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_coverage').execute();
}
