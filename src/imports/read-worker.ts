// The worker thread behind read-off-thread.ts: reads and validates files and posts each result,
// its records packed as columns (packed-records.ts). One file given in workerData (a large file on
// its own), or, for a batch, file after file as the main thread sends them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { packRecords } from './packed-records.ts';
import { readVacanciesFile } from './vacancies-file.ts';
import { readWorkersFile, unreadable, type ReadWorkersOptions } from './workers-file.ts';

interface Job {
  kind: 'workers' | 'vacancies';
  fileName: string;
  /** The file's bytes, or (batch) where to read them: read here, so a batch's files need not all be in the main thread's memory. */
  bytes?: Uint8Array;
  path?: string;
  options: ReadWorkersOptions;
}

async function read(job: Job) {
  let bytes = job.bytes;
  if (bytes === undefined) {
    try {
      bytes = await readFile(job.path!);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      return { parsed: unreadable(job.fileName, `the file cannot be read: ${reason}`), packed: null, checksumSha256: null };
    }
  }
  const parsed = job.kind === 'workers' ? await readWorkersFile(job.fileName, bytes, job.options) : await readVacanciesFile(job.fileName, bytes, job.options);
  const packed = packRecords(parsed.records);
  // The checksum here too: on the main thread it is time taken from writing the file before.
  const checksumSha256 = createHash('sha256').update(bytes).digest('hex');
  return { parsed: { ...parsed, records: [] }, packed, checksumSha256 };
}

const data = workerData as { batch: true } | ({ batch?: false } & Job);
if (data.batch) {
  // The main thread sends the next file only once this one's result is back: one at a time.
  parentPort!.on('message', async (job: Job) => parentPort!.postMessage(await read(job)));
} else {
  parentPort!.postMessage(await read(data));
}
