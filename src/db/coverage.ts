import { sql } from 'kysely';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';

/**
 * What says how far a council's data runs (src/domain/coverage.ts decides from them): the date an
 * analyst stated, the latest date in its rows and the day of its latest import.
 */

export async function statedDataRunsTo(db: Db, authorityCode: string): Promise<IsoDate | null> {
  const row = await db.selectFrom('data_coverage').select('runs_to').where('authority_code', '=', authorityCode).executeTakeFirst();
  return row?.runs_to ?? null;
}

/** Records (or replaces) the date the analyst says the council's data runs to; null forgets it. */
export async function setStatedDataRunsTo(db: Db, authorityCode: string, runsTo: IsoDate | null, statedBy: string | null): Promise<void> {
  if (runsTo === null) {
    await db.deleteFrom('data_coverage').where('authority_code', '=', authorityCode).execute();
    return;
  }
  await db
    .insertInto('data_coverage')
    .values({ authority_code: authorityCode, runs_to: runsTo, stated_by: statedBy })
    .onConflict((oc) => oc.column('authority_code').doUpdateSet({ runs_to: runsTo, stated_by: statedBy, stated_at: new Date() }))
    .execute();
}

/** The latest start, end and vacancy return date in the council's rows, and the day of its latest import. */
export async function coverageDates(db: Db, authorityCode: string): Promise<{ latestRecordDate: IsoDate | null; lastImportedOn: IsoDate | null }> {
  const [workers, vacancies, imports] = await Promise.all([
    db
      .selectFrom('workers')
      .select([sql<string | null>`max(start_date)`.as('starts'), sql<string | null>`max(end_date)`.as('ends')])
      .where('authority_code', '=', authorityCode)
      .executeTakeFirstOrThrow(),
    db.selectFrom('vacancies').select(sql<string | null>`max(reference_date)`.as('returns')).where('authority_code', '=', authorityCode).executeTakeFirstOrThrow(),
    db.selectFrom('imports').select(sql<string | null>`max(imported_at)::date::text`.as('on')).where('authority_code', '=', authorityCode).executeTakeFirstOrThrow(),
  ]);
  const dates = [workers.starts, workers.ends, vacancies.returns].filter((date): date is string => date !== null).map((date) => String(date).slice(0, 10));
  return {
    latestRecordDate: dates.length > 0 ? dates.reduce((max, date) => (date > max ? date : max)) : null,
    lastImportedOn: imports.on === null ? null : String(imports.on).slice(0, 10),
  };
}
