// The worker thread behind read-off-thread.ts: reads and validates files and posts each result
// with its records packed as columns (packed-records.ts). One file given in workerData (a large
// file on its own), or, for a batch, file after file as the main thread sends them.
import { parentPort, workerData } from 'node:worker_threads';
import { packRecords } from './packed-records.ts';
import { readJob, type BatchReadJob } from './read-off-thread.ts';

async function read(job: BatchReadJob) {
  const { parsed, checksumSha256 } = await readJob(job);
  return { parsed: { ...parsed, records: [] }, packed: packRecords(parsed.records as object[]), checksumSha256 };
}

const data = workerData as { batch: true } | ({ batch?: false } & BatchReadJob);
if (data.batch) {
  // The main thread sends the next file only once this one's result is back: one at a time.
  parentPort!.on('message', async (job: BatchReadJob) => parentPort!.postMessage(await read(job)));
} else {
  parentPort!.postMessage(await read(data));
}
