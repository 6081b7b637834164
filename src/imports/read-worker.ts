// The worker thread behind read-off-thread.ts: reads and validates one file, posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import type { RoleCode } from '../domain/codes.ts';
import { readVacanciesFile } from './vacancies-file.ts';
import { readWorkersFile } from './workers-file.ts';

const { kind, fileName, bytes, sheet, roleMap } = workerData as {
  kind: 'workers' | 'vacancies';
  fileName: string;
  bytes: Uint8Array;
  sheet: string | undefined;
  roleMap: Array<[string, RoleCode]>;
};
const parsed = kind === 'workers' ? await readWorkersFile(fileName, bytes, { sheet, roleMap: new Map(roleMap) }) : await readVacanciesFile(fileName, bytes, { sheet });
parentPort!.postMessage(parsed);
