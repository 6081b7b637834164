import { sql, type Kysely } from 'kysely';

/**
 * Pay against the market and invest-to-save scenarios (issue 14; retention-data.md section 6).
 *
 * - `pay_scales`: our own and comparators' scales. `scale_authority` is the `authority` column as
 *   written (a council code or a comparator's name); the key folds it (`scale_authority_key`, lower
 *   case) and the role as written (`role_key`, see domain/roles.ts roleKey), so re-importing updates.
 * - `pay_supplements`: market supplements per role, keyed by (role, from).
 * - `pay_scenarios`: a saved scenario is its definition (the scenario file's JSON) and a name; the
 *   figures are always computed again from it, so they follow the council's data. It may be attached
 *   to one scrutiny recommendation.
 * - workers: DfE's 2025 census collects recruitment and retention payments per worker (pounds, in
 *   the census year).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pay_scales')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('scale_authority', 'text', (c) => c.notNull())
    .addColumn('scale_authority_key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('min_salary', 'double precision', (c) => c.notNull())
    .addColumn('max_salary', 'double precision', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pay_scales_pk', ['authority_code', 'scale_authority_key', 'role_key', 'grade', 'effective_from'])
    .execute();

  await db.schema
    .createTable('pay_supplements')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('amount_per_year', 'double precision', (c) => c.notNull())
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('to_date', 'date')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pay_supplements_pk', ['authority_code', 'role_key', 'from_date'])
    .execute();

  await db.schema
    .createTable('pay_scenarios')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('recommendation_id', 'integer', (c) => c.references('review_recommendations.id').onDelete('set null'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pay_scenarios_name', ['authority_code', 'name'])
    .execute();

  await db.schema.alterTable('workers').addColumn('recruitment_payment', 'double precision').execute();
  await db.schema.alterTable('workers').addColumn('retention_payment', 'double precision').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workers').dropColumn('retention_payment').execute();
  await db.schema.alterTable('workers').dropColumn('recruitment_payment').execute();
  for (const table of ['pay_scenarios', 'pay_supplements', 'pay_scales']) await db.schema.dropTable(table).execute();
}
