// The worker thread behind read-off-thread.ts: reads and validates one file, posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { readVacanciesFile } from './vacancies-file.ts';
import { readWorkersFile, type ReadWorkersOptions } from './workers-file.ts';

const { kind, fileName, bytes, options } = workerData as {
  kind: 'workers' | 'vacancies';
  fileName: string;
  bytes: Uint8Array;
  options: ReadWorkersOptions;
};
const parsed = kind === 'workers' ? await readWorkersFile(fileName, bytes, options) : await readVacanciesFile(fileName, bytes, options);
parentPort!.postMessage(parsed);
