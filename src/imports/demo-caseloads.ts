import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { addDays } from '../domain/calendar-days.ts';
import { referenceDate } from '../domain/census.ts';
import { workerOnDate, indexPosts, type CaseloadSnapshot } from '../domain/caseloads.ts';
import { roleKey } from '../domain/roles.ts';
import type { IsoDate, WorkerRecord } from '../domain/workforce.ts';
import { mulberry32 } from './demo-council.ts';
import { importCaseloads } from './run-caseloads-import.ts';
import { formatProblem } from './run-import.ts';

/**
 * Demo caseload snapshots: the last working day's position of every month for two years up to
 * the demo's last census reference date, for everyone in post in a case-holding role. Caseloads
 * follow the role (an ASYE's protected caseload is lower, an IRO holds 50-70 children), run
 * higher in the struggling team, and climb in the months before someone leaves, so the page has
 * something true-to-life to show. Seeded, so the file is the same every time.
 */

/** Typical cases per full-time worker by local role (keys folded as roleKey). */
const TYPICAL: Readonly<Record<string, number>> = {
  socialworker: 14.5,
  asye: 14,
  seniorpractitioner: 13,
  advancedpractitioner: 9,
  iro: 58,
  childprotectionchair: 45,
};

/** Month ends from `months - 1` months before the last census reference date to it. */
export function monthEnds(lastYear: number, months: number): IsoDate[] {
  const last = referenceDate(lastYear);
  const dates: IsoDate[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const year = Number(last.slice(0, 4));
    const month = Number(last.slice(5, 7)) - back;
    const first = new Date(Date.UTC(year, month, 1)); // the 1st of the month after
    dates.push(addDays(first.toISOString().slice(0, 10), -1));
  }
  return dates;
}

export function generateCaseloads(workers: readonly WorkerRecord[], options: { seed: number; lastYear: number; months?: number; strugglingTeam?: string }): CaseloadSnapshot[] {
  const next = mulberry32(options.seed);
  const posts = indexPosts(workers);
  // A steady personal tendency per worker, so the same people are stretched month after month.
  const tendency = new Map<string, number>();
  const rows: CaseloadSnapshot[] = [];
  const leavingOf = new Map<string, IsoDate>();
  for (const record of workers) if (record.endDate !== null && !record.agency) leavingOf.set(record.workerId, record.endDate);
  const dates = monthEnds(options.lastYear, options.months ?? 24);
  dates.forEach((date, monthIndex) => {
    for (const [workerId, own] of posts) {
      const who = workerOnDate(own, date);
      if (who === null) continue;
      const typical = TYPICAL[roleKey(who.localRole)];
      if (typical === undefined) continue;
      if (!tendency.has(workerId)) tendency.set(workerId, (next() - 0.5) * 0.3);
      // A slow rise over the two years and a winter peak, as referrals run.
      const season = 1 + 0.05 * Math.cos(((monthIndex + 3) / 12) * 2 * Math.PI) + 0.04 * (monthIndex / dates.length);
      const struggling = who.team === options.strugglingTeam ? 1.15 : 1;
      const leaving = leavingOf.get(workerId);
      const monthsToGo = leaving !== undefined && leaving > date ? (Date.parse(leaving) - Date.parse(date)) / (30.4375 * 86_400_000) : Infinity;
      const beforeLeaving = monthsToGo <= 6 ? 1.12 : 1;
      const noise = 1 + (next() - 0.5) * 0.12;
      const cases = Math.max(0, Math.round(typical * who.fte * (1 + tendency.get(workerId)!) * season * struggling * beforeLeaving * noise));
      rows.push({ snapshotDate: date, workerId, cases, children: null, weightedCases: null });
    }
  });
  return rows;
}

export function caseloadsCsv(rows: readonly CaseloadSnapshot[]): string {
  return `${['snapshot_date,worker_id,cases', ...rows.map((row) => `${row.snapshotDate},${row.workerId},${row.cases}`)].join('\n')}\n`;
}

/** Imports the demo caseloads through the real import path, unless the same file is already the latest one. Returns rows written. */
export async function loadDemoCaseloads(db: Db, authorityCode: string, workers: readonly WorkerRecord[], options: { seed: number; lastYear: number; strugglingTeam?: string }): Promise<number> {
  const bytes = Buffer.from(caseloadsCsv(generateCaseloads(workers, options)));
  const latest = (await listImports(db, authorityCode)).find((entry) => entry.kind === 'caseloads');
  if (latest?.checksumSha256 === createHash('sha256').update(bytes).digest('hex')) return 0;
  const result = await importCaseloads(db, { authorityCode, fileName: 'northbridge-caseloads.csv', bytes, importedBy: 'demo' });
  if (!result.ok) throw new Error(`The demo caseloads file did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
  return result.inserted + result.updated;
}
