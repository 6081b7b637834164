/**
 * The census return for a large council: how long making, writing, reading back, checking and
 * reconciling the return takes, from records in memory, and then through the embedded database
 * as the pages and `retain census-return validate` do it, beside an anchor measured in the same run
 * (the council's census measures for the year, `metricsForYear`, which every dashboard view reads).
 *
 *   node bench/census-return.ts                     # a council of about 3,000 in post, 5 years
 *   node bench/census-return.ts --workers 500 --no-db
 */
import { parseArgs } from 'node:util';
import { buildCensusReturn } from '../src/domain/census-return/build.ts';
import { returnFromXml, returnToXml } from '../src/domain/census-return/model.ts';
import { reconcile } from '../src/domain/census-return/reconcile.ts';
import { validateReturn } from '../src/domain/census-return/rules.ts';
import { checkSchema } from '../src/domain/census-return/schema-check.ts';
import { readXml, writeXml } from '../src/domain/census-return/xml.ts';
import { DEMO_TEAMS, generateCouncil } from '../src/imports/demo-council.ts';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '3000' }, years: { type: 'string', default: '5' }, 'no-db': { type: 'boolean', default: false } } });
const censusYear = 2025;
const council = generateCouncil({
  seed: 16,
  authorityCode: '999',
  name: 'Bench council',
  workers: Number(values.workers),
  firstYear: censusYear - Number(values.years) + 1,
  lastYear: censusYear,
  teams: DEMO_TEAMS,
});
const ms = (value: number) => `${value.toFixed(1)} ms`;
const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;

function time(run: () => unknown, times = 5): number {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    runs.push(performance.now() - started);
  }
  return median(runs);
}

const built = buildCensusReturn({ censusYear, authority: { code: '999', oldLaCode: null }, workers: council.workers, vacancies: council.vacancies, answers: {}, generatedAt: '2025-10-06T09:00:00' });
const xml = writeXml(returnToXml(built.censusReturn, built.schema));
console.log(`Census return ${censusYear}: ${council.workers.length} post records held, ${built.censusReturn.workers.length} in the return, XML ${(xml.length / 1024).toFixed(0)} KB`);
console.log(
  `  build from records       ${ms(time(() => buildCensusReturn({ censusYear, authority: { code: '999', oldLaCode: null }, workers: council.workers, vacancies: council.vacancies, answers: {}, generatedAt: '2025-10-06T09:00:00' })))}`,
);
console.log(`  write XML                ${ms(time(() => writeXml(returnToXml(built.censusReturn, built.schema))))}`);
console.log(`  read XML back            ${ms(time(() => returnFromXml(readXml(xml), censusYear)))}`);
console.log(`  schema check             ${ms(time(() => checkSchema(readXml(xml), built.schema)))} (read included)`);
console.log(`  validation rules         ${ms(time(() => validateReturn(built.censusReturn, built.schema)))}`);
console.log(`  reconcile (no published) ${ms(time(() => reconcile({ censusYear, workers: council.workers, vacancies: council.vacancies, published: null })))}`);

if (!values['no-db']) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openDatabase } = await import('../src/db/database.ts');
  const { ensureAuthority } = await import('../src/db/authorities.ts');
  const { upsertWorkers } = await import('../src/db/workers.ts');
  const { upsertVacancies } = await import('../src/db/vacancies.ts');
  const { metricsForYear } = await import('../src/reports/metrics.ts');
  const { censusReturnFor, censusReturnXml, reconciliationFor, validateCensusReturn } = await import('../src/reports/census-return.ts');
  const { wasmFlagsAsRetainRuns } = await import('./wasm-flags.ts');
  console.log(`Database: PGlite, ${wasmFlagsAsRetainRuns()}`);
  const dir = mkdtempSync(join(tmpdir(), 'retain-bench-census-return-'));
  const opened = await openDatabase({ dataDir: dir, databaseUrl: '' });
  try {
    await ensureAuthority(opened.db, '999');
    await upsertWorkers(opened.db, '999', council.workers, null);
    await upsertVacancies(opened.db, '999', council.vacancies, null);
    const now = new Date();
    const timeAsync = async (run: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await run();
        runs.push(performance.now() - started);
      }
      return median(runs);
    };
    const anchor = await timeAsync(() => metricsForYear(opened.db, '999', censusYear));
    const exported = await timeAsync(async () => censusReturnXml(await censusReturnFor(opened.db, '999', censusYear, now)));
    const validated = await timeAsync(() => validateCensusReturn(opened.db, '999', censusYear, now));
    const reconciled = await timeAsync(() => reconciliationFor(opened.db, '999', censusYear, true));
    console.log(`Through PGlite, median of 5 (anchor: the year's census measures, metricsForYear, ${ms(anchor)}):`);
    console.log(`  export XML               ${ms(exported)} (${(exported / anchor).toFixed(1)}x the anchor)`);
    console.log(`  validate (page, CLI)     ${ms(validated)} (${(validated / anchor).toFixed(1)}x)`);
    console.log(`  reconcile (page, CLI)    ${ms(reconciled)} (${(reconciled / anchor).toFixed(1)}x)`);
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
