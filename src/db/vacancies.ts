import { sql } from 'kysely';
import type { VacancyRecord } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import type { UpsertCounts } from './workers.ts';

/**
 * Vacancy returns, keyed by (authority, reference_date, team). The council-wide row has no team:
 * it is stored as team '' (the key cannot hold null) and read back as null.
 */

const CHUNK = 2000;

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

/** Inserts new rows, updates changed ones and leaves identical ones untouched; rows not given are kept. */
export async function upsertVacancies(db: Db, authorityCode: string, records: readonly VacancyRecord[], importId: number | null): Promise<UpsertCounts> {
  const { counts, changed } = await planVacancyUpsert(db, authorityCode, records);
  const toWrite = changed.map((record) => toVacancyRow(authorityCode, record, importId));
  for (let i = 0; i < toWrite.length; i += CHUNK) {
    await db
      .insertInto('vacancies')
      .values(toWrite.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['authority_code', 'reference_date', 'team', 'post_id']).doUpdateSet((eb) => ({
          vacancy_fte: eb.ref('excluded.vacancy_fte'),
          agency_cover_fte: eb.ref('excluded.agency_cover_fte'),
          vacant_since: eb.ref('excluded.vacant_since'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
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
