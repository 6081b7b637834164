import { sql } from 'kysely';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';

/**
 * What says how far a council's data runs (src/domain/coverage.ts decides from them): the date an
 * analyst stated, the latest date in its rows and the day of its latest import.
 */

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

/**
 * What coverage is decided from, in one statement: the stated date, the latest start, end or
 * vacancy return date in the council's rows, and the day of its latest import.
 */
export async function coverageEvidence(db: Db, authorityCode: string): Promise<{ stated: IsoDate | null; latestRecordDate: IsoDate | null; lastImportedOn: IsoDate | null }> {
  const { rows } = await sql<{ stated: string | null; starts: string | null; ends: string | null; returns: string | null; imported_on: string | null }>`
    select (select runs_to from data_coverage where authority_code = ${authorityCode}) as stated,
      (select max(start_date) from workers where authority_code = ${authorityCode}) as starts,
      (select max(end_date) from workers where authority_code = ${authorityCode}) as ends,
      (select max(reference_date) from vacancies where authority_code = ${authorityCode}) as returns,
      (select max(imported_at)::date::text from imports where authority_code = ${authorityCode}) as imported_on`.execute(db);
  const row = rows[0]!;
  const day = (value: string | null) => (value === null ? null : String(value).slice(0, 10));
  const dates = [row.starts, row.ends, row.returns].map(day).filter((date): date is string => date !== null);
  return {
    stated: day(row.stated),
    latestRecordDate: dates.length > 0 ? dates.reduce((max, date) => (date > max ? date : max)) : null,
    lastImportedOn: day(row.imported_on),
  };
}
