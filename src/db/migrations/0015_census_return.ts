import { sql, type Kysely } from 'kysely';

/**
 * The census return's council-level answers: items DfE's return asks for that no file Retain reads
 * holds (the headcount of agency workers covering vacancies; from 2025 the eight recruitment and
 * retention incentive flags and other allowances), given by the council once per census year.
 * One row per item, keyed by element name, the value as it goes in the file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('census_return_answers')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('census_year', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('census_return_answers_pk', ['authority_code', 'census_year', 'item'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('census_return_answers').execute();
}
