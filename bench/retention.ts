/**
 * Retention curves and early warning at national scale: 150 synthetic councils of about 300
 * workers over ten census years, each with two years of monthly caseload snapshots. For every
 * council it times the work behind the retention page (Kaplan-Meier for the council and by each of
 * start origin, role, team and cohort) and the early-warning page (every team's signs and the
 * leavers forecast), from records in memory; then, for one council, the same through the database
 * (embedded PGlite), as the web page does it.
 *
 *   npm run bench:retention                   # 150 councils
 *   npm run bench:retention -- --councils 20 --no-db
 */
import { parseArgs } from 'node:util';
import { indexPosts, resolveCaseloads, thresholdTable } from '../src/domain/caseloads.ts';
import { earlyWarning } from '../src/domain/early-warning.ts';
import { retentionCurve, SURVIVAL_GROUP_BYS } from '../src/domain/survival.ts';
import { generateCaseloads } from '../src/imports/demo-caseloads.ts';
import { DEMO_TEAMS, generateCouncil } from '../src/imports/demo-council.ts';

const { values } = parseArgs({
  options: { councils: { type: 'string', default: '150' }, workers: { type: 'string', default: '300' }, years: { type: 'string', default: '10' }, 'no-db': { type: 'boolean', default: false } },
});
const councils = Number(values.councils);
const lastYear = 2025;
const firstYear = lastYear - Number(values.years) + 1;
const at = `${lastYear}-09-30`;

const timings: number[] = [];
let records = 0;
let spells = 0;
for (let index = 0; index < councils; index++) {
  const council = generateCouncil({ seed: 1000 + index, authorityCode: `B${index}`, name: `Bench ${index}`, workers: Number(values.workers), firstYear, lastYear, teams: DEMO_TEAMS });
  const snapshots = generateCaseloads(council.workers, { seed: 1000 + index, lastYear }).filter((row) => row.snapshotDate === at);
  records += council.workers.length;
  const started = performance.now();
  const curve = retentionCurve(council.workers, at);
  for (const by of SURVIVAL_GROUP_BYS) retentionCurve(council.workers, at, by);
  earlyWarning(council.workers, at, resolveCaseloads(snapshots, indexPosts(council.workers), thresholdTable([])));
  timings.push(performance.now() - started);
  spells += curve.spells;
}
timings.sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`Retention curves (council + 4 groupings) and early warning, ${councils} councils, ${records} post records, ${spells} spells, at ${at}`);
console.log(
  `  per council: median ${ms(timings[Math.floor(timings.length / 2)]!)}, p95 ${ms(timings[Math.ceil(timings.length * 0.95) - 1]!)}, max ${ms(timings.at(-1)!)}; all councils ${ms(timings.reduce((a, b) => a + b, 0))}`,
);

if (!values['no-db']) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openDatabase } = await import('../src/db/database.ts');
  const { ensureAuthority } = await import('../src/db/authorities.ts');
  const { upsertWorkers } = await import('../src/db/workers.ts');
  const { upsertCaseloads } = await import('../src/db/caseloads.ts');
  const { earlyWarningView } = await import('../src/reports/early-warning.ts');
  const { retentionCurveView } = await import('../src/reports/retention-curves.ts');
  const { wasmFlagsAsRetainRuns } = await import('./wasm-flags.ts');
  console.log(`Database: PGlite, ${wasmFlagsAsRetainRuns()}`);
  const dir = mkdtempSync(join(tmpdir(), 'retain-bench-retention-'));
  const opened = await openDatabase({ dataDir: dir, databaseUrl: '' });
  try {
    const council = generateCouncil({ seed: 1000, authorityCode: 'B0', name: 'Bench 0', workers: Number(values.workers), firstYear, lastYear, teams: DEMO_TEAMS });
    await ensureAuthority(opened.db, 'B0');
    await upsertWorkers(opened.db, 'B0', council.workers, null);
    await upsertCaseloads(opened.db, 'B0', generateCaseloads(council.workers, { seed: 1000, lastYear }), null);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await retentionCurveView(opened.db, 'B0', at, 'start_origin', false);
      await earlyWarningView(opened.db, 'B0', at, false);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    console.log(`One council through PGlite (read records and snapshots, curves by start origin, early warning): median of 5 ${ms(runs[2]!)}, best ${ms(runs[0]!)}`);
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
