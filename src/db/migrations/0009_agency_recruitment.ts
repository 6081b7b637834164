import { sql, type Kysely } from 'kysely';

/**
 * Agency assignments, the region's price caps and recruitment applications
 * (shared/spec/retention-data.md sections 2 and 3). Rows are personal data: read by analysts and
 * admins; viewers get aggregates only (see src/reports/agency.ts and recruitment.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agency_assignments')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('worker_ref', 'text', (c) => c.notNull())
    .addColumn('swe_number', 'text')
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('team', 'text')
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('hourly_rate', 'double precision', (c) => c.notNull())
    .addColumn('hours_per_week', 'double precision', (c) => c.notNull())
    .addColumn('covering_vacancy', 'boolean')
    .addColumn('project_team', 'boolean')
    .addColumn('qualified_date', 'date')
    .addColumn('over_cap_approved', 'boolean')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('agency_assignments_pk', ['authority_code', 'assignment_id'])
    .execute();
  await db.schema.createIndex('agency_assignments_dates').on('agency_assignments').columns(['authority_code', 'start_date', 'end_date']).execute();

  await db.schema
    .createTable('agency_price_caps')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    // The role code, or the local role name as written; role_key folds it for the key.
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('role_code', 'text')
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('max_hourly_rate', 'double precision', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('agency_price_caps_pk', ['authority_code', 'role_key', 'effective_from'])
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('campaign', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('team', 'text')
    .addColumn('advert_date', 'date', (c) => c.notNull())
    .addColumn('applied_date', 'date', (c) => c.notNull())
    .addColumn('stage_reached', 'text', (c) => c.notNull())
    .addColumn('offer_date', 'date')
    .addColumn('offer_outcome', 'text')
    .addColumn('accepted_date', 'date')
    .addColumn('start_date', 'date')
    .addColumn('withdrawn', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('withdrawal_reason', 'text')
    .addColumn('source', 'text')
    .addColumn('route', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('applications_pk', ['authority_code', 'application_id'])
    .execute();
  await db.schema.createIndex('applications_applied').on('applications').columns(['authority_code', 'applied_date']).execute();

  // Vacancy age (issue 12 item 3): a vacancy row may name a post and the date it fell vacant.
  // post_id joins the key ('' when the row is not per post), so old files keep their keys.
  await db.schema
    .alterTable('vacancies')
    .addColumn('post_id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('vacancies').addColumn('vacant_since', 'date').execute();
  await sql`alter table vacancies drop constraint vacancies_pk`.execute(db);
  await sql`alter table vacancies add constraint vacancies_pk primary key (authority_code, reference_date, team, post_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table vacancies drop constraint vacancies_pk`.execute(db);
  await db.schema.alterTable('vacancies').dropColumn('vacant_since').execute();
  await db.schema.alterTable('vacancies').dropColumn('post_id').execute();
  await sql`alter table vacancies add constraint vacancies_pk primary key (authority_code, reference_date, team)`.execute(db);
  for (const table of ['applications', 'agency_price_caps', 'agency_assignments']) await db.schema.dropTable(table).execute();
}
