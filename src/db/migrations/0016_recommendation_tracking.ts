import { sql, type Kysely } from 'kysely';

/**
 * Recommendations tracked to the end (issue 15).
 * - `scrutiny_settings`: a council's reference prefix and how many months the executive has to respond.
 * - reviews: the committee's own prefix (else the council's), the day the report went to the
 *   executive (the response clock runs from it), the 6- and 12-month reviews held with the
 *   committee's conclusions, and publication.
 * - recommendations: a reference ("CYP 2025/26-03") kept as its parts, so the next number is a
 *   max() and a tracker file's reference finds its row; the decision reference; the lead officer's
 *   email (for the reminder digest); progress as councils report it, with the original target date
 *   kept when it slips; responses may be "noted".
 * - actions may sit under a recommendation; evidence packs may be marked superseded (never changed).
 * Existing recommendations get references now: prefix SCR, the municipal year of their review's
 * reporting date (else the day the review was started), numbered in the order they were made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scrutiny_settings')
    .addColumn('authority_code', 'text', (c) => c.primaryKey().references('authorities.code').onDelete('cascade'))
    .addColumn('reference_prefix', 'text', (c) => c.notNull().defaultTo('SCR'))
    .addColumn('response_months', 'integer', (c) => c.notNull().defaultTo(2).check(sql`response_months between 1 and 12`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('reviews')
    .addColumn('reference_prefix', 'text')
    .addColumn('sent_to_executive_on', 'date')
    .addColumn('six_month_held_on', 'date')
    .addColumn('six_month_conclusion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('twelve_month_held_on', 'date')
    .addColumn('twelve_month_conclusion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'text')
    .execute();

  await db.schema
    .alterTable('review_recommendations')
    .addColumn('reference_prefix', 'text')
    .addColumn('municipal_year', 'integer')
    .addColumn('reference_number', 'integer')
    .addColumn('decision_reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_officer_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('progress_status', 'text', (c) => c.check(sql`progress_status in ('achieved', 'on_track', 'slipped', 'not_achieved', 'no_longer_monitored')`))
    .addColumn('target_date', 'date')
    .addColumn('revised_date', 'date')
    .addColumn('slip_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // 0004 named its check after the column, as PostgreSQL does for an unnamed column check.
  await sql`alter table review_recommendations drop constraint if exists review_recommendations_response_check`.execute(db);
  await sql`alter table review_recommendations add constraint review_recommendations_response_check check (response in ('awaiting', 'accepted', 'partly_accepted', 'rejected', 'noted'))`.execute(db);

  await sql`
    with made as (
      select c.id,
        extract(year from (coalesce((r.scope->>'reportingDate')::date, r.created_at::date) - interval '3 months'))::int as municipal_year,
        r.created_at, r.id as review_id, c.number, c.authority_code
      from review_recommendations c
      join reviews r on r.authority_code = c.authority_code and r.id = c.review_id
    ), numbered as (
      select id, municipal_year,
        row_number() over (partition by authority_code, municipal_year order by created_at, review_id, number) as reference_number
      from made
    )
    update review_recommendations c
    set reference_prefix = 'SCR', municipal_year = numbered.municipal_year, reference_number = numbered.reference_number
    from numbered where numbered.id = c.id`.execute(db);
  for (const column of ['reference_prefix', 'municipal_year', 'reference_number']) {
    await sql`alter table review_recommendations alter column ${sql.ref(column)} set not null`.execute(db);
  }
  await db.schema.createIndex('review_recommendations_reference').unique().on('review_recommendations').columns(['authority_code', 'reference_prefix', 'municipal_year', 'reference_number']).execute();

  // Every new recommendation is given its reference as it is written, whichever path writes it (a
  // command, the demo, a test): the next number under its prefix in its municipal year, the rule of
  // nextReference in src/domain/recommendation-tracking.ts (a test holds the two equal). The year is
  // that of the review's reporting date, else today (UTC); April starts the municipal year. The lock
  // makes two recommendations added at once take numbers one after the other.
  await sql`
    create function retain_recommendation_reference() returns trigger language plpgsql as $$
    declare
      made date;
      own_prefix text;
    begin
      if new.reference_prefix is not null and new.municipal_year is not null and new.reference_number is not null then
        return new;
      end if;
      select coalesce(r.reference_prefix, s.reference_prefix, 'SCR'), coalesce((r.scope->>'reportingDate')::date, (now() at time zone 'UTC')::date)
        into own_prefix, made
        from reviews r left join scrutiny_settings s on s.authority_code = r.authority_code
        where r.authority_code = new.authority_code and r.id = new.review_id;
      new.reference_prefix := coalesce(new.reference_prefix, own_prefix, 'SCR');
      new.municipal_year := coalesce(new.municipal_year, extract(year from (coalesce(made, (now() at time zone 'UTC')::date) - interval '3 months'))::int);
      perform pg_advisory_xact_lock(hashtext('retain.recommendation_reference.' || new.authority_code));
      select coalesce(max(reference_number), 0) + 1 into new.reference_number
        from review_recommendations
        where authority_code = new.authority_code and reference_prefix = new.reference_prefix and municipal_year = new.municipal_year;
      return new;
    end
    $$`.execute(db);
  await sql`create trigger review_recommendations_reference before insert on review_recommendations for each row execute function retain_recommendation_reference()`.execute(db);

  await db.schema
    .alterTable('review_actions')
    .addColumn('recommendation_id', 'integer', (c) => c.references('review_recommendations.id').onDelete('set null'))
    .execute();

  await db.schema
    .alterTable('review_packs')
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('superseded_by', 'text')
    .addColumn('superseded_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table review_packs drop column superseded_at, drop column superseded_by, drop column superseded_reason`.execute(db);
  await sql`alter table review_actions drop column recommendation_id`.execute(db);
  await sql`drop trigger review_recommendations_reference on review_recommendations`.execute(db);
  await sql`drop function retain_recommendation_reference()`.execute(db);
  await db.schema.dropIndex('review_recommendations_reference').execute();
  await sql`update review_recommendations set response = 'awaiting' where response = 'noted'`.execute(db);
  await sql`alter table review_recommendations drop constraint review_recommendations_response_check`.execute(db);
  await sql`alter table review_recommendations add constraint review_recommendations_response_check check (response in ('awaiting', 'accepted', 'partly_accepted', 'rejected'))`.execute(db);
  await sql`alter table review_recommendations
    drop column reference_prefix, drop column municipal_year, drop column reference_number, drop column decision_reference,
    drop column lead_officer_email, drop column progress_status, drop column target_date, drop column revised_date, drop column slip_reason`.execute(db);
  await sql`alter table reviews
    drop column reference_prefix, drop column sent_to_executive_on, drop column six_month_held_on, drop column six_month_conclusion,
    drop column twelve_month_held_on, drop column twelve_month_conclusion, drop column published_at, drop column published_by`.execute(db);
  await db.schema.dropTable('scrutiny_settings').execute();
}
