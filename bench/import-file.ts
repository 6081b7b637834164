/**
 * One council's import, split in its halves, on each engine: reading and validating the two files
 * (main thread), and writing them (writeImportIn in a transaction of its own, as importWorkers and
 * importVacancies do), per council, in milliseconds of wall time and of this process's CPU. The
 * write half's statements are counted. For work on the per-file cost that the national bench
 * (bench/national.ts) adds up: figures print, nothing is asserted.
 *
 *   npx node bench/import-file.ts [--councils N] [--engine pglite|postgres|both] [--again]
 *
 * --again imports every council a second time (the same files: every row unchanged), the path a
 * council's later loads take. PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres,
 * in a scratch database created and dropped here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { KyselyPlugin } from 'kysely';
import { ensureAuthority } from '../src/db/authorities.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { DEMO_TEAMS, generateCouncil, vacanciesCsv, workersCsv } from '../src/imports/demo-council.ts';
import { readChecked, sha256Hex, VACANCIES, WORKERS, writeImportIn, type KindSpec } from '../src/imports/run-import.ts';
import { wasmFlagsAsRetainRuns } from './wasm-flags.ts';
import { adminQuery } from '../src/test/db.ts';

const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '20' },
    engine: { type: 'string', default: 'both' },
    again: { type: 'boolean', default: false },
  },
});
const councilCount = Number(values.councils);
const engines = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine!];

const councils = Array.from({ length: councilCount }, (_, index) => {
  const code = `F${String(index + 1).padStart(3, '0')}`;
  const council = generateCouncil({ seed: 1000 + index, authorityCode: code, name: `Council ${code}`, workers: 300, firstYear: 2016, lastYear: 2025, teams: DEMO_TEAMS });
  return { code, workers: Buffer.from(workersCsv(council.workers)), vacancies: Buffer.from(vacanciesCsv(council.vacancies)), rows: council.workers.length + council.vacancies.length };
});

/** Counts the statements Kysely builds (sql`` and the query builder); CompiledQuery.raw (the COPYs, the temporary table) is counted by hand below. */
let statements = 0;
const counting: KyselyPlugin = {
  transformQuery(args) {
    statements += 1;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

interface Times {
  wall: number;
  cpu: number;
}
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

async function timed<T>(into: Times[], work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  into.push({ wall: performance.now() - start, cpu: cpuMs(cpu) });
  return result;
}

async function importFile<R>(db: Db, code: string, kind: KindSpec<R>, bytes: Buffer, reads: Times[], writes: Times[]): Promise<void> {
  const input = { authorityCode: code, fileName: `${code}-${kind.kind}.csv`, bytes, importedBy: 'bench' };
  const parsed = await timed(reads, () => readChecked(db, input, bytes, kind));
  if (parsed.problems.length > 0) throw new Error(`${code} ${kind.kind}: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  await timed(writes, () => db.transaction().execute((trx) => writeImportIn(trx, input, kind, parsed, sha256Hex(bytes))));
}

const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

async function run(engine: string, db: Db): Promise<void> {
  for (const council of councils) await ensureAuthority(db, council.code, `Council ${council.code}`);
  const counted = db.withPlugin(counting);
  for (const pass of values.again ? ['first load', 'again (unchanged)'] : ['first load']) {
    const reads: Times[] = [];
    const writes: Times[] = [];
    statements = 0;
    for (const council of councils) {
      await importFile(counted, council.code, WORKERS, council.workers, reads, writes);
      await importFile(counted, council.code, VACANCIES, council.vacancies, reads, writes);
    }
    // Per council: the two files' reads, and their writes, added.
    const perCouncil = (times: Times[], pick: (t: Times) => number) => median(councils.map((_, i) => pick(times[2 * i]!) + pick(times[2 * i + 1]!)).slice(2));
    const rows = median(councils.map((c) => c.rows));
    console.log(
      `${engine}, ${pass}: per council (${rows} rows; median of ${councils.length - 2}) read ${perCouncil(reads, (t) => t.wall).toFixed(1)} ms (cpu ${perCouncil(reads, (t) => t.cpu).toFixed(1)}), ` +
        `write ${perCouncil(writes, (t) => t.wall).toFixed(1)} ms (cpu ${perCouncil(writes, (t) => t.cpu).toFixed(1)}); ` +
        `${(statements / councils.length).toFixed(1)} built statements a council besides the transaction's own and the COPYs`,
    );
  }
}

console.log(wasmFlagsAsRetainRuns());
for (const engine of engines) {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'retain-import-file-'));
    const opened = await openDatabase({ dataDir: dir, databaseUrl: '' });
    try {
      await run('PGlite', opened.db);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `retain_import_file_${process.pid}`;
    const admin = (text: string) => adminQuery(serverUrl, text);
    await admin(`create database ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const opened = await openDatabase({ databaseUrl: url.toString() });
      try {
        await run('PostgreSQL', opened.db);
      } finally {
        await opened.close();
      }
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  }
}
