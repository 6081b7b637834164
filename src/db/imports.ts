import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { ImportTable } from './schema.ts';

export type ImportKindName = ImportTable['kind'];

/** One imported file: what it was, who loaded it and what it changed. */
export interface ImportRecord {
  id: number;
  authorityCode: string;
  kind: ImportKindName;
  fileName: string;
  checksumSha256: string;
  rowCount: number;
  inserted: number;
  updated: number;
  unchanged: number;
  warnings: string[];
  importedBy: string | null;
  importedAt: Date;
}

export interface NewImport {
  authorityCode: string;
  kind: ImportKindName;
  fileName: string;
  checksumSha256: string;
  rowCount: number;
  warnings: readonly string[];
  importedBy: string | null;
  /** The counts when already known (a council's first load: every row is new), so no update follows. */
  counts?: { inserted: number; updated: number; unchanged: number } | undefined;
}

/**
 * Records an import before its rows are written (they point at it), with zero counts that
 * `setImportCounts` fills in once known. Both run in the import's transaction.
 */
export async function recordImport(db: Db, entry: NewImport): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({
      authority_code: entry.authorityCode,
      kind: entry.kind,
      file_name: entry.fileName,
      checksum_sha256: entry.checksumSha256,
      row_count: entry.rowCount,
      inserted: entry.counts?.inserted ?? 0,
      updated: entry.counts?.updated ?? 0,
      unchanged: entry.counts?.unchanged ?? 0,
      warnings: JSON.stringify(entry.warnings),
      imported_by: entry.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What an import learns as it begins: its id, and what the council held before it (teamsInData's answer). */
export interface BegunImport {
  importId: number;
  teams: string[];
  hasData: boolean;
  holds: { workers: boolean; vacancies: boolean };
  /** The council held no rows of this kind (workers or vacancies): the import was recorded with every row counted as inserted. */
  firstLoad: boolean;
}

/**
 * The start of an import's write, in one round trip (each costs ~1 ms on a busy server): takes the
 * authority's import lock for the rest of the transaction (one import per authority at a time,
 * so two uploads of overlapping files cannot interleave), adds the authority's row if it has
 * none, reads what teamsInData reads, and records the import as recordImport does, its counts
 * already filled in on a first load (migration 0020, retain_import_begin).
 */
export async function beginImport(db: Db, entry: Omit<NewImport, 'counts'>): Promise<BegunImport> {
  if (entry.authorityCode.trim() === '') throw new Error('An authority code cannot be empty');
  const { rows } = await sql<{ import_id: number; teams: string[]; has_workers: boolean; has_vacancies: boolean; first_load: boolean }>`
    select * from retain_import_begin(${entry.authorityCode}, ${entry.kind}, ${entry.fileName}, ${entry.checksumSha256}, ${entry.rowCount}::integer,
      ${JSON.stringify(entry.warnings)}::jsonb, ${entry.importedBy})`.execute(db);
  const row = rows[0]!;
  return {
    importId: row.import_id,
    teams: row.teams,
    hasData: row.has_workers || row.teams.length > 0,
    holds: { workers: row.has_workers, vacancies: row.has_vacancies },
    firstLoad: row.first_load,
  };
}

/**
 * Imports rows for many files about to be written in one transaction (a batch), made in one
 * statement with their provenance and nothing else yet (no checksum, no rows); completeImports
 * fills them in once the files are written. Gives their ids in the order of `entries`.
 */
export async function reserveImports(db: Db, entries: ReadonlyArray<{ authorityCode: string; kind: ImportKindName; fileName: string; importedBy: string | null }>): Promise<number[]> {
  if (entries.length === 0) return [];
  const column = <T>(pick: (entry: (typeof entries)[number]) => T) => entries.map(pick);
  const { rows } = await sql<{ id: number }>`
    insert into imports (authority_code, kind, file_name, checksum_sha256, row_count, inserted, updated, unchanged, warnings, imported_by)
    select f.code, f.kind, f.file_name, '', 0, 0, 0, 0, '[]'::jsonb, f.imported_by
    from unnest(${column((e) => e.authorityCode)}::text[], ${column((e) => e.kind)}::text[], ${column((e) => e.fileName)}::text[], ${column((e) => e.importedBy)}::text[])
      with ordinality as f(code, kind, file_name, imported_by, ord)
    order by f.ord
    returning id`.execute(db);
  // Inserted in the order of `ord`, each taking the sequence's next value: ascending ids are that order.
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/**
 * Completes imports rows made by reserveImports from their files' outcomes: checksum, rows,
 * warnings and counts (the counts an upsert added to its row meanwhile are the same ones).
 */
export async function completeImports(
  db: Db,
  outcomes: ReadonlyArray<{ importId: number; checksumSha256: string; rowCount: number; warnings: readonly string[]; inserted: number; updated: number; unchanged: number }>,
): Promise<void> {
  if (outcomes.length === 0) return;
  const column = <T>(pick: (outcome: (typeof outcomes)[number]) => T) => outcomes.map(pick);
  await sql`
    update imports set checksum_sha256 = f.checksum, row_count = f.row_count, warnings = f.warnings::jsonb,
      inserted = f.inserted, updated = f.updated, unchanged = f.unchanged
    from unnest(${column((o) => o.importId)}::integer[], ${column((o) => o.checksumSha256)}::text[], ${column((o) => o.rowCount)}::integer[],
      ${column((o) => JSON.stringify(o.warnings))}::text[], ${column((o) => o.inserted)}::integer[], ${column((o) => o.updated)}::integer[],
      ${column((o) => o.unchanged)}::integer[]) as f(id, checksum, row_count, warnings, inserted, updated, unchanged)
    where imports.id = f.id`.execute(db);
}

/** How an import begins (beginImport's shape), for a caller that begins its files its own way (a batch). */
export type BeginImport = (db: Db, entry: Omit<NewImport, 'counts'>) => Promise<BegunImport>;

/** An import's warnings, when more are found after it was recorded (new team names). */
export async function setImportWarnings(db: Db, importId: number, warnings: readonly string[]): Promise<void> {
  await db
    .updateTable('imports')
    .set({ warnings: JSON.stringify(warnings) })
    .where('id', '=', importId)
    .execute();
}

export async function setImportCounts(db: Db, importId: number, counts: { inserted: number; updated: number; unchanged: number }): Promise<void> {
  await db.updateTable('imports').set(counts).where('id', '=', importId).execute();
}

/** The authority's imports, newest first. */
export async function listImports(db: Db, authorityCode: string): Promise<ImportRecord[]> {
  const rows = await db.selectFrom('imports').selectAll().where('authority_code', '=', authorityCode).orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    authorityCode: row.authority_code,
    kind: row.kind,
    fileName: row.file_name,
    checksumSha256: row.checksum_sha256,
    rowCount: row.row_count,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    // jsonb comes back parsed from both drivers; a string is tolerated in case one does not.
    warnings: typeof row.warnings === 'string' ? (JSON.parse(row.warnings) as string[]) : row.warnings,
    importedBy: row.imported_by,
    importedAt: new Date(row.imported_at),
  }));
}
