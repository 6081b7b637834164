import { caseloadSnapshotDates, caseloadSnapshots, listCaseloadThresholds } from '../db/caseloads.ts';
import type { Db } from '../db/database.ts';
import { workersForAuthority } from '../db/workers.ts';
import { indexPosts, resolveCaseloads, snapshotDateFor, thresholdTable } from '../domain/caseloads.ts';
import { earlyWarning, funnelLimits, type EarlyWarning } from '../domain/early-warning.ts';
import type { IsoDate } from '../domain/workforce.ts';

/** The early-warning page: the ranked list and the funnel plot's points and limits, from one read. */
export interface EarlyWarningView extends EarlyWarning {
  snapshotDate: IsoDate | null;
  funnel: {
    /** The council's rolling turnover (headcount), the funnel's centre, as a proportion. */
    target: number;
    points: Array<{ team: string; people: number; rate: number }>;
    limits: Array<{ people: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
  };
}

export async function earlyWarningView(db: Db, authorityCode: string, date: IsoDate, maySeeAll: boolean): Promise<EarlyWarningView> {
  const [workers, dates, thresholds] = await Promise.all([workersForAuthority(db, authorityCode), caseloadSnapshotDates(db, authorityCode), listCaseloadThresholds(db, authorityCode)]);
  const snapshotDate = snapshotDateFor(dates, date);
  const snapshots = snapshotDate ? await caseloadSnapshots(db, authorityCode, { from: snapshotDate, to: snapshotDate }) : [];
  const rows = resolveCaseloads(snapshots, indexPosts(workers), thresholdTable(thresholds));
  return earlyWarningViewOf(earlyWarning(workers, date, rows, { withholdSmallNumbers: !maySeeAll }), snapshotDate);
}

export function earlyWarningViewOf(warning: EarlyWarning, snapshotDate: IsoDate | null): EarlyWarningView {
  const target = warning.council.turnoverRate ?? 0;
  const points = warning.teams.filter((team) => team.turnoverRate !== null && team.inPostHeadcount > 0).map((team) => ({ team: team.team, people: team.inPostHeadcount, rate: team.turnoverRate! }));
  const largest = Math.max(20, ...warning.teams.map((team) => team.inPostHeadcount));
  const limits = [];
  for (let people = 3; people <= Math.ceil(largest * 1.1); people++) limits.push({ people, ...funnelLimits(target, people) });
  return { ...warning, snapshotDate, funnel: { target, points, limits } };
}
