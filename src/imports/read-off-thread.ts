import { Worker } from 'node:worker_threads';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
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

let queue: Promise<unknown> = Promise.resolve();

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
      worker.once('message', (parsed: ParsedFile<R>) => finish(parsed));
      worker.once('error', (error: Error & { code?: string }) => {
        const tooBig = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          unreadable(
            fileName,
            tooBig
              ? 'the file is too large to read: it needs more memory than Retain allows one file. Delete the rows and sheets you do not need, or split it'
              : `the file cannot be read: ${error.message}`,
          ),
        );
      });
      worker.once('exit', (code) => finish(unreadable(fileName, `the file cannot be read (the reader stopped with code ${code})`)));
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
