import type { VacancyRecord } from '../domain/workforce.ts';
import { bulkUpsert, prepareFirstLoad, type BulkTable, type UpsertCounts } from './bulk-upsert.ts';
import type { Db } from './database.ts';

/**
 * Vacancy returns, keyed by (authority, reference_date, team). The council-wide row has no team:
 * it is stored as team '' (the key cannot hold null) and read back as null.
 */

type StoredVacancy = { reference_date: string; team: string; post_id: string; vacant_since: string | null; vacancy_fte: number; agency_cover_fte: number };

/** The one mapping between a stored row and the domain record (post fields only on post rows, as files without them are read). */
export function toVacancyRecord(row: StoredVacancy): VacancyRecord {
  const record: VacancyRecord = { referenceDate: row.reference_date, vacancyFte: row.vacancy_fte, agencyCoverFte: row.agency_cover_fte, team: row.team === '' ? null : row.team };
  return row.post_id === '' ? record : { ...record, postId: row.post_id, vacantSince: row.vacant_since };
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
    if (
      before &&
      before.vacancyFte === record.vacancyFte &&
      before.agencyCoverFte === record.agencyCoverFte &&
      before.team === record.team &&
      (before.vacantSince ?? null) === (record.vacantSince ?? null)
    ) {
      counts.unchanged += 1;
      continue;
    }
    if (before) counts.updated += 1;
    else counts.inserted += 1;
    changed.push(record);
  }
  return { counts, changed };
}

/** How imports write vacancy rows (the key's team and post are '' when the row has none). */
const VACANCIES_TABLE: BulkTable<VacancyRecord> = {
  table: 'vacancies',
  key: ['reference_date', 'team', 'post_id'],
  columns: [
    { name: 'reference_date', type: 'date', value: (v) => v.referenceDate },
    { name: 'team', type: 'text', value: (v) => v.team ?? '' },
    { name: 'post_id', type: 'text', value: (v) => v.postId ?? '' },
    { name: 'vacant_since', type: 'date', value: (v) => v.vacantSince ?? null },
    { name: 'vacancy_fte', type: 'double precision', value: (v) => v.vacancyFte },
    { name: 'agency_cover_fte', type: 'double precision', value: (v) => v.agencyCoverFte },
  ],
};

/** A council's first load of these records, its COPY text made now to be sent when they are written (bulk-upsert.ts prepareFirstLoad). */
export function prepareVacanciesFirstLoad(authorityCode: string, records: readonly VacancyRecord[], importId: number): void {
  prepareFirstLoad(VACANCIES_TABLE, authorityCode, records, importId);
}

/**
 * Inserts new rows, updates changed ones and leaves identical ones untouched; rows not given are
 * kept. One statement a chunk, as upsertWorkers (see bulk-upsert.ts).
 */
export function upsertVacancies(db: Db, authorityCode: string, records: readonly VacancyRecord[], importId: number | null, held?: boolean): Promise<UpsertCounts> {
  return bulkUpsert(db, VACANCIES_TABLE, authorityCode, records, importId, undefined, held);
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
