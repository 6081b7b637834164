/**
 * National-scale bench: generates 150 synthetic councils of about 300 workers over ten census
 * years, imports them through the real import path, then computes every census measure for every
 * council for one year. Once on embedded PGlite (a temporary data directory) and once on a
 * PostgreSQL server (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), in a
 * scratch database `retain_bench` created and dropped here.
 *
 *   npm run bench                              # full size, both engines
 *   npm run bench -- --councils 10             # small
 *   npm run bench -- --engine postgres --budget 0
 *
 * Options: --councils N (150), --workers N (300), --years N (10), --engine pglite|postgres|both,
 * --budget SECONDS (240): an engine whose import would take longer than this (projected after the
 * first councils) stops there, and the table says so (0: no limit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureAuthority } from '../src/db/authorities.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { DEMO_TEAMS, generateCouncil, vacanciesCsv, workersCsv } from '../src/imports/demo-council.ts';
import { importVacancies, importWorkers } from '../src/imports/run-import.ts';
import { metricsForYear } from '../src/reports/metrics.ts';

const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '150' },
    workers: { type: 'string', default: '300' },
    years: { type: 'string', default: '10' },
    engine: { type: 'string', default: 'both' },
    budget: { type: 'string', default: '240' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('node bench/national.ts [--councils N] [--workers N] [--years N] [--engine pglite|postgres|both] [--budget SECONDS]');
  process.exit(0);
}

const councilCount = positive('councils');
const workersPerCouncil = positive('workers');
const yearCount = positive('years');
const budgetSeconds = Number(values.budget);
const lastYear = 2025;
const firstYear = lastYear - yearCount + 1;
const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : values.engine === 'pglite' || values.engine === 'postgres' ? [values.engine] : fail(`--engine must be pglite, postgres or both`);

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
  workersCsv: Buffer;
  vacanciesCsv: Buffer;
  workerRows: number;
  vacancyRows: number;
}

interface EngineResult {
  engine: string;
  councilsImported: number;
  rows: number;
  importSeconds: number;
  /** Projected import time for every council, when the budget stopped it early. */
  projectedSeconds: number | null;
  measuresSeconds: number | null;
  error: string | null;
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const benchStart = performance.now();

// ---- Generate

console.log(`National bench: ${councilCount} councils x ~${workersPerCouncil} workers x ${yearCount} census years (${firstYear}-${lastYear})`);
const generateStart = performance.now();
const councils: CouncilFiles[] = [];
for (let index = 0; index < councilCount; index += 1) {
  const code = `B${String(index + 1).padStart(3, '0')}`;
  const council = generateCouncil({ seed: 1000 + index, authorityCode: code, name: `Bench council ${index + 1}`, workers: workersPerCouncil, firstYear, lastYear, teams: DEMO_TEAMS });
  councils.push({
    code,
    workersCsv: Buffer.from(workersCsv(council.workers)),
    vacanciesCsv: Buffer.from(vacanciesCsv(council.vacancies)),
    workerRows: council.workers.length,
    vacancyRows: council.vacancies.length,
  });
}
const totalWorkerRows = councils.reduce((sum, council) => sum + council.workerRows, 0);
const totalVacancyRows = councils.reduce((sum, council) => sum + council.vacancyRows, 0);
console.log(`Generated ${fmt(totalWorkerRows)} worker rows and ${fmt(totalVacancyRows)} vacancy rows in ${seconds(generateStart).toFixed(1)} s\n`);

// ---- Run on each engine

const results: EngineResult[] = [];
for (const engine of engines) {
  results.push(engine === 'pglite' ? await onPglite() : await onPostgres());
}
printTable(results);
console.log(`Whole bench: ${seconds(benchStart).toFixed(0)} s on ${availableParallelism()} CPU${availableParallelism() === 1 ? '' : 's'}.`);

async function onPglite(): Promise<EngineResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'retain-bench-'));
  try {
    const opened = await openDatabase({ dataDir });
    try {
      return await runOn('PGlite', opened);
    } finally {
      await opened.close();
    }
  } catch (error) {
    return failed('PGlite', error);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<EngineResult> {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = new URL(serverUrl);
  scratch.pathname = '/retain_bench';
  try {
    await admin(serverUrl, 'drop database if exists retain_bench with (force)');
    await admin(serverUrl, 'create database retain_bench');
  } catch (error) {
    return failed('PostgreSQL', error, `cannot create retain_bench on ${redact(serverUrl)}`);
  }
  try {
    const opened = await openDatabase({ databaseUrl: scratch.toString() });
    try {
      return await runOn('PostgreSQL', opened);
    } finally {
      await opened.close();
    }
  } catch (error) {
    return failed('PostgreSQL', error);
  } finally {
    await admin(serverUrl, 'drop database if exists retain_bench with (force)').catch(() => undefined);
  }
}

async function runOn(engine: string, opened: OpenDatabase): Promise<EngineResult> {
  const { db } = opened;
  process.stderr.write(`${engine}: importing`);
  const importStart = performance.now();
  let rows = 0;
  let imported = 0;
  let projectedSeconds: number | null = null;
  for (const council of councils) {
    await ensureAuthority(db, council.code, `Bench council ${council.code}`);
    const workers = await importWorkers(db, { authorityCode: council.code, fileName: `${council.code}-workers.csv`, bytes: council.workersCsv, importedBy: 'bench' });
    if (!workers.ok) throw new Error(`${council.code} workers did not import: ${JSON.stringify(workers.problems.slice(0, 3))}`);
    const vacancies = await importVacancies(db, { authorityCode: council.code, fileName: `${council.code}-vacancies.csv`, bytes: council.vacanciesCsv, importedBy: 'bench' });
    if (!vacancies.ok) throw new Error(`${council.code} vacancies did not import: ${JSON.stringify(vacancies.problems.slice(0, 3))}`);
    rows += council.workerRows + council.vacancyRows;
    imported += 1;
    if (imported % 10 === 0) process.stderr.write(` ${imported}`);
    // After a few councils, stop if the whole import would overrun the budget; the table says so.
    const elapsed = seconds(importStart);
    const projected = (elapsed / imported) * councils.length;
    if (budgetSeconds > 0 && imported >= 5 && imported < councils.length && projected > budgetSeconds) {
      projectedSeconds = projected;
      break;
    }
  }
  const importSeconds = seconds(importStart);
  process.stderr.write(`\n${engine}: measures for ${lastYear}\n`);

  const measuresStart = performance.now();
  for (const council of councils.slice(0, imported)) {
    const measures = await metricsForYear(db, council.code, lastYear);
    if (measures.inpost_headcount === 0) throw new Error(`${council.code} has no one in post in ${lastYear}`);
  }
  const measuresSeconds = seconds(measuresStart);
  return { engine, councilsImported: imported, rows, importSeconds, projectedSeconds, measuresSeconds, error: null };
}

function failed(engine: string, error: unknown, context?: string): EngineResult {
  const message = error instanceof Error ? error.message : String(error);
  return { engine, councilsImported: 0, rows: 0, importSeconds: 0, projectedSeconds: null, measuresSeconds: null, error: context ? `${context}: ${message}` : message };
}

function printTable(rows: readonly EngineResult[]): void {
  const header = ['engine', 'councils', 'rows imported', 'import s', 'rows/s', `all measures ${lastYear} s`, 'per council ms'];
  const body = rows.map((row) =>
    row.error
      ? [row.engine, 'failed', '', '', '', '', '']
      : [
          row.engine,
          `${row.councilsImported}/${councils.length}`,
          fmt(row.rows),
          row.importSeconds.toFixed(1),
          fmt(Math.round(row.rows / row.importSeconds)),
          row.measuresSeconds === null ? '' : row.measuresSeconds.toFixed(2),
          row.measuresSeconds === null ? '' : ((row.measuresSeconds * 1000) / row.councilsImported).toFixed(1),
        ],
  );
  const widths = header.map((title, index) => Math.max(title.length, ...body.map((cells) => cells[index]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of body) console.log(line(cells));
  for (const row of rows) {
    if (row.error) console.log(`\n${row.engine} failed: ${row.error}`);
    if (row.projectedSeconds !== null) {
      console.log(
        `\n${row.engine}: the full import would take about ${Math.round(row.projectedSeconds)} s, over the ${budgetSeconds} s budget, so it stopped after ` +
          `${row.councilsImported} of ${councils.length} councils; rows/s and the measures time are for those (run with --budget 0 for the full size).`,
      );
    }
  }
  console.log(`\nrows/s counts worker and vacancy rows read, validated and written (one import per file, each in its own transaction).`);
  console.log(`"all measures" is every census measure for every imported council for ${lastYear}, read from the database and computed, one council after another.`);
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function fmt(value: number): string {
  return value.toLocaleString('en-GB');
}
