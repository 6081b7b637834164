import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * A council's settings chosen in the browser (issue 10) and the reference lists they choose from:
 * DfE's statistical neighbour models, the column mapping saved for its HR files, and the words its
 * HR system uses for leaving reasons, origins and destinations.
 */

// ---------------------------------------------------------------------------------------------
// DfE statistical neighbour models

export interface NeighbourModelRow {
  model: string;
  laCode: string;
  laName: string;
  region: string;
  rank: number;
  neighbourCode: string;
  proximity: string;
}

/** How many rows a model holds (0 when not loaded). */
export async function neighbourModelSize(db: Db, model: string): Promise<number> {
  const row = await db
    .selectFrom('statistical_neighbours')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('model', '=', model)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces a model's rows with these, in one transaction. */
export async function replaceNeighbourModel(db: Db, model: string, rows: readonly NeighbourModelRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('retain.statistical_neighbours'))`.execute(trx);
    await trx.deleteFrom('statistical_neighbours').where('model', '=', model).execute();
    for (let start = 0; start < rows.length; start += 500) {
      await trx
        .insertInto('statistical_neighbours')
        .values(
          rows.slice(start, start + 500).map((row) => ({
            model,
            la_code: row.laCode,
            la_name: row.laName,
            region: row.region,
            rank: row.rank,
            neighbour_code: row.neighbourCode,
            proximity: row.proximity,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/** One council's list in a model, nearest first; empty when the model does not list that code. */
export async function neighbourList(db: Db, model: string, laCode: string): Promise<NeighbourModelRow[]> {
  const rows = await db.selectFrom('statistical_neighbours').selectAll().where('model', '=', model).where('la_code', '=', laCode.trim()).orderBy('rank').execute();
  return rows.map((row) => ({ model: row.model, laCode: row.la_code, laName: row.la_name, region: row.region, rank: row.rank, neighbourCode: row.neighbour_code, proximity: row.proximity }));
}

/** The councils a model lists (code, name, region), by name: the choices for a neighbour basis. */
export async function neighbourModelCouncils(db: Db, model: string): Promise<Array<{ code: string; name: string; region: string }>> {
  const rows = await db.selectFrom('statistical_neighbours').select(['la_code', 'la_name', 'region']).distinct().where('model', '=', model).orderBy('la_name').execute();
  return rows.map((row) => ({ code: row.la_code, name: row.la_name, region: row.region }));
}

// ---------------------------------------------------------------------------------------------
// A council's settings

export interface AuthoritySettings {
  authorityCode: string;
  /** '2021' or '2025'; null when never chosen (2025 is used). */
  neighbourModel: string | null;
  /** The LA code whose DfE list the council uses; null means its own. */
  neighbourBasis: string | null;
  neighboursEdited: boolean;
  thresholds: { turnover_rate_fte: number | null; vacancy_rate_fte: number | null; caseload_fte: number | null };
}

export async function getSettings(db: Db, authorityCode: string): Promise<AuthoritySettings> {
  const row = await db.selectFrom('authority_settings').selectAll().where('authority_code', '=', authorityCode).executeTakeFirst();
  return {
    authorityCode,
    neighbourModel: row?.neighbour_model ?? null,
    neighbourBasis: row?.neighbour_basis ?? null,
    neighboursEdited: row?.neighbours_edited ?? false,
    thresholds: {
      turnover_rate_fte: numberOrNull(row?.at_risk_turnover),
      vacancy_rate_fte: numberOrNull(row?.at_risk_vacancy),
      caseload_fte: numberOrNull(row?.at_risk_caseload),
    },
  };
}

function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export interface SettingsChange {
  neighbourModel?: string | null;
  neighbourBasis?: string | null;
  neighboursEdited?: boolean;
  thresholds?: AuthoritySettings['thresholds'];
}

/** Writes the parts given, creating the council's settings row when it has none. */
export async function saveSettings(db: Db, authorityCode: string, change: SettingsChange): Promise<void> {
  const values = {
    ...(change.neighbourModel !== undefined ? { neighbour_model: change.neighbourModel } : {}),
    ...(change.neighbourBasis !== undefined ? { neighbour_basis: change.neighbourBasis } : {}),
    ...(change.neighboursEdited !== undefined ? { neighbours_edited: change.neighboursEdited } : {}),
    ...(change.thresholds ? { at_risk_turnover: change.thresholds.turnover_rate_fte, at_risk_vacancy: change.thresholds.vacancy_rate_fte, at_risk_caseload: change.thresholds.caseload_fte } : {}),
  };
  await db
    .insertInto('authority_settings')
    .values({ authority_code: authorityCode, ...values })
    .onConflict((oc) => oc.column('authority_code').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Column mapping for HR files

/** headerKey(column) -> contract field ('' to ignore), as the council chose for this kind of file. */
export async function getColumnMap(db: Db, authorityCode: string, kind: string): Promise<Map<string, string>> {
  return (await getColumnMaps(db, [authorityCode], kind)).get(columnMapKey(authorityCode, kind)) ?? new Map();
}

/** Several authorities' saved columns in one statement (a batch of imports), of every kind or one: `${authority code} ${kind}` -> the map getColumnMap gives. */
export async function getColumnMaps(db: Db, authorityCodes: readonly string[], kind?: string): Promise<Map<string, Map<string, string>>> {
  const maps = new Map<string, Map<string, string>>();
  if (authorityCodes.length === 0) return maps;
  const rows = await db
    .selectFrom('import_column_maps')
    .select(['authority_code', 'kind', 'header_key', 'field'])
    .where('authority_code', 'in', authorityCodes)
    .$if(kind !== undefined, (query) => query.where('kind', '=', kind!))
    .execute();
  for (const row of rows) {
    const key = columnMapKey(row.authority_code, row.kind);
    let map = maps.get(key);
    if (!map) maps.set(key, (map = new Map()));
    map.set(row.header_key, row.field);
  }
  return maps;
}

export function columnMapKey(authorityCode: string, kind: string): string {
  return `${authorityCode} ${kind}`;
}

export async function listColumnMap(db: Db, authorityCode: string, kind: string): Promise<Array<{ header: string; field: string }>> {
  return db.selectFrom('import_column_maps').select(['header', 'field']).where('authority_code', '=', authorityCode).where('kind', '=', kind).orderBy('header').execute();
}

/** Adds or replaces one entry per column. */
export async function saveColumnMap(db: Db, authorityCode: string, kind: string, entries: ReadonlyArray<{ headerKey: string; header: string; field: string }>): Promise<void> {
  for (const entry of entries) {
    await db
      .insertInto('import_column_maps')
      .values({ authority_code: authorityCode, kind, header_key: entry.headerKey, header: entry.header, field: entry.field })
      .onConflict((oc) => oc.columns(['authority_code', 'kind', 'header_key']).doUpdateSet({ header: entry.header, field: entry.field }))
      .execute();
  }
}

export async function clearColumnMap(db: Db, authorityCode: string, kind: string): Promise<void> {
  await db.deleteFrom('import_column_maps').where('authority_code', '=', authorityCode).where('kind', '=', kind).execute();
}

// ---------------------------------------------------------------------------------------------
// Words for codes

export type CodeList = 'leaving_reason' | 'start_origin' | 'leaver_destination';

export interface CodeWord {
  list: CodeList;
  word: string;
  code: string;
}

export async function listCodeWords(db: Db, authorityCode: string): Promise<CodeWord[]> {
  return (await listCodeWordsOf(db, [authorityCode])).get(authorityCode)!;
}

/** Several authorities' code words in one statement (a batch of imports): authority code -> its words, by list and word. */
export async function listCodeWordsOf(db: Db, authorityCodes: readonly string[]): Promise<Map<string, CodeWord[]>> {
  const words = new Map(authorityCodes.map((code) => [code, [] as CodeWord[]]));
  if (authorityCodes.length === 0) return words;
  const rows = await db.selectFrom('code_words').select(['authority_code', 'list', 'word', 'code']).where('authority_code', 'in', authorityCodes).orderBy('list').orderBy('word_key').execute();
  for (const row of rows) words.get(row.authority_code)?.push({ list: row.list, word: row.word, code: row.code });
  return words;
}

export async function setCodeWord(db: Db, authorityCode: string, word: CodeWord & { wordKey: string }): Promise<void> {
  await db
    .insertInto('code_words')
    .values({ authority_code: authorityCode, list: word.list, word_key: word.wordKey, word: word.word, code: word.code })
    .onConflict((oc) => oc.columns(['authority_code', 'list', 'word_key']).doUpdateSet({ word: word.word, code: word.code }))
    .execute();
}

export async function removeCodeWord(db: Db, authorityCode: string, list: CodeList, wordKey: string): Promise<boolean> {
  const result = await db.deleteFrom('code_words').where('authority_code', '=', authorityCode).where('list', '=', list).where('word_key', '=', wordKey).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
