/**
 * Measures bench (issue 9, "all measures, 150 councils, one year"): the census measures of every
 * council for one year, exactly as `retain metrics` gives them, against its anchor, one plain
 * GROUP BY statement summing and counting the same rows, timed in the same run on the same data.
 * Each is run several times, alternating, and the median taken, so a busy machine slows both.
 * On PGlite, which works in this process, the CPU time of each is compared too: on a busy shared
 * machine that holds steadier than wall time, most of which is then waiting for a core.
 *
 *   node bench/measures.ts                          # 150 councils x ~300 workers x 10 years, PGlite,
 *                                                   # and PostgreSQL when DATABASE_URL is set
 *   node bench/measures.ts --councils 20 --engine pglite
 *
 * The councils are the demo's generator's, written straight to the register (no files: the import
 * has a bench of its own in bench/national.ts, which calls measuresRows below for its table).
 * PostgreSQL: DATABASE_URL, in a scratch database `retain_bench_measures` created and dropped here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ensureAuthority } from '../src/db/authorities.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { upsertVacancies } from '../src/db/vacancies.ts';
import { upsertWorkers } from '../src/db/workers.ts';
import { DEMO_TEAMS, generateCouncil } from '../src/imports/demo-council.ts';
import { metricsForCouncils, metricsForYear } from '../src/reports/metrics.ts';
import { wasmFlagsAsRetainRuns } from './wasm-flags.ts';
import { adminQuery } from '../src/test/db.ts';

/** One line of a bench table: what, our figure, the anchor's, how they compare, the target. */
export interface BenchRow {
  what: string;
  ours: string;
  anchor: string;
  ratio: string;
  target: string;
}

const RUNS = 5;

interface Timing {
  ours: number;
  anchor: number;
  /** This process's CPU seconds (user and system): all of the work on PGlite, which runs in it; none of the server's on PostgreSQL. */
  oursCpu: number;
  anchorCpu: number;
}

/** The median seconds (and CPU seconds) of `runs` runs of each, alternating ours and the anchor's. */
async function alternate(runs: number, ours: () => Promise<unknown>, anchor: () => Promise<unknown>): Promise<Timing> {
  const timings = { ours: [] as number[], anchor: [] as number[], oursCpu: [] as number[], anchorCpu: [] as number[] };
  for (let run = 0; run < runs; run += 1) {
    for (const [name, work] of [
      ['ours', ours],
      ['anchor', anchor],
    ] as const) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await work();
      timings[name].push((performance.now() - start) / 1000);
      const used = process.cpuUsage(cpu);
      timings[`${name}Cpu`].push((used.user + used.system) / 1e6);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { ours: median(timings.ours), anchor: median(timings.anchor), oursCpu: median(timings.oursCpu), anchorCpu: median(timings.anchorCpu) };
}

/**
 * The anchor: one plain GROUP BY over the same rows (the councils' children's services records
 * that overlap the census year), the same kinds of sums and distinct counts, nothing else: no
 * years joined in, no groups, no vacancy returns, no exact summing order.
 */
function anchorStatement(codes: readonly string[], year: number) {
  const start = `${year - 1}-10-01`;
  const ref = `${year}-09-30`;
  return sql`
    select authority_code,
      sum(fte) filter (where not agency and start_date <= ${ref} and (end_date is null or end_date > ${ref})) as inpost_fte,
      count(distinct worker_id) filter (where not agency and start_date <= ${ref} and (end_date is null or end_date > ${ref})) as inpost_headcount,
      sum(fte) filter (where not agency and start_date >= ${start}) as starters_fte,
      count(distinct worker_id) filter (where not agency and start_date >= ${start}) as starters_headcount,
      sum(fte) filter (where not agency and end_date between ${start} and ${ref}) as leavers_fte,
      count(distinct worker_id) filter (where not agency and end_date between ${start} and ${ref}) as leavers_headcount,
      sum(fte) filter (where agency and (end_date is null or end_date > ${ref})) as agency_fte,
      sum(cases) filter (where cases >= 1) as cases,
      sum(working_days_lost) as working_days_lost
    from workers
    where authority_code = any(${[...codes]}::text[]) and service = 'children' and start_date <= ${ref} and (end_date is null or end_date >= ${start})
    group by authority_code`;
}

/**
 * The measures rows for councils already in `db`: every council's census measures for `year` in
 * one statement (metricsForCouncils, what a national table uses), and one council at a time
 * (metricsForYear, as `retain metrics` asks), each against the same anchor.
 */
export async function measuresRows(engine: string, db: Db, codes: readonly string[], year: number): Promise<BenchRow[]> {
  const anchor = anchorStatement(codes, year);
  // Warm both paths once (plans, caches), and check the figures are there.
  const warm = await metricsForCouncils(db, codes, year);
  if (warm.size !== codes.length || [...warm.values()].some((measures) => measures.inpost_headcount === 0)) throw new Error('a council has no one in post');
  await anchor.execute(db);

  const together = await alternate(
    RUNS,
    () => metricsForCouncils(db, codes, year),
    () => anchor.execute(db),
  );
  const oneByOne = await alternate(
    Math.max(1, Math.floor(RUNS / 2)),
    async () => {
      for (const code of codes) await metricsForYear(db, code, year);
    },
    () => anchor.execute(db),
  );
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
  const row = (how: string, ours: number, anchorSeconds: number, per = ''): BenchRow => ({
    what: `all measures, ${codes.length} councils, ${year}, ${engine}${per}: ${how}`,
    ours: ms(ours),
    anchor: `one GROUP BY: ${ms(anchorSeconds)}`,
    ratio: `${(ours / anchorSeconds).toFixed(1)}x`,
    target: '<= 2x',
  });
  const rows = [row('one statement', together.ours, together.anchor), row('one council at a time', oneByOne.ours, oneByOne.anchor)];
  // PGlite works in this process, so its CPU time is the work itself, whatever else the machine runs
  // (on a busy shared machine wall time mostly measures waiting for a core).
  if (engine === 'PGlite') rows.push(row('one statement', together.oursCpu, together.anchorCpu, ', CPU time'), row('one council at a time', oneByOne.oursCpu, oneByOne.anchorCpu, ', CPU time'));
  return rows;
}

/** Writes `count` generated councils straight to the register; returns their codes. */
export async function writeCouncils(db: Db, options: { count: number; workers: number; firstYear: number; lastYear: number }): Promise<string[]> {
  const codes: string[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const code = `M${String(index + 1).padStart(3, '0')}`;
    const council = generateCouncil({
      seed: 1000 + index,
      authorityCode: code,
      name: `Bench council ${index + 1}`,
      workers: options.workers,
      firstYear: options.firstYear,
      lastYear: options.lastYear,
      teams: DEMO_TEAMS,
    });
    await ensureAuthority(db, code, council.name);
    await upsertWorkers(db, code, council.workers, null);
    await upsertVacancies(db, code, council.vacancies, null);
    codes.push(code);
  }
  return codes;
}

function printTable(rows: readonly BenchRow[]): void {
  const header: BenchRow = { what: 'what', ours: 'ours', anchor: 'anchor (same run)', ratio: 'ratio', target: 'target' };
  const keys = ['what', 'ours', 'anchor', 'ratio', 'target'] as const;
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: BenchRow) =>
    keys
      .map((key, index) => row[key].padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** The pool's sockets close a moment after it ends: drop the scratch database once they have, forcing only at the last. */
async function dropWhenClosed(serverUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    try {
      await adminQuery(serverUrl, 'drop database if exists retain_bench_measures');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await adminQuery(serverUrl, 'drop database if exists retain_bench_measures with (force)').catch(() => undefined);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      councils: { type: 'string', default: '150' },
      workers: { type: 'string', default: '300' },
      years: { type: 'string', default: '10' },
      engine: { type: 'string', default: process.env.DATABASE_URL ? 'both' : 'pglite' },
    },
  });
  const count = Number(values.councils);
  const workers = Number(values.workers);
  const lastYear = 2025;
  const firstYear = lastYear - Number(values.years) + 1;
  const engines = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine!];
  console.log(
    `Measures bench: ${count} councils x ~${workers} workers x ${values.years} census years, ${availableParallelism()} CPUs; median of ${RUNS} runs, alternating with the anchor; ${wasmFlagsAsRetainRuns()}`,
  );
  const rows: BenchRow[] = [];
  for (const engine of engines) {
    if (engine === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'retain-bench-measures-'));
      // databaseUrl '' rather than none: openDatabase would otherwise take DATABASE_URL, and the PGlite rows would time PostgreSQL.
      const opened = await openDatabase({ dataDir: dir, databaseUrl: '' });
      try {
        rows.push(...(await measuresRows('PGlite', opened.db, await writeCouncils(opened.db, { count, workers, firstYear, lastYear }), lastYear)));
      } finally {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      }
    } else if (engine === 'postgres') {
      const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
      const scratch = new URL(serverUrl);
      scratch.pathname = '/retain_bench_measures';
      await adminQuery(serverUrl, 'drop database if exists retain_bench_measures with (force)');
      await adminQuery(serverUrl, 'create database retain_bench_measures');
      try {
        const opened = await openDatabase({ databaseUrl: scratch.toString() });
        try {
          rows.push(...(await measuresRows('PostgreSQL', opened.db, await writeCouncils(opened.db, { count, workers, firstYear, lastYear }), lastYear)));
        } finally {
          await opened.close();
        }
      } finally {
        await dropWhenClosed(serverUrl);
      }
    } else {
      throw new Error(`--engine must be pglite, postgres or both, not ${engine}`);
    }
  }
  console.log('');
  printTable(rows);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
