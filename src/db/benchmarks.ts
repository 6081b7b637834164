import { sql } from 'kysely';
import { normaliseLaCode, type PublishedRow, type StoredPublishedRow } from '../domain/benchmarks.ts';
import type { Db } from './database.ts';
import type { BenchmarkRow } from './schema.ts';
import { invalidInput } from '../errors.ts';
import { inTransaction } from './transaction.ts';

/**
 * DfE's published CSWW releases and their rows. A release is one imported file; when several
 * releases publish the same year, the most recently imported one answers for that year.
 */

export interface BenchmarkRelease {
  id: number;
  fileName: string;
  checksumSha256: string;
  rowCount: number;
  firstYear: number;
  lastYear: number;
  importedAt: Date;
}

export interface NewRelease {
  fileName: string;
  checksumSha256: string;
  rows: readonly PublishedRow[];
}

/** Rows per insert statement: 10 parameters a row keeps each statement well under PostgreSQL's limit. */
const CHUNK = 500;

function toRelease(row: { id: number; file_name: string; checksum_sha256: string; row_count: number; first_year: number; last_year: number; imported_at: Date }): BenchmarkRelease {
  return {
    id: row.id,
    fileName: row.file_name,
    checksumSha256: row.checksum_sha256,
    rowCount: row.row_count,
    firstYear: row.first_year,
    lastYear: row.last_year,
    importedAt: new Date(row.imported_at),
  };
}

function toPublishedRow(row: BenchmarkRow): StoredPublishedRow {
  return {
    releaseId: row.release_id,
    timePeriod: row.time_period,
    geographicLevel: row.geographic_level,
    regionCode: row.region_code,
    regionName: row.region_name,
    oldLaCode: row.old_la_code,
    newLaCode: row.new_la_code,
    laName: row.la_name,
    figures: parseJson(row.figures),
    symbols: parseJson(row.symbols),
  };
}

// jsonb comes back parsed from both drivers; a string is tolerated in case a driver does not.
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/**
 * Stores a release and all its rows in one transaction. A file already loaded (same SHA-256) is
 * not stored again: the existing release comes back with `alreadyLoaded`.
 */
export async function insertRelease(db: Db, release: NewRelease): Promise<{ release: BenchmarkRelease; alreadyLoaded: boolean }> {
  if (release.rows.length === 0) throw invalidInput(`${release.fileName}: a release needs at least one row`);
  const years = release.rows.map((row) => row.timePeriod);
  return inTransaction(db, async (trx) => {
    // Two imports of the same file at once must not both insert: serialise on a lock held to commit.
    await sql`select pg_advisory_xact_lock(hashtext('retain.benchmark_releases'))`.execute(trx);
    const existing = await trx.selectFrom('benchmark_releases').selectAll().where('checksum_sha256', '=', release.checksumSha256).orderBy('id').executeTakeFirst();
    if (existing) return { release: toRelease(existing), alreadyLoaded: true };

    const inserted = await trx
      .insertInto('benchmark_releases')
      .values({
        file_name: release.fileName,
        checksum_sha256: release.checksumSha256,
        row_count: release.rows.length,
        first_year: Math.min(...years),
        last_year: Math.max(...years),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (let start = 0; start < release.rows.length; start += CHUNK) {
      await trx
        .insertInto('benchmark_rows')
        .values(
          release.rows.slice(start, start + CHUNK).map((row) => ({
            release_id: inserted.id,
            time_period: row.timePeriod,
            geographic_level: row.geographicLevel,
            region_code: row.regionCode,
            region_name: row.regionName,
            old_la_code: row.oldLaCode,
            new_la_code: row.newLaCode,
            la_name: row.laName,
            figures: JSON.stringify(row.figures),
            symbols: JSON.stringify(row.symbols),
          })),
        )
        .execute();
    }
    return { release: toRelease(inserted), alreadyLoaded: false };
  });
}

/** Every release, newest first. */
export async function listReleases(db: Db): Promise<BenchmarkRelease[]> {
  const rows = await db.selectFrom('benchmark_releases').selectAll().orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toRelease);
}

/** Rows per geographic level in a release. */
export async function levelCounts(db: Db, releaseId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('benchmark_rows')
    .select(['geographic_level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('release_id', '=', releaseId)
    .groupBy('geographic_level')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.geographic_level, Number(row.n)]));
}

/**
 * For each published year, the release that answers for it: the most recently imported release
 * holding rows for that year (ids grow with import order).
 */
export async function releasesByYear(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('benchmark_rows')
    .select(['time_period', (eb) => eb.fn.max('release_id').as('release_id')])
    .groupBy('time_period')
    .orderBy('time_period')
    .execute();
  return new Map(rows.map((row) => [row.time_period, Number(row.release_id)]));
}

/** The release that answers for a year, or undefined when no loaded release publishes it. */
export async function releaseForYear(db: Db, year: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('benchmark_rows')
    .select((eb) => eb.fn.max('release_id').as('release_id'))
    .where('time_period', '=', year)
    .executeTakeFirst();
  return row?.release_id === null || row?.release_id === undefined ? undefined : Number(row.release_id);
}

/** Years published by any loaded release, oldest first. */
export async function publishedYears(db: Db): Promise<number[]> {
  return [...(await releasesByYear(db)).keys()];
}

function rowsOfYear(db: Db, year: number, releaseId: number) {
  return db.selectFrom('benchmark_rows').selectAll().where('time_period', '=', year).where('release_id', '=', releaseId);
}

/** England's published row for a year (latest release that has the year). */
export async function nationalRow(db: Db, year: number): Promise<StoredPublishedRow | undefined> {
  const releaseId = await releaseForYear(db, year);
  if (releaseId === undefined) return undefined;
  const row = await rowsOfYear(db, year, releaseId).where('geographic_level', '=', 'National').executeTakeFirst();
  return row && toPublishedRow(row);
}

/** A region's published row for a year, by region code (E12000001; Inner/Outer London are E13000001/2). */
export async function regionRow(db: Db, regionCode: string, year: number): Promise<StoredPublishedRow | undefined> {
  const releaseId = await releaseForYear(db, year);
  if (releaseId === undefined) return undefined;
  const row = await rowsOfYear(db, year, releaseId).where('geographic_level', '=', 'Regional').where('region_code', '=', regionCode.trim().toUpperCase()).executeTakeFirst();
  return row && toPublishedRow(row);
}

/** Local authority rows for a year whose old (840) or new (E06000047) code is one of `codes`. */
export async function authorityRowsByCodes(db: Db, codes: readonly string[], year: number): Promise<StoredPublishedRow[]> {
  const wanted = [...new Set(codes.map(normaliseLaCode))];
  if (wanted.length === 0) return [];
  const releaseId = await releaseForYear(db, year);
  if (releaseId === undefined) return [];
  const rows = await rowsOfYear(db, year, releaseId)
    .where('geographic_level', '=', 'Local authority')
    .where((eb) => eb.or([eb(eb.fn('upper', ['old_la_code']), 'in', wanted), eb(eb.fn('upper', ['new_la_code']), 'in', wanted)]))
    .execute();
  return rows.map(toPublishedRow);
}

/** One local authority's published row for a year, by old or new LA code. */
export async function authorityRow(db: Db, laCode: string, year: number): Promise<StoredPublishedRow | undefined> {
  return (await authorityRowsByCodes(db, [laCode], year))[0];
}

/** Every local authority's published row for a year, in LA code order. */
export async function authorityRows(db: Db, year: number): Promise<StoredPublishedRow[]> {
  const releaseId = await releaseForYear(db, year);
  if (releaseId === undefined) return [];
  const rows = await rowsOfYear(db, year, releaseId).where('geographic_level', '=', 'Local authority').orderBy('old_la_code').orderBy('new_la_code').execute();
  return rows.map(toPublishedRow);
}

/**
 * All the rows a trend needs in one read: England, one region and some LAs, every published
 * year, each year from the release that answers for it.
 */
export async function seriesRows(db: Db, regionCode: string | null, laCodes: readonly string[]): Promise<StoredPublishedRow[]> {
  const releases = await releasesByYear(db);
  if (releases.size === 0) return [];
  const wanted = [...new Set(laCodes.map(normaliseLaCode))];
  const rows = await db
    .selectFrom('benchmark_rows')
    .selectAll()
    .where('release_id', 'in', [...new Set(releases.values())])
    .where((eb) => {
      const any = [eb('geographic_level', '=', 'National')];
      if (regionCode !== null) any.push(eb.and([eb('geographic_level', '=', 'Regional'), eb('region_code', '=', regionCode.trim().toUpperCase())]));
      if (wanted.length > 0) {
        any.push(eb.and([eb('geographic_level', '=', 'Local authority'), eb.or([eb(eb.fn('upper', ['old_la_code']), 'in', wanted), eb(eb.fn('upper', ['new_la_code']), 'in', wanted)])]));
      }
      return eb.or(any);
    })
    .orderBy('time_period')
    .execute();
  return rows.filter((row) => releases.get(row.time_period) === row.release_id).map(toPublishedRow);
}

/**
 * The local authorities of the latest published year, each with its codes, name and region: the
 * list neighbours are chosen from. Empty when nothing is loaded.
 */
export async function latestAuthorityRows(db: Db): Promise<StoredPublishedRow[]> {
  const row = await db
    .selectFrom('benchmark_rows')
    .select((eb) => eb.fn.max('time_period').as('year'))
    .where('geographic_level', '=', 'Local authority')
    .executeTakeFirst();
  return row?.year === null || row?.year === undefined ? [] : authorityRows(db, Number(row.year));
}

/** Which of these LA codes no loaded release knows (for warning about mistyped neighbours). */
export async function unknownLaCodes(db: Db, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes.map(normaliseLaCode))];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('benchmark_rows')
    .select(['old_la_code', 'new_la_code'])
    .distinct()
    .where('geographic_level', '=', 'Local authority')
    .where((eb) => eb.or([eb(eb.fn('upper', ['old_la_code']), 'in', wanted), eb(eb.fn('upper', ['new_la_code']), 'in', wanted)]))
    .execute();
  const known = new Set(
    rows
      .flatMap((row) => [row.old_la_code, row.new_la_code])
      .filter((code): code is string => code !== null)
      .map(normaliseLaCode),
  );
  return codes.filter((code) => !known.has(normaliseLaCode(code)));
}

/** Whether any release is loaded (neighbour codes can only be checked when one is). */
export async function hasBenchmarks(db: Db): Promise<boolean> {
  const row = await db.selectFrom('benchmark_releases').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Fills in what an authority lacks (name, region, ONS and old LA codes) from its published LA row,
 * matched by its code, ONS code or old code. Only empty fields are written; a name counts as
 * empty when blank or just the code. Returns the codes of authorities changed.
 */
export async function fillAuthorityDetails(db: Db, rows: readonly PublishedRow[]): Promise<string[]> {
  const byCode = new Map<string, PublishedRow>();
  // Latest year wins, so a renamed or reorganised authority takes its current name.
  for (const row of [...rows].filter((row) => row.geographicLevel === 'Local authority').sort((a, b) => a.timePeriod - b.timePeriod)) {
    if (row.oldLaCode) byCode.set(normaliseLaCode(row.oldLaCode), row);
    if (row.newLaCode) byCode.set(normaliseLaCode(row.newLaCode), row);
  }
  const authorities = await db.selectFrom('authorities').selectAll().execute();
  const changed: string[] = [];
  for (const authority of authorities) {
    const row = [authority.code, authority.new_la_code, authority.old_la_code]
      .filter((code): code is string => code !== null && code.trim() !== '')
      .map((code) => byCode.get(normaliseLaCode(code)))
      .find((match) => match !== undefined);
    if (!row) continue;
    const update: { name?: string; new_la_code?: string; old_la_code?: string; region_code?: string; region_name?: string } = {};
    const nameIsEmpty = authority.name.trim() === '' || normaliseLaCode(authority.name) === normaliseLaCode(authority.code);
    if (nameIsEmpty && row.laName) update.name = row.laName;
    if (!authority.new_la_code && row.newLaCode) update.new_la_code = row.newLaCode;
    if (!authority.old_la_code && row.oldLaCode) update.old_la_code = row.oldLaCode;
    if (!authority.region_code && row.regionCode) {
      update.region_code = row.regionCode;
      if (!authority.region_name && row.regionName) update.region_name = row.regionName;
    }
    if (Object.keys(update).length === 0) continue;
    await db.updateTable('authorities').set(update).where('code', '=', authority.code).execute();
    changed.push(authority.code);
  }
  return changed;
}
