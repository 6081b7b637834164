import { sql, type Kysely } from 'kysely';

/**
 * Scrutiny reviews (issue 4). Every table carries `authority_code`, and child rows point at their
 * review by (authority_code, review_id), so a meeting, action or pack can never belong to one
 * council's review while being filed under another's. The scoping document, minutes and a pack's
 * frozen contents are JSON documents: they are read and written whole, never queried inside.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('recommendations_agreed_on', 'date')
    .addColumn('contact_officer', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('reviews_authority_id', ['authority_code', 'id'])
    .execute();

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('authority_code', 'text', (c) => c.notNull())
      .addColumn('review_id', 'integer', (c) => c.notNull())
      .addForeignKeyConstraint(`${name}_review`, ['authority_code', 'review_id'], 'reviews', ['authority_code', 'id'], (fk) => fk.onDelete('cascade'));

  await child('review_meetings')
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('meeting_date', 'date', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('information_required', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('officers_attending', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('minutes', 'jsonb')
    .addUniqueConstraint('review_meetings_number', ['review_id', 'number'])
    .execute();

  await child('review_actions')
    .addColumn('meeting_id', 'integer', (c) => c.references('review_meetings.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'in_progress', 'done')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('review_actions_due').on('review_actions').columns(['authority_code', 'status', 'due_date']).execute();

  // A pack is written once, when issued, and never updated: later imports cannot change what a committee was given.
  await child('review_packs')
    .addColumn('meeting_id', 'integer', (c) => c.references('review_meetings.id').onDelete('set null'))
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('census_year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await child('review_evidence')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('document', 'focus_group', 'other_council_policy', 'survey', 'other')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('bytes', 'bytea')
    .addColumn('checksum_sha256', 'text')
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await child('review_findings')
    .addColumn('rule_id', 'text')
    .addColumn('swot', 'text', (c) => c.notNull().check(sql`swot in ('strength', 'weakness', 'opportunity', 'threat')`))
    .addColumn('statement', 'text', (c) => c.notNull())
    // The rule's own words, kept when an officer edits the statement, so proposing again knows it.
    .addColumn('proposed_statement', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed').check(sql`status in ('proposed', 'accepted', 'rejected')`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  // Proposing again does not repeat a rule's finding that an officer has already seen, edited or rejected.
  await sql`create unique index review_findings_rule on review_findings (review_id, rule_id, proposed_statement) where rule_id is not null`.execute(db);

  await child('review_recommendations')
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('addressed_to', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull().defaultTo('awaiting').check(sql`response in ('awaiting', 'accepted', 'partly_accepted', 'rejected')`))
    .addColumn('response_reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision_date', 'date')
    .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('financial_implications', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('investment_per_year', 'numeric')
    .addColumn('implementation_status', 'text', (c) => c.notNull().defaultTo('not_started').check(sql`implementation_status in ('not_started', 'in_progress', 'implemented', 'not_implemented')`))
    .addColumn('updates', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('progress_review_date', 'date')
    .addUniqueConstraint('review_recommendations_number', ['review_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['review_recommendations', 'review_findings', 'review_evidence', 'review_packs', 'review_actions', 'review_meetings', 'reviews']) {
    await db.schema.dropTable(table).execute();
  }
}
