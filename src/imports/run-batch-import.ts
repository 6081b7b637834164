import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { ensureAuthorityRows } from '../db/authorities.ts';
import { completeImports, reserveImports, type BeginImport, type ImportKindName } from '../db/imports.ts';
import { getRoleMaps } from '../db/role-map.ts';
import { columnMapKey, getColumnMaps, listCodeWordsOf } from '../db/settings.ts';
import { whileCopying } from '../db/pg-copy.ts';
import { teamsInDataOf, type UpsertCounts } from '../db/workers.ts';
import type { Problem } from './problems.ts';
import { openBatchReader, readJob, type BatchRead, type BatchReader } from './read-off-thread.ts';
import { codeWordMapsOf, refuseEmpty, VACANCIES, WORKERS, writeImportIn, type ImportInput, type ImportOutcome, type KindSpec } from './run-import.ts';
import type { ParsedFile, ReadWorkersOptions } from './workers-file.ts';

/**
 * A consortium's load: many councils' workers and vacancies files (`retain import batch
 * MANIFEST`), all or nothing as one file is. Every file is read and validated; if any has a
 * problem nothing is written and every file's problems are reported; otherwise every file is
 * written in one transaction, each with its own imports row (provenance and warnings per file).
 *
 * Pipelined, on a machine with cores to spare (READER_THREAD_CORES): the files are read on one
 * reader thread (read-off-thread.ts) a file or two ahead of the main thread, which writes the file
 * before meanwhile, so a council's read and validation (11 ms of CPU for 1,500 rows) is mostly off
 * the write's path (2-4 ms left: receiving the records). Elsewhere each file is read in place just
 * before it is written, in the same one transaction. The reader options of every file are read before the batch begins (readerOptionsFor), so none
 * waits behind a write. Once a file has a problem the transaction is rolled back at once (no rows
 * held, the import locks released) and the rest are still read, so that all their problems are
 * reported in one go. Each file is held only from its read to its write.
 */

export interface BatchFile {
  kind: Extract<ImportKindName, 'workers' | 'vacancies'>;
  authorityCode: string;
  /** As problems and the imports row name the file (the manifest's path for it). */
  fileName: string;
  /** The file's contents, or `path` to read it from when its turn comes (on the reader thread). */
  bytes?: Uint8Array | string | undefined;
  path?: string | undefined;
  /** XLSX: the sheet to read; the first when not given. */
  sheet?: string | undefined;
  /** The day the extract was taken (src/domain/coverage.ts). */
  dataRunsTo?: string | undefined;
}

export interface BatchOptions {
  /** Who imported the batch (an email, "cli"), recorded with each file's import. */
  importedBy?: string | null | undefined;
  /** Hears about each file once it is read and, if the batch is still good, written. */
  onFile?: ((event: BatchFileEvent) => void) | undefined;
  /** Read the files on a reader thread while the main thread writes (default: with 4 cores or more, READER_THREAD_CORES), or all in place. */
  readerThread?: boolean | undefined;
}

export interface BatchFileEvent {
  /** The file's place in the batch (0-based) and the batch's size. */
  index: number;
  count: number;
  file: BatchFile;
  /**
   * written: in the batch's transaction (committed only if every file is good); problems: the file
   * has some; checked: read without problems after another file's, so not written.
   */
  status: 'written' | 'problems' | 'checked';
  rowCount: number;
}

export type BatchFileWritten = Extract<ImportOutcome, { ok: true }> & Pick<BatchFile, 'kind' | 'authorityCode' | 'fileName'>;

export interface BatchFileChecked extends Pick<BatchFile, 'kind' | 'authorityCode' | 'fileName'> {
  rowCount: number;
  problems: Problem[];
  warnings: string[];
}

export type BatchOutcome =
  | ({ ok: true; files: BatchFileWritten[]; rowCount: number } & UpsertCounts)
  | {
      ok: false;
      /** Every file in batch order, with its problems (none for a good file). */
      files: BatchFileChecked[];
      /** Every problem of every file, in batch order. */
      problems: Problem[];
    };

/** How many files may be read ahead of the one being written: one being read, one waiting, so a slow read does not stall the writes. */
const READ_AHEAD = 2;

/**
 * The cores a machine needs before a batch reads on a reader thread by default: one for the main
 * thread's writing, one for PostgreSQL's backend (or none on PGlite), one for the reader. Reading
 * on the thread costs more CPU in all than reading in place: per council's workers file (1,547
 * rows), 11 ms in place; on the thread 12-18 ms there, 2-4 ms on the main thread to receive the
 * records and 5-10 ms more of V8's background threads (each thread's CPU, process.threadCpuUsage).
 * On a 2-core machine that CPU came out of the writing's (and PostgreSQL's): 30 councils, warm,
 * PGlite 40-51 ms a council on the thread against 39-41 in place, PostgreSQL 43 against 32.
 */
export const READER_THREAD_CORES = 4;

const ROLLBACK = Symbol('a file of the batch has problems');

export async function importBatch(db: Db, files: readonly BatchFile[], options: BatchOptions = {}): Promise<BatchOutcome> {
  const reader = (options.readerThread ?? availableParallelism() >= READER_THREAD_CORES) ? openBatchReader() : undefined;
  try {
    const readerOptions = await readerOptionsFor(db, files);
    // Reads started and not yet taken, by file index; files before `taken` have been.
    const started = new Map<number, Promise<BatchRead<unknown>>>();
    let taken = 0;
    // While the batch is writing: file `index`'s write made ready once it is read (batchBegin's prepare).
    let prepareWrite: ((index: number, parsed: ParsedFile<unknown>) => void) | undefined;
    const startRead = (index: number) => {
      if (index >= files.length || index < taken || started.has(index)) return;
      // The first file in place: the main thread has nothing else to do while the reader thread starts.
      const read = readFile(index === 0 || !reader ? readJob : reader.read, files[index]!, readerOptions[index]!).then((done) => {
        prepareWrite?.(index, done.parsed);
        return done;
      });
      // Awaited when its turn comes; a batch that stops before then must not leave it unhandled.
      read.catch(() => undefined);
      started.set(index, read);
    };
    const readAhead = (from: number) => {
      for (let ahead = 0; ahead < READ_AHEAD; ahead += 1) startRead(from + ahead);
    };
    /** File `index`'s read (started now if it was not), and with a reader thread the next ones asked for. */
    const take = (index: number) => {
      if (reader) readAhead(index);
      else startRead(index);
      const read = started.get(index)!;
      started.delete(index);
      taken = index + 1;
      return read;
    };
    /**
     * Reading in place, the next two files are read once this one's rows have left for
     * PostgreSQL, while the server writes them (whileCopying), instead of after: on 2 cores, the
     * main thread's ~7 ms of reading a council's workers file and the backend's ~10 ms of writing
     * the one before run side by side. Two, because files alternate large and small (a council's
     * workers, then its few vacancies): with one, the next workers file was read while the small
     * vacancies file was being written, which took the server a millisecond. On PGlite the COPY
     * runs in this thread and nothing is sent: each file is read when its turn comes, as before.
     */
    const readNextWhileCopying = (index: number) => (reader ? () => undefined : () => setImmediate(() => readAhead(index + 1)));
    const checked: BatchFileChecked[] = [];
    const written: BatchFileWritten[] = [];
    const event = (index: number, status: BatchFileEvent['status'], rowCount: number) => options.onFile?.({ index, count: files.length, file: files[index]!, status, rowCount });
    const check = (index: number, read: BatchRead<unknown>) => {
      const file = files[index]!;
      const { parsed } = read;
      checked.push({ kind: file.kind, authorityCode: file.authorityCode.trim(), fileName: file.fileName, rowCount: parsed.rowCount, problems: parsed.problems, warnings: parsed.warnings });
      return parsed.problems.length === 0;
    };

    let index = 0;
    if (files.length > 0) {
      try {
        await db.transaction().execute(async (trx) => {
          await lockAuthorities(trx, files);
          const begin = await batchBegin(trx, files, options.importedBy ?? null);
          prepareWrite = begin.prepare;
          for (; index < files.length; index += 1) {
            const read = await take(index);
            if (!check(index, read)) {
              prepareWrite = undefined;
              event(index, 'problems', read.parsed.rowCount);
              index += 1;
              throw ROLLBACK;
            }
            const file = files[index]!;
            const spec = specOf(file);
            const outcome = await whileCopying(readNextWhileCopying(index), () => writeImportIn(trx, importInput(file, options), spec, read.parsed, read.checksumSha256!, begin.beginFile(index)));
            begin.written(file, spec, read.parsed);
            written.push({ kind: file.kind, authorityCode: file.authorityCode.trim(), fileName: file.fileName, ...outcome });
            event(index, 'written', outcome.rowCount);
          }
          await begin.finish(written);
        });
      } catch (error) {
        if (error !== ROLLBACK) throw error;
      }
    }
    if (index === files.length && checked.every((file) => file.problems.length === 0)) {
      const total = (pick: (file: BatchFileWritten) => number) => written.reduce((sum, file) => sum + pick(file), 0);
      return { ok: true, files: written, rowCount: total((f) => f.rowCount), inserted: total((f) => f.inserted), updated: total((f) => f.updated), unchanged: total((f) => f.unchanged) };
    }
    // A file had problems: nothing was written; read the rest for theirs.
    for (; index < files.length; index += 1) {
      const read = await take(index);
      event(index, check(index, read) ? 'checked' : 'problems', read.parsed.rowCount);
    }
    return { ok: false, files: checked, problems: checked.flatMap((file) => file.problems) };
  } finally {
    await reader?.close();
  }
}

/**
 * Every authority's import lock (the one writeImportIn takes for each file, which it then already
 * holds), taken at once in the order of their names: two batches naming the same councils in
 * different orders would otherwise each hold a lock the other waits for, and PostgreSQL would end
 * one of them as a deadlock.
 */
async function lockAuthorities(trx: Db, files: readonly BatchFile[]): Promise<void> {
  const keys = [...new Set(files.map((file) => `retain.import.${file.authorityCode.trim()}`))];
  await sql`select count(pg_advisory_xact_lock(hashtext(key))) from (select key from unnest(${keys}::text[]) as key order by key) as keys`.execute(trx);
}

/**
 * How each file of the batch begins its import: what beginImport does for a file on its own, but
 * done once for the whole batch. The locks are lockAuthorities'; here, the authorities' rows,
 * what each council held before the batch, and every file's imports row, made at once with its
 * provenance and completed by `finish` from the files' outcomes (checksum, rows, warnings and
 * counts): four statements for the batch instead of one a file, which on PGlite
 * was a quarter of a vacancies file's write (the row's insert and its data-version trigger).
 * beginImport's function also read every team the council holds for every file: 2-3 ms a
 * vacancies file on PostgreSQL, 8-15 ms on PGlite. What a council holds is kept up to date here
 * as the batch writes its files (`written`), so each file sees what beginImport would have read:
 * the council's rows before the batch and the batch's own before it.
 */
async function batchBegin(trx: Db, files: readonly BatchFile[], importedBy: string | null) {
  const codes = [...new Set(files.map((file) => file.authorityCode.trim()))];
  await ensureAuthorityRows(trx, codes);
  const held = await teamsInDataOf(trx, codes);
  const importIds = await reserveImports(
    trx,
    files.map((file) => ({ authorityCode: file.authorityCode.trim(), kind: file.kind, fileName: file.fileName, importedBy })),
  );
  // Whether each file will be its council's first load of its kind, known now: the council held
  // none before the batch and no earlier file of the batch is of the same council and kind (a
  // file is written only with rows, and only if every file before it was). What beginImport
  // would read when the file's turn comes, and what prepare needs before it.
  const seen = new Set<string>();
  const firstLoads = files.map((file) => {
    const code = file.authorityCode.trim();
    const key = `${code}\u0000${file.kind}`;
    const first = !held.get(code)!.holds[file.kind] && !seen.has(key);
    seen.add(key);
    return first;
  });
  return {
    /** Makes file `index`'s COPY now when it will be a first load (its records just read, the file before still being written). */
    prepare(index: number, parsed: ParsedFile<unknown>) {
      if (!firstLoads[index] || parsed.problems.length > 0) return;
      const file = files[index]!;
      specOf(file).prepareFirstLoad?.(file.authorityCode.trim(), parsed.records, importIds[index]!);
    },
    /** File `index`'s begin, for writeImportIn. */
    beginFile(index: number): BeginImport {
      return async (_db, entry) => {
        const inData = held.get(entry.authorityCode)!;
        return { importId: importIds[index]!, teams: [...inData.teams], hasData: inData.hasData, holds: { ...inData.holds }, firstLoad: firstLoads[index]! };
      };
    },
    written(file: BatchFile, spec: KindSpec<unknown>, parsed: ParsedFile<unknown>) {
      const inData = held.get(file.authorityCode.trim())!;
      const teams = new Set(inData.teams);
      for (const record of parsed.records) {
        const team = spec.teamOf(record);
        // As teamsInData reads them: a vacancy's empty team is the whole council's, not a team.
        if (team !== null && !(file.kind === 'vacancies' && team === '')) teams.add(team);
      }
      inData.teams = [...teams];
      if (parsed.records.length > 0) inData.holds[file.kind] = true;
      inData.hasData = inData.holds.workers || inData.teams.length > 0;
    },
    /** Every file's imports row as a file on its own ends with it: from its outcome. */
    finish(outcomes: ReadonlyArray<Extract<ImportOutcome, { ok: true }>>) {
      return completeImports(trx, outcomes);
    },
  };
}

function specOf(file: BatchFile): KindSpec<unknown> {
  return (file.kind === 'workers' ? WORKERS : VACANCIES) as KindSpec<unknown>;
}

async function readFile(read: BatchReader['read'], file: BatchFile, options: ReadWorkersOptions): Promise<BatchRead<unknown>> {
  const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes;
  const done = await read<unknown>({ kind: file.kind, fileName: file.fileName, bytes, path: bytes === undefined ? file.path : undefined, options });
  return { ...done, parsed: refuseEmpty(done.parsed, file.fileName) };
}

/** writeImportIn's input for a file already read (its bytes are not looked at again: the checksum is given). */
function importInput(file: BatchFile, options: BatchOptions): ImportInput {
  return {
    authorityCode: file.authorityCode,
    fileName: file.fileName,
    bytes: file.bytes ?? '',
    sheet: file.sheet,
    importedBy: options.importedBy ?? null,
    dataRunsTo: file.dataRunsTo,
  };
}

/**
 * Each file's reader options (role map, saved columns, code words: WORKERS.read and VACANCIES.read
 * for one file), for every authority of the batch in three statements before the batch begins, as
 * a file on its own reads them before its transaction: none of them waits behind a write.
 */
async function readerOptionsFor(db: Db, files: readonly BatchFile[]): Promise<ReadWorkersOptions[]> {
  const codes = [...new Set(files.map((file) => file.authorityCode.trim()))];
  const workerCodes = [...new Set(files.filter((file) => file.kind === 'workers').map((file) => file.authorityCode.trim()))];
  const [roleMaps, columnMaps, codeWords] = await Promise.all([getRoleMaps(db, workerCodes), getColumnMaps(db, codes), listCodeWordsOf(db, workerCodes)]);
  return files.map((file) => {
    const code = file.authorityCode.trim();
    const columnMap = columnMaps.get(columnMapKey(code, file.kind)) ?? new Map<string, string>();
    if (file.kind === 'vacancies') return { sheet: file.sheet, columnMap };
    return { sheet: file.sheet, columnMap, roleMap: roleMaps.get(code), codeWords: codeWordMapsOf(codeWords.get(code) ?? []) };
  });
}
