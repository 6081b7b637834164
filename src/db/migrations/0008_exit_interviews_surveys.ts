import { sql, type Kysely } from 'kysely';

/**
 * Why people leave and what would keep them (issue 11): exit interviews (keyed as the retention
 * contract says, by worker and leaving date), one-use links for a leaver to answer their own,
 * per-council settings (the exit-interview rate target, the smallest survey group shown), and
 * surveys with their invitations and responses.
 *
 * Anonymity by design: an invitation records only that it was used, never when or by which
 * response, and a response records the day it came in, not the time, so the two cannot be joined.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exit_interviews')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('leaving_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('completed', 'declined', 'not_offered')`))
    .addColumn('interview_date', 'date')
    .addColumn('channel', 'text')
    .addColumn('primary_reason', 'text')
    .addColumn('other_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('regrettable', 'boolean')
    .addColumn('would_return', 'text')
    .addColumn('counter_offer', 'boolean')
    .addColumn('comments', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('recorded_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('exit_interviews_pk', ['authority_code', 'worker_id', 'leaving_date'])
    .execute();

  await db.schema
    .createTable('exit_interview_links')
    // SHA-256 (hex) of the token in the link; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('leaving_date', 'date', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('exit_interview_links_leaving').on('exit_interview_links').columns(['authority_code', 'worker_id', 'leaving_date']).execute();

  await db.schema
    .createTable('retention_settings')
    .addColumn('authority_code', 'text', (c) => c.primaryKey().references('authorities.code').onDelete('cascade'))
    .addColumn('exit_interview_rate_target', 'double precision')
    .addColumn('survey_min_group_size', 'integer', (c) => c.check(sql`survey_min_group_size >= 5`))
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template', 'text')
    .addColumn('questions', 'jsonb', (c) => c.notNull())
    .addColumn('opens_on', 'date')
    .addColumn('closes_on', 'date')
    .addColumn('previous_survey_id', 'integer')
    .addColumn('comparators', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('link_token_hash', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('surveys_authority_id', ['authority_code', 'id'])
    .execute();
  await sql`create unique index surveys_link on surveys (link_token_hash) where link_token_hash is not null`.execute(db);

  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'integer', (c) => c.notNull())
    .addColumn('invitee', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('used', 'boolean', (c) => c.notNull().defaultTo(false))
    .addForeignKeyConstraint('survey_invitations_survey', ['authority_code', 'survey_id'], 'surveys', ['authority_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'paper')`))
    .addColumn('team', 'text')
    .addColumn('role', 'text')
    .addColumn('experience_band', 'text')
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addForeignKeyConstraint('survey_responses_survey', ['authority_code', 'survey_id'], 'surveys', ['authority_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('survey_responses_survey').on('survey_responses').columns(['authority_code', 'survey_id']).execute();

  // Web uploads of the new file kinds: the kind list now lives in the code (ImportKind), not a check.
  await sql`alter table pending_uploads drop constraint if exists pending_uploads_kind_check`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['survey_responses', 'survey_invitations', 'surveys', 'retention_settings', 'exit_interview_links', 'exit_interviews']) {
    await db.schema.dropTable(table).execute();
  }
}
