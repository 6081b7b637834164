import { sql } from 'kysely';
import type { VacancyRecord } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import type { UpsertCounts } from './workers.ts';

/**
 * Vacancy returns, keyed by (authority, reference_date, team). The council-wide row has no team:
 * it is stored as team '' (the key cannot hold null) and read back as null.
 */

/** Rows a statement (each statement sends four arrays, whatever its size). */
const CHUNK = 10_000;

type StoredVacancy = { reference_date: string; team: string; post_id: string; vacant_since: string | null; vacancy_fte: number; agency_cover_fte: number };

/** The one mapping between a stored row and the domain record (post fields only on post rows, as files without them are read). */
export function toVacancyRecord(row: StoredVacancy): VacancyRecord {
  const record: VacancyRecord = { referenceDate: row.reference_date, vacancyFte: row.vacancy_fte, agencyCoverFte: row.agency_cover_fte, team: row.team === '' ? null : row.team };
  return row.post_id === '' ? record : { ...record, postId: row.post_id, vacantSince: row.vacant_since };
}

export function toVacancyRow(authorityCode: string, v: VacancyRecord, importId: number | null) {
  return { authority_code: authorityCode, reference_date: v.referenceDate, team: v.team ?? '', post_id: v.postId ?? '', vacant_since: v.vacantSince ?? null, vacancy_fte: v.vacancyFte, agency_cover_fte: v.agencyCoverFte, import_id: importId };
}

const vacancyKey = (v: VacancyRecord) => `${v.referenceDate}\u0000${v.team ?? ''}\u0000${v.postId ?? ''}`;

/** Compares records with what the authority holds, writing nothing. */
export async function planVacancyUpsert(db: Db, authorityCode: string, records: readonly VacancyRecord[]): Promise<{ counts: UpsertCounts; changed: VacancyRecord[] }> {
  const existing = new Map<string, VacancyRecord>();
  for (const record of await vacanciesForAuthority(db, authorityCode)) existing.set(vacancyKey(record), record);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: VacancyRecord[] = [];
  for (const record of records) {
    const before = existing.get(vacancyKey(record));
    if (before && before.vacancyFte === record.vacancyFte && before.agencyCoverFte === record.agencyCoverFte && before.team === record.team && (before.vacantSince ?? null) === (record.vacantSince ?? null)) {
      counts.unchanged += 1;
      continue;
    }
    if (before) counts.updated += 1;
    else counts.inserted += 1;
    changed.push(record);
  }
  return { counts, changed };
}

/**
 * Inserts new rows, updates changed ones and leaves identical ones untouched; rows not given are
 * kept. One statement a chunk, the rows sent as one array per column (`unnest`), as upsertWorkers.
 */
export async function upsertVacancies(db: Db, authorityCode: string, records: readonly VacancyRecord[], importId: number | null): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < records.length; i += CHUNK) {
    const rows = records.slice(i, i + CHUNK).map((record) => toVacancyRow(authorityCode, record, importId));
    const result = await sql<{ inserted: number; updated: number }>`
      with written as (
        insert into vacancies (authority_code, reference_date, team, post_id, vacant_since, vacancy_fte, agency_cover_fte, import_id)
        select ${authorityCode}, reference_date, team, post_id, vacant_since, vacancy_fte, agency_cover_fte, ${importId}::integer
        from unnest(${rows.map((row) => row.reference_date)}::date[], ${rows.map((row) => row.team)}::text[],
                    ${rows.map((row) => row.post_id)}::text[], ${rows.map((row) => row.vacant_since)}::date[],
                    ${rows.map((row) => row.vacancy_fte)}::double precision[], ${rows.map((row) => row.agency_cover_fte)}::double precision[])
          as incoming(reference_date, team, post_id, vacant_since, vacancy_fte, agency_cover_fte)
        on conflict (authority_code, reference_date, team, post_id) do update
          set vacancy_fte = excluded.vacancy_fte, agency_cover_fte = excluded.agency_cover_fte, vacant_since = excluded.vacant_since, import_id = excluded.import_id, updated_at = now()
          where (vacancies.vacancy_fte, vacancies.agency_cover_fte, vacancies.vacant_since) is distinct from (excluded.vacancy_fte, excluded.agency_cover_fte, excluded.vacant_since)
        returning (xmax = 0) as inserted
      )
      select (count(*) filter (where inserted))::integer as inserted, (count(*) filter (where not inserted))::integer as updated from written`.execute(db);
    const written = result.rows[0]!;
    counts.inserted += written.inserted;
    counts.updated += written.updated;
    counts.unchanged += rows.length - written.inserted - written.updated;
  }
  return counts;
}

/** Every vacancy row the authority holds, by reference date then team (council-wide first). */
export async function vacanciesForAuthority(db: Db, authorityCode: string): Promise<VacancyRecord[]> {
  const rows = await db
    .selectFrom('vacancies')
    .select(['reference_date', 'team', 'post_id', 'vacant_since', 'vacancy_fte', 'agency_cover_fte'])
    .where('authority_code', '=', authorityCode)
    .orderBy('reference_date')
    .orderBy('team')
    .orderBy('post_id')
    .execute();
  return rows.map(toVacancyRecord);
}

/** Distinct teams named in the authority's vacancy rows. */
export async function vacancyTeamsForAuthority(db: Db, authorityCode: string): Promise<string[]> {
  const rows = await db.selectFrom('vacancies').select('team').distinct().where('authority_code', '=', authorityCode).where('team', '<>', '').orderBy('team').execute();
  return rows.map((row) => row.team);
}
