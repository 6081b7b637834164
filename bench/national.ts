/**
 * The performance table of issue 9, each row a ratio against an anchor run in the same script, so
 * that it holds on a busy or a slow machine:
 *
 *   national import (rows/s)              vs  COPY of the same rows into the same table shape
 *                                             (PGlite: COPY FROM '/dev/blob'; PostgreSQL: psql's \copy)
 *     - one batch: every council's workers and vacancies files as a consortium loads them
 *       (importBatch: one transaction; files read on a reader thread while the one before is
 *       written where the machine has READER_THREAD_CORES, else in place), into an empty database:
 *       the target row, with the batch's peak memory; and the same batch reading the other way
 *       (not the target), into another
 *     - one file at a time (importWorkers, importVacancies), into another empty database: not the
 *       target, kept so the difference shows.
 *     All start with the councils' authority rows made and a warm-up of 3 councils' files under
 *     other codes the same way, outside the time. On PGlite each also
 *     per second of CPU (every thread's) and of the main thread's alone (the critical path when
 *     a core is free for the reader thread), against the COPY's CPU.
 *   all measures, every council, one year vs  one plain GROUP BY statement over the same rows
 *   `retain metrics --year 2024` (demo)   vs  `node -e 0`
 *   first start / restart to first page, memory of the server and of a CLI command (absolute)
 *   /dashboard under 50 users             vs  bare Fastify sending the same bytes (bench/load.ts,
 *                                             run at the end from its own process)
 *
 *   npm run bench                              # full size, both engines, then the load bench
 *   npm run bench -- --councils 20 --no-load   # smaller
 *
 * Options: --councils N (150), --workers N (300), --years N (10), --engine pglite|postgres|both,
 * --budget SECONDS (240: a file-at-a-time import that would take longer stops early and says so;
 * the batch always runs whole, as it cannot stop half way; 0 no limit), --no-load (skip the
 * dashboard load bench), --no-start (skip the CLI and start-up rows).
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, in scratch
 * databases `retain_bench_<pid>`, `_other` and `_files` created and dropped here (per run,
 * so two benches on one server do not drop each other's). Nothing leaves the machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { ensureAuthority } from '../src/db/authorities.ts';
import { openDatabase, pgliteStartSettings, type OpenDatabase } from '../src/db/database.ts';
import type { WorkerRecord } from '../src/domain/workforce.ts';
import { DEMO_TEAMS, generateCouncil, vacanciesCsv, workersCsv } from '../src/imports/demo-council.ts';
import { importBatch, READER_THREAD_CORES, type BatchFile, type BatchOutcome } from '../src/imports/run-batch-import.ts';
import { importVacancies, importWorkers } from '../src/imports/run-import.ts';
import { measuresRows } from './measures.ts';
import { wasmFlagsAsRetainRuns } from './wasm-flags.ts';
import { adminQuery } from '../src/test/db.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// As users run it (`npx retain`, `npm start`): bin/retain.js turns on the compile cache before Node reads any TypeScript.
const MAIN = join(ROOT, 'bin', 'retain.js');

const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '150' },
    workers: { type: 'string', default: '300' },
    years: { type: 'string', default: '10' },
    engine: { type: 'string', default: 'both' },
    budget: { type: 'string', default: '240' },
    'no-load': { type: 'boolean', default: false },
    'no-start': { type: 'boolean', default: false },
    // Internal: one engine's rows as JSON on stdout (a child of a bench of both engines), then stop.
    'rows-json': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('node bench/national.ts [--councils N] [--workers N] [--years N] [--engine pglite|postgres|both] [--budget SECONDS] [--no-load] [--no-start]');
  process.exit(0);
}

const councilCount = positive('councils');
const workersPerCouncil = positive('workers');
const yearCount = positive('years');
const budgetSeconds = Number(values.budget);
const lastYear = 2025;
const firstYear = lastYear - yearCount + 1;
const engines =
  values.engine === 'both' ? (['pglite', 'postgres'] as const) : values.engine === 'pglite' || values.engine === 'postgres' ? [values.engine] : fail(`--engine must be pglite, postgres or both`);

function positive(name: 'councils' | 'workers' | 'years'): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a whole number of at least 1`);
  return value;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

interface CouncilFiles {
  code: string;
  workerRows: number;
  /** The council's worker rows as the anchor copies them (anchorCsv). */
  anchorCsv: string;
  workersCsv: Buffer;
  vacanciesCsv: Buffer;
  vacancyRows: number;
}

/** One line of the table: what, our figure, the anchor's, and how they compare. */
interface Row {
  what: string;
  ours: string;
  anchor: string;
  ratio: string;
  target: string;
}

const rows: Row[] = [];
/** How a child's line of rows begins (--rows-json). */
const ROWS_JSON = 'bench-rows-json: ';
const seconds = (start: number) => (performance.now() - start) / 1000;
/** This process's CPU time since `from` (all its threads), in seconds. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const fmt = (value: number) => Math.round(value).toLocaleString('en-GB');
const benchStart = performance.now();

// ---- Generate

console.log(`Bench: ${councilCount} councils x ~${workersPerCouncil} workers x ${yearCount} census years (${firstYear}-${lastYear}), ${availableParallelism()} CPUs; ${wasmFlagsAsRetainRuns()}`);
/**
 * Both engines: each runs in a child process of its own, this one gathering their rows. In one
 * process, PostgreSQL's rows came after PGlite's and paid for its leftovers (the WebAssembly
 * memory and garbage of the PGlite databases before it): its import measured 0.40-0.44 of `\copy`
 * there against 0.57-0.60 alone, while psql's `\copy`, a process of its own, did not pay.
 */
const eachEngineApart = engines.length > 1 && !values['rows-json'];
const councils: CouncilFiles[] = [];
for (let index = 0; index < (eachEngineApart ? 0 : councilCount); index += 1) {
  const code = `B${String(index + 1).padStart(3, '0')}`;
  const council = generateCouncil({ seed: 1000 + index, authorityCode: code, name: `Bench council ${index + 1}`, workers: workersPerCouncil, firstYear, lastYear, teams: DEMO_TEAMS });
  // Only the files and the anchor's text are kept, not the 232k records: an importing process
  // holds no such heap, and every major garbage collection in this one would mark it (a fifth
  // of the PostgreSQL import's client CPU was garbage collection while they were kept).
  councils.push({
    code,
    workerRows: council.workers.length,
    anchorCsv: anchorCsv(code, council.workers),
    workersCsv: Buffer.from(workersCsv(council.workers)),
    vacanciesCsv: Buffer.from(vacanciesCsv(council.vacancies)),
    vacancyRows: council.vacancies.length,
  });
}

// ---- Imports and measures on each engine

/** The anchor's table: the workers table's columns and key, without the triggers and references. */
const WORKERS_DDL = `
  create table anchor_workers (
    authority_code text not null, worker_id text not null, start_date date not null, swe_number text, agency boolean not null,
    role text not null, local_role text, team text, service text not null, fte double precision not null, end_date date,
    leaving_reason text, leaver_destination text, start_origin text, cases integer, working_days_lost double precision,
    date_of_birth date, gender text, ethnicity text, salary double precision, grade text, qualified_date date,
    import_id integer, updated_at timestamptz not null default now(),
    primary key (authority_code, worker_id, start_date))`;

/** An import path's figures on one engine: `PGlite batch`, `PostgreSQL one file at a time`. */
const importRates = new Map<string, { rowsPerSecond: number; rowsPerCpuSecond: number; rowsPerMainCpuSecond: number; councils: number; note: string }>();
/** The table's rows for the imports, kept apart so they print first, in the order the paths ran. */
const importRows: Row[] = [];

/**
 * Before each path's time, a few councils' files under other codes go the same way into the same
 * database: the path's JavaScript compiled and the engine warm, as for the path that would run
 * after another, so that the order the paths run in does not decide their comparison (the first
 * path run cold came out a third slower).
 */
const WARM_UP = 3;
const warmCode = (council: CouncilFiles) => `W${council.code}`;

/**
 * The ways in, each into an empty database of its own: the consortium's (every council's files as
 * one batch, importBatch: the target, reading as importBatch chooses on this machine; and the same
 * batch reading the other way, on a reader thread or in place) and a council's (importWorkers then
 * importVacancies, a transaction a file), kept so the differences stay in view.
 */
const THREAD_BY_DEFAULT = availableParallelism() >= READER_THREAD_CORES;
const readingName = (thread: boolean) => (thread ? 'files read on a reader thread' : 'files read in place');
const IMPORT_PATHS = [
  { key: 'batch', what: (engine: string) => `national import, ${engine}, one batch (${readingName(THREAD_BY_DEFAULT)})`, target: '>= 0.5' },
  { key: 'batch-other', what: (engine: string) => `national import, ${engine}, one batch, ${readingName(!THREAD_BY_DEFAULT)} (not the target)`, target: '' },
  { key: 'files', what: (engine: string) => `national import, ${engine}, one file at a time (not the target)`, target: '' },
] as const;

for (const engine of engines) {
  if (eachEngineApart) {
    const args = ['--engine', engine, '--rows-json', '--councils', String(councilCount), '--workers', String(workersPerCouncil), '--years', String(yearCount), '--budget', String(budgetSeconds)];
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const marked = child.stdout.split('\n').find((line) => line.startsWith(ROWS_JSON));
    if (child.status !== 0 || !marked) {
      rows.push({ what: `${engine}: failed`, ours: `the bench's child process exited with ${child.status ?? child.signal}`, anchor: '', ratio: '', target: '' });
      continue;
    }
    const apart = JSON.parse(marked.slice(ROWS_JSON.length)) as { importRows: Row[]; rows: Row[] };
    importRows.push(...apart.importRows);
    rows.push(...apart.rows);
    continue;
  }
  try {
    if (engine === 'pglite') await onPglite();
    else await onPostgres();
  } catch (error) {
    const label = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    for (const path of IMPORT_PATHS) {
      const ours = importRates.get(`${label} ${path.key}`);
      if (ours) importRows.push({ what: `${path.what(label)}${ours.note}`, ours: `${fmt(ours.rowsPerSecond)} rows/s`, anchor: 'failed', ratio: '', target: path.target });
    }
    rows.push({ what: `${engine}: failed`, ours: (error as Error).message.slice(0, 60), anchor: '', ratio: '', target: '' });
  }
}
if (values['rows-json']) {
  console.log(`${ROWS_JSON}${JSON.stringify({ importRows, rows })}`);
  process.exit(0);
}

async function onPglite(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'retain-bench-'));
  const filesDir = mkdtempSync(join(tmpdir(), 'retain-bench-files-'));
  const otherDir = mkdtempSync(join(tmpdir(), 'retain-bench-other-'));
  const anchorDir = mkdtempSync(join(tmpdir(), 'retain-bench-anchor-'));
  try {
    const opened = await openDatabase({ dataDir, databaseUrl: '' });
    try {
      await importBatchAll('PGlite', opened, 'batch');
      await measures('PGlite', opened, councils);
    } finally {
      await opened.close();
    }
    const otherBatch = await openDatabase({ dataDir: otherDir, databaseUrl: '' });
    try {
      await importBatchAll('PGlite', otherBatch, 'batch-other');
    } finally {
      await otherBatch.close();
    }
    const fileByFile = await openDatabase({ dataDir: filesDir, databaseUrl: '' });
    try {
      await importFileByFile('PGlite', fileByFile);
    } finally {
      await fileByFile.close();
    }
    // The anchor: the same rows loaded by COPY from a blob into a PGlite of its own, same table shape,
    // started with Retain's own settings (16 MB shared_buffers, WAL), as it runs with Retain's
    // WebAssembly flags: the engine as Retain runs it. PGlite's defaults (128 MB of shared_buffers,
    // which Retain gives up for memory) may make that COPY faster, so it is timed too and printed as
    // a row of its own rather than hidden (on a quiet machine the two came out close).
    const csv = copyCsv(councils);
    const timed = await copyAnchor(anchorDir, csv.text, pgliteStartSettings(PGlite));
    const middle = (pick: (run: { wall: number; cpu: number }) => number) => timed.map(pick).sort((a, b) => a - b)[1]!;
    setAnchor('PGlite', csv.rows / middle((run) => run.wall), `COPY FROM '/dev/blob'`);
    const defaultsDir = mkdtempSync(join(tmpdir(), 'retain-bench-anchor-defaults-'));
    try {
      const defaults = await copyAnchor(defaultsDir, csv.text, {});
      const wall = defaults.map((run) => run.wall).sort((a, b) => a - b)[1]!;
      const ours = importRates.get(`PGlite ${IMPORT_PATHS[0]!.key}`)!;
      importRows.push({
        what: `${IMPORT_PATHS[0]!.what('PGlite')}, against a COPY on PGlite's default settings (not the target)`,
        ours: `${fmt(ours.rowsPerSecond)} rows/s`,
        anchor: `COPY, 128 MB buffers: ${fmt(csv.rows / wall)} rows/s`,
        ratio: (ours.rowsPerSecond / (csv.rows / wall)).toFixed(2),
        target: '',
      });
    } finally {
      rmSync(defaultsDir, { recursive: true, force: true });
    }
    // PGlite runs in this process, so its CPU time is ours to count: a ratio that holds however busy the machine is.
    // (All threads' CPU: the batch's reader thread counts too.)
    const anchorPerCpuSecond = csv.rows / middle((run) => run.cpu);
    for (const path of IMPORT_PATHS) {
      const ours = importRates.get(`PGlite ${path.key}`)!;
      importRows.push({
        what: `${path.what('PGlite')}, per second of CPU${ours.note}`,
        ours: `${fmt(ours.rowsPerCpuSecond)} rows/s`,
        anchor: `COPY: ${fmt(anchorPerCpuSecond)} rows/s`,
        ratio: (ours.rowsPerCpuSecond / anchorPerCpuSecond).toFixed(2),
        target: path.target,
      });
    }
    // The main thread's CPU alone (the COPY is all on it): what the import takes of its critical
    // path, as the wall time would be on a machine with a core free for the batch's reader thread.
    for (const path of IMPORT_PATHS) {
      const ours = importRates.get(`PGlite ${path.key}`)!;
      importRows.push({
        what: `${path.what('PGlite')}, per second of main-thread CPU${ours.note}`,
        ours: `${fmt(ours.rowsPerMainCpuSecond)} rows/s`,
        anchor: `COPY: ${fmt(anchorPerCpuSecond)} rows/s`,
        ratio: (ours.rowsPerMainCpuSecond / anchorPerCpuSecond).toFixed(2),
        target: '',
      });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(filesDir, { recursive: true, force: true });
    rmSync(otherDir, { recursive: true, force: true });
    rmSync(anchorDir, { recursive: true, force: true });
  }
}

/** The anchor's COPY, three times into a new PGlite in `dir` started with `settings`; each run's wall and CPU seconds. */
async function copyAnchor(dir: string, text: string, settings: { startParams?: string[] }): Promise<Array<{ wall: number; cpu: number }>> {
  const anchor = await PGlite.create(dir, settings);
  try {
    await anchor.exec(WORKERS_DDL);
    const runs: Array<{ wall: number; cpu: number }> = [];
    // Three times, the median kept: one COPY is a second or two, at the mercy of whatever else the machine is doing.
    for (let run = 0; run < 3; run += 1) {
      await anchor.exec('truncate anchor_workers');
      const start = performance.now();
      const cpu = process.cpuUsage();
      await anchor.query(`copy anchor_workers from '/dev/blob' with (format csv)`, [], { blob: new Blob([text]) });
      runs.push({ wall: seconds(start), cpu: cpuSeconds(cpu) });
    }
    return runs;
  } finally {
    await anchor.close();
  }
}

async function onPostgres(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = new URL(serverUrl);
  const scratchName = `retain_bench_${process.pid}`;
  scratch.pathname = `/${scratchName}`;
  const filesScratch = new URL(serverUrl);
  const filesScratchName = `retain_bench_${process.pid}_files`;
  filesScratch.pathname = `/${filesScratchName}`;
  const otherScratch = new URL(serverUrl);
  const otherScratchName = `retain_bench_${process.pid}_other`;
  otherScratch.pathname = `/${otherScratchName}`;
  await adminQuery(serverUrl, `create database ${scratchName}`);
  await adminQuery(serverUrl, `create database ${filesScratchName}`);
  await adminQuery(serverUrl, `create database ${otherScratchName}`);
  try {
    const opened = await openDatabase({ databaseUrl: scratch.toString() });
    try {
      await importBatchAll('PostgreSQL', opened, 'batch');
      await measures('PostgreSQL', opened, councils);
      const otherBatch = await openDatabase({ databaseUrl: otherScratch.toString() });
      try {
        await importBatchAll('PostgreSQL', otherBatch, 'batch-other');
      } finally {
        await otherBatch.close();
      }
      const fileByFile = await openDatabase({ databaseUrl: filesScratch.toString() });
      try {
        await importFileByFile('PostgreSQL', fileByFile);
      } finally {
        await fileByFile.close();
      }
      // The anchor: psql's \copy of the same rows into a table of the same shape.
      await sql.raw(WORKERS_DDL).execute(opened.db);
      const csv = copyCsv(councils);
      const file = join(tmpdir(), `retain-bench-copy-${process.pid}.csv`);
      writeFileSync(file, csv.text);
      try {
        const start = performance.now();
        const result = spawnSync('psql', [scratch.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy anchor_workers from '${file}' with (format csv)`], { encoding: 'utf8' });
        const copySeconds = seconds(start);
        if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr || result.error?.message}`);
        setAnchor('PostgreSQL', csv.rows / copySeconds, 'psql \\copy');
      } finally {
        rmSync(file, { force: true });
      }
    } finally {
      await opened.close();
    }
  } finally {
    await adminQuery(serverUrl, `drop database if exists ${scratchName} with (force)`).catch(() => undefined);
    await adminQuery(serverUrl, `drop database if exists ${filesScratchName} with (force)`).catch(() => undefined);
    await adminQuery(serverUrl, `drop database if exists ${otherScratchName} with (force)`).catch(() => undefined);
  }
}

/** Every council named first, as a consortium's are before their files come: not part of either path's time. */
async function ensureCouncils(db: OpenDatabase['db']): Promise<void> {
  for (const council of councils) await ensureAuthority(db, council.code, `Bench council ${council.code}`);
}

/**
 * The consortium's path: every council's workers and vacancies files as one batch (importBatch,
 * one transaction; a problem anywhere and nothing is written). The whole batch, whatever the
 * budget: it cannot stop half way. Its memory: this process's peak resident size while it runs
 * (VmHWM, reset before it; and sampled every 50 ms), PGlite, the reader thread and the files all
 * being in it, against the size before.
 */
async function importBatchAll(engine: string, opened: OpenDatabase, key: 'batch' | 'batch-other'): Promise<void> {
  const readerThread = key === 'batch' ? THREAD_BY_DEFAULT : !THREAD_BY_DEFAULT;
  await ensureCouncils(opened.db);
  process.stderr.write(`${engine}: importing as one batch, ${readingName(readerThread)}`);
  const filesOf = (list: readonly CouncilFiles[], code: (council: CouncilFiles) => string): BatchFile[] =>
    list.flatMap((council) => [
      { kind: 'workers' as const, authorityCode: code(council), fileName: `${code(council)}-workers.csv`, bytes: council.workersCsv },
      { kind: 'vacancies' as const, authorityCode: code(council), fileName: `${code(council)}-vacancies.csv`, bytes: council.vacanciesCsv },
    ]);
  const warm = await importBatch(opened.db, filesOf(councils.slice(0, WARM_UP), warmCode), { importedBy: 'bench', readerThread });
  if (!warm.ok) throw new Error(`the warm-up batch did not import: ${JSON.stringify(warm.problems.slice(0, 3))}`);
  const files = filesOf(councils, (council) => council.code);
  const rssBefore = rssMb();
  // The process's high-water mark (VmHWM) reset to its present size, so that after the batch it is the batch's own peak.
  const hwmReset = resetPeakRss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const mainCpu = process.threadCpuUsage();
  let outcome: BatchOutcome;
  try {
    outcome = await importBatch(opened.db, files, {
      importedBy: 'bench',
      readerThread,
      onFile: ({ index, status }) => {
        if (status !== 'written') return;
        if (index % 2 === 1 && ((index + 1) / 2) % 10 === 0) process.stderr.write(` ${(index + 1) / 2}`);
      },
    });
  } finally {
    clearInterval(sampler);
  }
  const elapsed = seconds(start);
  const cpuUsed = cpuSeconds(cpu);
  peak = Math.max(peak, rssMb(), hwmReset ? peakRssMb() : 0);
  process.stderr.write('\n');
  if (!outcome.ok) throw new Error(`the batch did not import: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  importRates.set(`${engine} ${key}`, {
    rowsPerSecond: outcome.rowCount / elapsed,
    rowsPerCpuSecond: outcome.rowCount / cpuUsed,
    rowsPerMainCpuSecond: outcome.rowCount / mainThreadSeconds(mainCpu),
    councils: councils.length,
    note: '',
  });
  rows.push({
    what: `memory: national import, ${engine}, one batch, ${readingName(readerThread)} (peak RSS while it ran${hwmReset ? ', VmHWM' : ', sampled'})`,
    ours: `${fmt(peak)} MB`,
    anchor: `before it: ${fmt(rssBefore)} MB`,
    ratio: `+${fmt(peak - rssBefore)} MB`,
    target: '',
  });
}

/** A council's path, file by file (importWorkers, then importVacancies), each its own transaction; stops early past the budget. */
async function importFileByFile(engine: string, opened: OpenDatabase): Promise<void> {
  const { db } = opened;
  await ensureCouncils(db);
  process.stderr.write(`${engine}: importing one file at a time`);
  for (const council of councils.slice(0, WARM_UP)) {
    const warm = [
      await importWorkers(db, { authorityCode: warmCode(council), fileName: 'warm-up.csv', bytes: council.workersCsv, importedBy: 'bench' }),
      await importVacancies(db, { authorityCode: warmCode(council), fileName: 'warm-up.csv', bytes: council.vacanciesCsv, importedBy: 'bench' }),
    ];
    if (warm.some((outcome) => !outcome.ok)) throw new Error(`the warm-up of ${council.code} did not import`);
  }
  const start = performance.now();
  const cpu = process.cpuUsage();
  const mainCpu = process.threadCpuUsage();
  let count = 0;
  let imported = 0;
  for (const council of councils) {
    const workers = await importWorkers(db, { authorityCode: council.code, fileName: `${council.code}-workers.csv`, bytes: council.workersCsv, importedBy: 'bench' });
    if (!workers.ok) throw new Error(`${council.code} workers did not import: ${JSON.stringify(workers.problems.slice(0, 3))}`);
    const vacancies = await importVacancies(db, { authorityCode: council.code, fileName: `${council.code}-vacancies.csv`, bytes: council.vacanciesCsv, importedBy: 'bench' });
    if (!vacancies.ok) throw new Error(`${council.code} vacancies did not import: ${JSON.stringify(vacancies.problems.slice(0, 3))}`);
    count += council.workerRows + council.vacancyRows;
    imported += 1;
    if (imported % 10 === 0) process.stderr.write(` ${imported}`);
    const projected = (seconds(start) / imported) * councils.length;
    if (budgetSeconds > 0 && imported >= 5 && imported < councils.length && projected > budgetSeconds) break;
  }
  const elapsed = seconds(start);
  const cpuUsed = cpuSeconds(cpu);
  process.stderr.write('\n');
  const note = imported < councils.length ? ` (${imported}/${councils.length} councils: budget)` : '';
  importRates.set(`${engine} files`, { rowsPerSecond: count / elapsed, rowsPerCpuSecond: count / cpuUsed, rowsPerMainCpuSecond: count / mainThreadSeconds(mainCpu), councils: imported, note });
}

/** This thread's CPU time since `from`, in seconds: on PGlite the import's critical path when another core is free for the reader thread. */
function mainThreadSeconds(from: NodeJS.CpuUsage): number {
  const used = process.threadCpuUsage(from);
  return (used.user + used.system) / 1e6;
}

function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

/** Linux: writing 5 to clear_refs sets VmHWM back to the present RSS. False where that is not possible (the 50 ms samples stand alone). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssMb(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
}

function setAnchor(engine: string, anchorRowsPerSecond: number, how: string): void {
  for (const path of IMPORT_PATHS) {
    const ours = importRates.get(`${engine} ${path.key}`);
    if (!ours) continue;
    importRows.push({
      what: `${path.what(engine)}${ours.note}`,
      ours: `${fmt(ours.rowsPerSecond)} rows/s`,
      anchor: `${how}: ${fmt(anchorRowsPerSecond)} rows/s`,
      ratio: (ours.rowsPerSecond / anchorRowsPerSecond).toFixed(2),
      target: path.target,
    });
  }
}

async function measures(engine: string, opened: OpenDatabase, imported: readonly CouncilFiles[]): Promise<void> {
  process.stderr.write(`${engine}: measures for ${lastYear}\n`);
  // The measures rows and their anchor (one GROUP BY) live in bench/measures.ts, which also runs alone.
  rows.push(
    ...(await measuresRows(
      engine,
      opened.db,
      imported.map((council) => council.code),
      lastYear,
    )),
  );
}

/** The worker rows as CSV in the table's column order (vacancy rows are few; the import counts both). */
function copyCsv(imported: readonly CouncilFiles[]): { text: string; rows: number } {
  return { text: imported.map((council) => council.anchorCsv).join(''), rows: imported.reduce((sum, council) => sum + council.workerRows, 0) };
}

/** One council's worker rows as the anchor's CSV, each line ended. */
function anchorCsv(code: string, workers: readonly WorkerRecord[]): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines: string[] = [];
  for (const w of workers) {
    lines.push(
      [
        code,
        w.workerId,
        w.startDate,
        w.sweNumber,
        w.agency,
        w.role,
        w.localRole,
        w.team,
        w.service,
        w.fte,
        w.endDate,
        w.leavingReason,
        w.leaverDestination,
        w.startOrigin,
        w.cases,
        w.workingDaysLost,
        w.dateOfBirth,
        w.gender,
        w.ethnicity,
        w.salary,
        w.grade,
        w.qualifiedDate,
        '',
        new Date().toISOString(),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---- The command line and start-up (PGlite, the default engine), in processes of their own

if (!values['no-start']) await startRows();

async function startRows(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'retain-bench-cli-'));
  const env = { ...process.env, DATABASE_URL: '', RETAIN_ADMIN_PASSWORD: 'bench password, not used' };
  try {
    process.stderr.write('CLI: loading the demo\n');
    // On a new data directory: the largest command there is (the directory made, then the demo).
    const demo = timed(process.execPath, [MAIN, '--data-dir', join(dir, 'cli'), 'demo'], env);
    const nodeZero = median(3, () => timed(process.execPath, ['-e', '0'], env).seconds);
    const runs = Array.from({ length: 3 }, () => timed(process.execPath, [MAIN, '--data-dir', join(dir, 'cli'), 'metrics', '--year', '2024'], env));
    const cli = median(3, (i) => runs[i]!.seconds);
    rows.push({
      what: '`retain metrics --year 2024`, demo, PGlite',
      ours: `${cli.toFixed(2)} s`,
      anchor: `node -e 0: ${nodeZero.toFixed(3)} s`,
      ratio: `${(cli / nodeZero).toFixed(0)}x`,
      target: '< 0.5 s',
    });
    rows.push({ what: 'memory: `retain demo` on a new data directory (peak RSS)', ours: `${demo.maxRssMb.toFixed(0)} MB`, anchor: '', ratio: '', target: '< 250 MB' });
    rows.push({ what: 'memory: CLI command on the demo (peak RSS)', ours: `${Math.max(...runs.map((run) => run.maxRssMb)).toFixed(0)} MB`, anchor: '', ratio: '', target: '< 250 MB' });

    process.stderr.write('Start: first start and restart\n');
    const first = await startServer(join(dir, 'web'), env);
    const restart = await startServer(join(dir, 'web'), env);
    rows.push({ what: 'first `npm start` to first page', ours: `${first.firstPage.toFixed(1)} s`, anchor: '', ratio: '', target: '< 5 s' });
    rows.push({ what: 'first `npm start` to the demo council loaded', ours: `${first.demoIn.toFixed(1)} s`, anchor: '', ratio: '', target: '' });
    rows.push({ what: 'restart to first page', ours: `${restart.firstPage.toFixed(1)} s`, anchor: '', ratio: '', target: '< 3 s' });
    rows.push({
      what: 'memory: web server after start (RSS of its processes, demo loaded)',
      ours: `${first.rssMb.toFixed(0)} MB first start, ${restart.rssMb.toFixed(0)} MB restart`,
      anchor: '',
      ratio: '',
      target: '< 300 MB',
    });
    rows.push({
      what: 'memory: web server peak during start, largest process (VmHWM)',
      ours: `${first.largestMb.toFixed(0)} MB first start, ${restart.largestMb.toFixed(0)} MB restart`,
      anchor: '',
      ratio: '',
      target: '< 300 MB',
    });
    rows.push({
      what: 'memory: the same, its processes added (VmHWM)',
      ours: `${first.peakMb.toFixed(0)} MB first start, ${restart.peakMb.toFixed(0)} MB restart`,
      anchor: '',
      ratio: '',
      target: '',
    });
    rows.push({
      what: 'memory: the same, idle 15 s later',
      ours: `${first.settledRssMb.toFixed(0)} MB first start, ${restart.settledRssMb.toFixed(0)} MB restart`,
      anchor: '',
      ratio: '',
      target: '< 300 MB',
    });
  } catch (error) {
    rows.push({ what: 'CLI and start-up: failed', ours: (error as Error).message.slice(0, 80), anchor: '', ratio: '', target: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(count: number, run: (index: number) => number): number {
  const values = Array.from({ length: count }, (_, index) => run(index)).sort((a, b) => a - b);
  return values[Math.floor(count / 2)]!;
}

/**
 * Runs a command, timing it and (through a preloaded hook) reading its peak memory: VmHWM, the
 * high-water mark of the process's own memory. (Not resourceUsage().maxRSS: Linux carries that
 * across fork and exec, so a command started by this bench, grown large by the imports above,
 * reported the bench's size, not its own: `node -e 0` "used" 600 MB.) Should a command run more
 * than one process, the hook goes with each and their peaks are added.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): { seconds: number; maxRssMb: number } {
  const hook = `data:text/javascript,import { readFileSync } from 'node:fs'; process.on('exit', () => process.stderr.write('\\nbench-hwm ' + /VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'))`;
  const start = performance.now();
  const result = spawnSync(command, ['--import', hook, ...args], { env, encoding: 'utf8' });
  const elapsed = seconds(start);
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const kb = [...result.stderr.matchAll(/bench-hwm (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  return { seconds: elapsed, maxRssMb: kb / 1024 };
}

/** The resident memory of a process and every process under it (a first start's demo loader), in MB. */
function treeRssMb(pid: number): number {
  return treeStatusMb(pid, 'VmRSS');
}

/**
 * The sum of a status field over a process and every process under it, in MB. VmHWM is each
 * process's own high-water mark; summing them counts processes that peaked at different moments as
 * if together, so the figure errs high, never low.
 */
function treeStatusMb(pid: number, field: 'VmRSS' | 'VmHWM', each?: Map<number, number>): number {
  const pattern = new RegExp(`${field}:\\s+(\\d+)`);
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the fourth field, after the command in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let kb = 0;
  for (const queue = [pid]; queue.length > 0; ) {
    const next = queue.pop()!;
    try {
      const own = Number(pattern.exec(readFileSync(`/proc/${next}/status`, 'utf8'))?.[1] ?? 0);
      kb += own;
      each?.set(next, Math.max(each.get(next) ?? 0, own / 1024));
    } catch {
      continue;
    }
    queue.push(...(children.get(next) ?? []));
  }
  return kb / 1024;
}

/**
 * Starts `retain serve` on a free port: seconds to the first page and to the demo being in, RSS
 * then and 15 s later, and the peak: the high-water marks (VmHWM) of the server's processes, sampled every 50 ms
 * from launch until the end, so that a process that comes and goes (a demo loader) counts too and
 * a peak in the middle of the demo load is not hidden by the figure after it. Both the largest
 * process's own peak (what the < 300 MB target is about: a first start's loader and the server
 * that follows it peak one after the other) and all of them added, which errs high.
 */
async function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ firstPage: number; demoIn: number; rssMb: number; settledRssMb: number; peakMb: number; largestMb: number }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const start = performance.now();
  const child = spawn(process.execPath, [MAIN, '--data-dir', dataDir, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakMb = 0;
  const peaks = new Map<number, number>();
  const samplePeak = () => (peakMb = Math.max(peakMb, treeStatusMb(child.pid!, 'VmHWM', peaks)));
  const sampler = setInterval(samplePeak, 50);
  try {
    let firstPage = 0;
    while (firstPage === 0) {
      if (child.exitCode !== null) throw new Error(`retain serve ended: ${output}`);
      if (seconds(start) > 300) throw new Error('no first page within 300 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
        if (response.status === 200) firstPage = seconds(start);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    // Memory once the demo is in (on a first start it may still be loading when the first page shows).
    // A fetch may fail in the moment the web app takes the port over from the loading page.
    const page = () =>
      fetch(`http://127.0.0.1:${port}/sign-in`).then(
        (response) => response.text(),
        () => 'Loading the demo council (between the two)',
      );
    while (/Loading the demo council/.test(await page())) {
      if (seconds(start) > 300) throw new Error('the demo did not load within 300 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const demoIn = seconds(start);
    const rssMb = treeRssMb(child.pid!);
    // And once idle: V8 gives back the heap a first start's demo load grew only after some seconds without work.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    samplePeak();
    return { firstPage, demoIn, rssMb, settledRssMb: treeRssMb(child.pid!), peakMb, largestMb: Math.max(...peaks.values()) };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

// ---- Print

printTable();
console.log(`\nImport: worker and vacancy rows read, validated and written through the real import paths (one batch in one transaction; one file a transaction);`);
console.log(`the anchor copies the same worker rows into a table of the same shape. Measures: the census measures of every`);
console.log(`imported council for ${lastYear}, figures exactly as \`retain metrics\` gives them; the anchor sums and counts the same rows`);
console.log(`in one plain GROUP BY. CLI and start-up run as separate processes, PGlite. Whole bench: ${seconds(benchStart).toFixed(0)} s.`);

if (!values['no-load']) {
  console.log('\nDashboard load (bench/load.ts, from a process of its own):');
  const load = spawnSync(process.execPath, [join(ROOT, 'bench', 'load.ts')], { stdio: 'inherit', env: { ...process.env, BENCH_SECONDS: process.env.BENCH_SECONDS ?? '15' } });
  if (load.status !== 0) process.exitCode = 1;
}

function printTable(): void {
  const header: Row = { what: 'what', ours: 'ours', anchor: 'anchor (same run)', ratio: 'ratio', target: 'target' };
  const all = [header, ...importRows, ...rows];
  const keys = ['what', 'ours', 'anchor', 'ratio', 'target'] as const;
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) =>
    keys
      .map((key, index) => row[key].padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of [...importRows, ...rows]) console.log(line(row));
}
