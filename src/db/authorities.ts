import type { Db } from './database.ts';
import type { AuthorityRow } from './schema.ts';
import { ambiguousAuthority, invalidInput, noAuthority, unknownAuthority } from '../errors.ts';

/** A council whose data the database holds. */
export interface Authority {
  code: string;
  name: string;
  newLaCode: string | null;
  oldLaCode: string | null;
  regionCode: string | null;
  regionName: string | null;
  neighbours: string[];
}

function toAuthority(row: AuthorityRow): Authority {
  return {
    code: row.code,
    name: row.name,
    newLaCode: row.new_la_code,
    oldLaCode: row.old_la_code,
    regionCode: row.region_code,
    regionName: row.region_name,
    neighbours: row.neighbours ?? [],
  };
}

/**
 * Creates the authority if it does not exist yet. Without a name the code stands in for it, which
 * loading benchmarks later replaces with the published name (see fillAuthorityDetails). A name
 * given for an existing authority replaces its name.
 */
export async function ensureAuthority(db: Db, code: string, name?: string): Promise<Authority> {
  const trimmed = code.trim();
  if (trimmed === '') throw invalidInput('An authority code cannot be empty');
  const newName = name?.trim() || undefined;
  await db
    .insertInto('authorities')
    .values({ code: trimmed, name: newName ?? trimmed })
    .onConflict((oc) => (newName ? oc.column('code').doUpdateSet({ name: newName }) : oc.column('code').doNothing()))
    .execute();
  return (await getAuthority(db, trimmed))!;
}

/**
 * As ensureAuthority without a name and without reading the rows back, for many codes (a batch's
 * councils: an import needs only that each exists), in two statements at most. Looked up first,
 * and only the missing inserted: an insert, even one that inserts nothing, runs the table's
 * data-version trigger, which costs more than the lookup when the councils already exist.
 */
export async function ensureAuthorityRows(db: Db, codes: readonly string[]): Promise<void> {
  const trimmed = [...new Set(codes.map((code) => code.trim()))];
  if (trimmed.some((code) => code === '')) throw new Error('An authority code cannot be empty');
  if (trimmed.length === 0) return;
  const held = new Set((await db.selectFrom('authorities').select('code').where('code', 'in', trimmed).execute()).map((row) => row.code));
  const missing = trimmed.filter((code) => !held.has(code));
  if (missing.length === 0) return;
  await db
    .insertInto('authorities')
    .values(missing.map((code) => ({ code, name: code })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function getAuthority(db: Db, code: string): Promise<Authority | undefined> {
  const row = await db.selectFrom('authorities').selectAll().where('code', '=', code.trim()).executeTakeFirst();
  return row && toAuthority(row);
}

export async function listAuthorities(db: Db): Promise<Authority[]> {
  const rows = await db.selectFrom('authorities').selectAll().orderBy('code').execute();
  return rows.map(toAuthority);
}

/**
 * The authority a command works on: the one named, or, when none is named, the only one in the
 * database (a single-council install need never type its code).
 */
export async function resolveAuthority(db: Db, code?: string | null): Promise<Authority> {
  if (code !== undefined && code !== null && code.trim() !== '') {
    const found = await getAuthority(db, code);
    if (!found) throw unknownAuthority(code.trim(), `No authority with code "${code.trim()}". Import a workers file for it first, or check the code.`);
    return found;
  }
  const all = await listAuthorities(db);
  if (all.length === 0) throw noAuthority('There is no authority in the database yet. Import a workers file with --authority CODE first.');
  if (all.length > 1) {
    throw ambiguousAuthority(
      all.map((a) => a.code),
      `The database holds several authorities (${all.map((a) => a.code).join(', ')}); say which with --authority CODE.`,
    );
  }
  return all[0]!;
}

/** Replaces an authority's statistical neighbours (LA codes, either form). */
export async function setNeighbours(db: Db, code: string, laCodes: readonly string[]): Promise<void> {
  const result = await db
    .updateTable('authorities')
    .set({ neighbours: [...laCodes] })
    .where('code', '=', code)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw unknownAuthority(code);
}

/** Sets an authority's region (for authorities with no published row to take it from, such as the demo council). */
export async function setAuthorityRegion(db: Db, code: string, regionCode: string | null, regionName: string | null): Promise<void> {
  const result = await db.updateTable('authorities').set({ region_code: regionCode, region_name: regionName }).where('code', '=', code).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw unknownAuthority(code);
}
