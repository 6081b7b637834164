/**
 * Agency and recruitment bench (issue 12): 150 synthetic councils, each with about 300 workers,
 * a year of agency assignments (generated from its agency records, as the demo's are) and a year
 * of applications. Imports the assignments and applications through the real import path (the
 * workers are written straight to the register, as they are not what is measured), then computes
 * `retain agency --year` and `retain recruitment --year` figures for every council.
 *
 *   node bench/agency.ts                                  # 150 councils, PGlite and PostgreSQL
 *   node bench/agency.ts --councils 20 --engine postgres
 *
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a scratch database
 * `retain_bench_agency` is created and dropped here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAuthority } from '../src/db/authorities.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { wasmFlagsAsRetainRuns } from './wasm-flags.ts';
import { upsertWorkers } from '../src/db/workers.ts';
import { censusYearPeriod } from '../src/domain/agency.ts';
import { generateAgencyDemo } from '../src/imports/demo-agency.ts';
import { DEMO_TEAMS, generateCouncil, type GeneratedCouncil } from '../src/imports/demo-council.ts';
import { importAgency, importApplications, importPriceCaps } from '../src/imports/run-agency-import.ts';
import { agencyFiguresFor } from '../src/reports/agency.ts';
import { recruitmentFiguresFor } from '../src/reports/recruitment.ts';
import { adminQuery } from '../src/test/db.ts';

const { values } = parseArgs({ options: { councils: { type: 'string', default: '150' }, engine: { type: 'string', default: 'both' } } });
const councilCount = Number(values.councils);
const lastYear = 2025;
const engines = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine!];

interface Council {
  council: GeneratedCouncil;
  agency: string;
  caps: string;
  applications: string;
  assignmentRows: number;
  applicationRows: number;
}

const seconds = (start: number) => (performance.now() - start) / 1000;

let start = performance.now();
const councils: Council[] = [];
for (let i = 0; i < councilCount; i += 1) {
  const council = generateCouncil({
    seed: 9000 + i,
    authorityCode: `B${String(i + 1).padStart(3, '0')}`,
    name: `Bench council ${i + 1}`,
    workers: 300,
    firstYear: lastYear - 1,
    lastYear,
    teams: DEMO_TEAMS,
  });
  const files = generateAgencyDemo(council, lastYear);
  councils.push({ council, agency: files.agency, caps: files.caps, applications: files.applications, assignmentRows: files.assignmentCount, applicationRows: files.applicationCount });
}
const assignmentRows = councils.reduce((n, c) => n + c.assignmentRows, 0);
const applicationRows = councils.reduce((n, c) => n + c.applicationRows, 0);
console.log(`Generated ${councilCount} councils in ${seconds(start).toFixed(1)} s: ${assignmentRows} assignments, ${applicationRows} applications; ${wasmFlagsAsRetainRuns()}.`);

async function run(opened: OpenDatabase): Promise<void> {
  const { db } = opened;
  for (const c of councils) {
    await ensureAuthority(db, c.council.authorityCode, c.council.name);
    await upsertWorkers(db, c.council.authorityCode, c.council.workers, null);
  }
  let importSeconds = 0;
  for (const c of councils) {
    const code = c.council.authorityCode;
    await importPriceCaps(db, { authorityCode: code, fileName: 'caps.csv', bytes: c.caps });
    start = performance.now();
    const a = await importAgency(db, { authorityCode: code, fileName: 'agency.csv', bytes: c.agency });
    const p = await importApplications(db, { authorityCode: code, fileName: 'applications.csv', bytes: c.applications });
    importSeconds += seconds(start);
    if (!a.ok || !p.ok) throw new Error(`council ${code} did not import`);
  }
  start = performance.now();
  for (const c of councils) await agencyFiguresFor(db, c.council.authorityCode, censusYearPeriod(lastYear));
  const agencySeconds = seconds(start);
  start = performance.now();
  for (const c of councils) await recruitmentFiguresFor(db, c.council.authorityCode, lastYear);
  const recruitmentSeconds = seconds(start);
  const rows = assignmentRows + applicationRows;
  console.log(
    `${opened.engine}: imported ${rows} rows (assignments and applications) in ${importSeconds.toFixed(1)} s = ${Math.round(rows / importSeconds)} rows/s; ` +
      `agency figures for ${councilCount} councils ${agencySeconds.toFixed(1)} s (${((agencySeconds / councilCount) * 1000).toFixed(0)} ms each); ` +
      `recruitment figures ${recruitmentSeconds.toFixed(1)} s (${((recruitmentSeconds / councilCount) * 1000).toFixed(0)} ms each).`,
  );
}

for (const engine of engines) {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'retain-bench-agency-'));
    const opened = await openDatabase({ dataDir: dir, databaseUrl: '' });
    try {
      await run(opened);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    await adminQuery(serverUrl, 'drop database if exists retain_bench_agency with (force)');
    await adminQuery(serverUrl, 'create database retain_bench_agency');
    const url = new URL(serverUrl);
    url.pathname = '/retain_bench_agency';
    const opened = await openDatabase({ databaseUrl: url.toString() });
    try {
      await run(opened);
    } finally {
      await opened.close();
      await adminQuery(serverUrl, 'drop database if exists retain_bench_agency with (force)');
    }
  }
}
