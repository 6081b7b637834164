import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
import { unpackRecords, type PackedRecords } from './packed-records.ts';
import { readVacanciesFile } from './vacancies-file.ts';
import { readWorkersFile, unreadable, type ParsedFile, type ReadFileOptions, type ReadWorkersOptions } from './workers-file.ts';

/**
 * Reads and validates an import file. Parsing is CPU work that cannot yield (exceljs, csv-parse):
 * done on the web server's main thread, a large file held up every other user's requests for as
 * long as it took (12-15 s for a big sparse workbook). So a file over OFF_THREAD_BYTES is read in
 * a worker thread, one at a time (the rest wait their turn without blocking anything), with a
 * memory cap: a file that still exhausts it is reported as too large instead of ending the
 * process. Small files, the usual case and every test fixture, are read in place: starting a
 * worker costs more than reading them.
 */
export const OFF_THREAD_BYTES = 256 * 1024;
/** The worker's heap limit. */
const WORKER_HEAP_MB = 1024;

export function readWorkersImport(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions): Promise<ParsedFile<WorkerRecord>> {
  if (bytes.byteLength < OFF_THREAD_BYTES) return readWorkersFile(fileName, bytes, options);
  return inWorker('workers', fileName, bytes, options);
}

export function readVacanciesImport(fileName: string, bytes: Uint8Array, options: ReadFileOptions): Promise<ParsedFile<VacancyRecord>> {
  if (bytes.byteLength < OFF_THREAD_BYTES) return readVacanciesFile(fileName, bytes, options);
  return inWorker('vacancies', fileName, bytes, options);
}

/** One file of a batch for the reader: its bytes, or a path the reader thread reads itself. */
export interface BatchReadJob {
  kind: 'workers' | 'vacancies';
  fileName: string;
  bytes?: Uint8Array | undefined;
  path?: string | undefined;
  options: ReadWorkersOptions;
}

export interface BatchRead<R> {
  parsed: ParsedFile<R>;
  /** Null when the file could not be read at all. */
  checksumSha256: string | null;
}

/**
 * Reads one file of a batch: its bytes, or the file at its path (a file that cannot be read is
 * reported as the file's problem), validated, with its checksum. On the reader thread
 * (read-worker.ts), or in place (the first file while the thread starts; every file without one).
 */
export async function readJob<R>(job: BatchReadJob): Promise<BatchRead<R>> {
  let bytes = job.bytes;
  if (bytes === undefined) {
    try {
      bytes = await readFile(job.path!);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      return { parsed: unreadable(job.fileName, `the file cannot be read: ${reason}`), checksumSha256: null };
    }
  }
  const parsed = job.kind === 'workers' ? await readWorkersFile(job.fileName, bytes, job.options) : await readVacanciesFile(job.fileName, bytes, job.options);
  return { parsed: parsed as ParsedFile<R>, checksumSha256: createHash('sha256').update(bytes).digest('hex') };
}

let queue: Promise<unknown> = Promise.resolve();

/** What the reader thread posts back (read-worker.ts): the file read, its records packed as columns. */
interface Posted<R> {
  parsed: ParsedFile<R>;
  packed: PackedRecords | null;
  checksumSha256: string | null;
}

function unpacked<R>(posted: Posted<R>): ParsedFile<R> {
  return posted.packed === null ? posted.parsed : { ...posted.parsed, records: unpackRecords<R>(posted.packed) };
}

/** What a reader thread that stopped means for the file it was reading. */
function stopped<R>(fileName: string, error: (Error & { code?: string }) | null, exitCode?: number): ParsedFile<R> {
  if (error === null) return unreadable(fileName, `the file cannot be read (the reader stopped with code ${exitCode})`);
  return unreadable(
    fileName,
    error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'the file is too large to read: it needs more memory than Retain allows one file. Delete the rows and sheets you do not need, or split it'
      : `the file cannot be read: ${error.message}`,
  );
}

function inWorker<R>(kind: 'workers' | 'vacancies', fileName: string, bytes: Uint8Array, options: ReadWorkersOptions): Promise<ParsedFile<R>> {
  const run = () =>
    new Promise<ParsedFile<R>>((resolve) => {
      const worker = new Worker(new URL('./read-worker.ts', import.meta.url), {
        // Options travel by structured clone, which keeps their Maps.
        workerData: { kind, fileName, bytes, options },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      let settled = false;
      const finish = (result: ParsedFile<R>) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      worker.once('message', (posted: Posted<R>) => finish(unpacked(posted)));
      worker.once('error', (error: Error & { code?: string }) => finish(stopped(fileName, error)));
      worker.once('exit', (code) => finish(stopped(fileName, null, code)));
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

export interface BatchReader {
  /** Reads files in the order asked, one at a time, each on the reader thread. */
  read<R>(job: BatchReadJob): Promise<BatchRead<R>>;
  /** Stops the thread; a read still waiting gets its file reported as unreadable. */
  close(): Promise<void>;
}

/**
 * A reader thread kept for a batch of files (run-batch-import.ts), so the main thread can write
 * one file while the next is read: every file goes to it whatever its size (one thread started
 * for the batch, not one a file). The same heap cap as a file read alone: a file that exhausts it
 * is reported as too large and the next file gets a new thread.
 */
export function openBatchReader(): BatchReader {
  const waiting: Array<{ job: BatchReadJob; resolve: (read: BatchRead<unknown>) => void }> = [];
  let worker: Worker | undefined;
  let current: { job: BatchReadJob; resolve: (read: BatchRead<unknown>) => void } | undefined;
  let closed = false;

  const settle = (read: BatchRead<unknown>) => {
    const doing = current;
    current = undefined;
    doing?.resolve(read);
    next();
  };
  const start = () => {
    const thread = new Worker(new URL('./read-worker.ts', import.meta.url), { workerData: { batch: true }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    thread.on('message', (posted: Posted<unknown>) => settle({ parsed: unpacked(posted), checksumSha256: posted.checksumSha256 }));
    const lost = (error: (Error & { code?: string }) | null, code?: number) => {
      if (worker !== thread) return;
      worker = undefined;
      if (current) settle({ parsed: stopped(current.job.fileName, error, code), checksumSha256: null });
    };
    thread.once('error', (error: Error & { code?: string }) => lost(error));
    thread.once('exit', (code) => lost(null, code));
    return thread;
  };
  const next = () => {
    if (current || closed) return;
    current = waiting.shift();
    if (!current) return;
    worker ??= start();
    const { kind, fileName, bytes, path, options } = current.job;
    worker.postMessage({ kind, fileName, bytes, path, options });
  };
  // Started at once: its start (200-300 ms, mostly loading the readers' modules) overlaps whatever the caller does first.
  worker = start();
  return {
    read<R>(job: BatchReadJob) {
      return new Promise<BatchRead<R>>((resolve) => {
        if (closed) return resolve({ parsed: unreadable(job.fileName, 'the file cannot be read: the batch has ended'), checksumSha256: null });
        waiting.push({ job, resolve: resolve as (read: BatchRead<unknown>) => void });
        next();
      });
    },
    async close() {
      closed = true;
      for (const left of waiting.splice(0)) left.resolve({ parsed: unreadable(left.job.fileName, 'the file cannot be read: the batch has ended'), checksumSha256: null });
      const thread = worker;
      worker = undefined;
      if (current) settle({ parsed: unreadable(current.job.fileName, 'the file cannot be read: the batch has ended'), checksumSha256: null });
      await thread?.terminate();
    },
  };
}
