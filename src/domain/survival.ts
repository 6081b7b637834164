import { addDays, daysBetween } from './calendar-days.ts';
import { censusYearOf } from './census.ts';
import { isCensusRecord, NO_TEAM } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Retention curves (shared/spec/retention-data.md section 5): how long people stay, as
 * Kaplan-Meier survival over spells of employment, with Greenwood confidence limits.
 */

/** Days in a month for lengths in months (365.25 / 12). */
export const DAYS_PER_MONTH = 30.4375;

/** The survival points reported, in months and days. */
export const SURVIVAL_POINTS = [
  { months: 12, days: 365.25 },
  { months: 24, days: 730.5 },
  { months: 36, days: 1095.75 },
  { months: 60, days: 1826.25 },
] as const;

/** Fewer spells than this at risk at a point and its survival is not shown (spec 5). */
export const MIN_AT_RISK = 5;

/** 95% limits. */
const Z = 1.96;

/** A spell of employment: one worker's chained employed posts. */
export interface Spell {
  workerId: string;
  start: IsoDate;
  /** Its last day: the latest end_date (a leaving) or, censored, the date of the curve. */
  lastDay: IsoDate;
  left: boolean;
  /** `lastDay - start + 1`. */
  days: number;
  /** The spell's first post (for grouping by start_origin, role, team). */
  firstPost: WorkerRecord;
}

/**
 * A worker's spells at date D, over employed children's services posts. Posts starting after D are
 * ignored; an end_date after D is treated as empty. Posts sorted by start_date chain while the
 * next starts no later than 31 days after the latest end_date so far (an open post keeps the
 * chain open). A spell with an open post is censored at D, otherwise it ends in a leaving on its
 * latest end_date, whatever the reason.
 * Example (D 2025-09-30): posts 2020-01-01..2021-12-31 and 2022-01-31..2023-06-30 chain (30 days
 * apart) into one leaving spell of 1277 days; a return on 2023-08-01 (32 days on) starts a new spell.
 */
export function spellsOf(posts: readonly WorkerRecord[], at: IsoDate): Spell[] {
  const sorted = posts
    .filter((post) => post.startDate <= at)
    .map((post) => (post.endDate !== null && post.endDate > at ? { ...post, endDate: null } : post))
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  const spells: Spell[] = [];
  let first: WorkerRecord | null = null;
  // The latest end so far; null while a post of the spell is open.
  let latestEnd: IsoDate | null = null;
  const close = () => {
    if (first === null) return;
    const lastDay = latestEnd ?? at;
    spells.push({ workerId: first.workerId, start: first.startDate, lastDay, left: latestEnd !== null, days: daysBetween(first.startDate, lastDay) + 1, firstPost: first });
  };
  for (const post of sorted) {
    const chains = first !== null && (latestEnd === null || post.startDate <= addDays(latestEnd, 31));
    if (!chains) {
      close();
      first = post;
      latestEnd = post.endDate;
      continue;
    }
    if (latestEnd !== null) latestEnd = post.endDate === null ? null : post.endDate > latestEnd ? post.endDate : latestEnd;
  }
  close();
  return spells;
}

/** Every worker's spells at D, over employed (not agency) children's services posts. */
export function spellsAt(workers: readonly WorkerRecord[], at: IsoDate): Spell[] {
  const byWorker = new Map<string, WorkerRecord[]>();
  for (const record of workers) {
    if (record.agency || !isCensusRecord(record)) continue;
    const list = byWorker.get(record.workerId);
    if (list) list.push(record);
    else byWorker.set(record.workerId, [record]);
  }
  const spells: Spell[] = [];
  for (const posts of byWorker.values()) spells.push(...spellsOf(posts, at));
  return spells;
}

/** One step of the Kaplan-Meier curve: a length (days) with at least one leaving. */
export interface SurvivalStep {
  days: number;
  /** n: spells of this length or longer (a censoring at this length still counts). */
  atRisk: number;
  /** d: leavings of this length. */
  leavings: number;
  /** S(t) = S(t-) * (1 - d / n). */
  survival: number;
  /** Greenwood's running sum of d / (n (n - d)). */
  greenwood: number;
}

/**
 * Kaplan-Meier over spells: at each distinct length t with a leaving, S(t) = S(t-) (1 - d/n).
 * Example: lengths 100 (left), 100 (censored), 200 (left), 300 (censored): at 100, n 4, d 1,
 * S 0.75; at 200, n 2, d 1, S 0.375.
 */
export function kaplanMeier(spells: ReadonlyArray<Pick<Spell, 'days' | 'left'>>): SurvivalStep[] {
  const sorted = [...spells].sort((a, b) => a.days - b.days);
  const steps: SurvivalStep[] = [];
  let survival = 1;
  let greenwood = 0;
  for (let i = 0; i < sorted.length; ) {
    const days = sorted[i]!.days;
    const atRisk = sorted.length - i;
    let leavings = 0;
    let j = i;
    for (; j < sorted.length && sorted[j]!.days === days; j++) if (sorted[j]!.left) leavings += 1;
    if (leavings > 0) {
      survival *= 1 - leavings / atRisk;
      greenwood += atRisk === leavings ? Infinity : leavings / (atRisk * (atRisk - leavings));
      steps.push({ days, atRisk, leavings, survival, greenwood });
    }
    i = j;
  }
  return steps;
}

/** S at a length: the product over leaving lengths up to it (1 before the first), with Greenwood's sum. */
export function survivalAtDays(steps: readonly SurvivalStep[], days: number): { survival: number; greenwood: number } {
  let found = { survival: 1, greenwood: 0 };
  for (const step of steps) {
    if (step.days > days) break;
    found = step;
  }
  return { survival: found.survival, greenwood: found.greenwood };
}

/**
 * 95% limits on the log-log scale: log(-log S) ± z * sqrt(greenwood) / |log S|, back-transformed,
 * so the limits stay inside 0..1. As R's survival package (conf.type "log-log"): S = 1 gives
 * limits of 1, S = 0 gives 0.
 */
export function logLogLimits(survival: number, greenwood: number, z = Z): { low: number; high: number } {
  if (survival >= 1) return { low: 1, high: 1 };
  if (survival <= 0 || !Number.isFinite(greenwood)) return { low: 0, high: 0 };
  const spread = (z * Math.sqrt(greenwood)) / Math.abs(Math.log(survival));
  return { low: survival ** Math.exp(spread), high: survival ** Math.exp(-spread) };
}

export interface SurvivalFigures {
  spells: number;
  leavings: number;
  survival_12m: number | null;
  survival_12m_low: number | null;
  survival_12m_high: number | null;
  survival_24m: number | null;
  survival_24m_low: number | null;
  survival_24m_high: number | null;
  survival_36m: number | null;
  survival_36m_low: number | null;
  survival_36m_high: number | null;
  survival_60m: number | null;
  survival_60m_low: number | null;
  survival_60m_high: number | null;
  median_months: number | null;
}

/**
 * The spec 5 figures over spells. Survival at 12, 24, 36 and 60 months (365.25 ... 1826.25 days)
 * as percentages, null when fewer than 5 spells are that long or longer; limits likewise. The
 * median is the smallest leaving length at which S <= 0.5, in months.
 */
export function survivalFigures(spells: ReadonlyArray<Pick<Spell, 'days' | 'left'>>, steps: readonly SurvivalStep[] = kaplanMeier(spells)): SurvivalFigures {
  const figures: Record<string, number | null> = { spells: spells.length, leavings: spells.filter((spell) => spell.left).length };
  for (const point of SURVIVAL_POINTS) {
    const atRisk = spells.filter((spell) => spell.days >= point.days).length;
    const name = `survival_${point.months}m`;
    if (atRisk < MIN_AT_RISK) {
      figures[name] = figures[`${name}_low`] = figures[`${name}_high`] = null;
      continue;
    }
    const { survival, greenwood } = survivalAtDays(steps, point.days);
    const { low, high } = logLogLimits(survival, greenwood);
    figures[name] = survival * 100;
    figures[`${name}_low`] = low * 100;
    figures[`${name}_high`] = high * 100;
  }
  // A hair of tolerance: a product that is 0.5 exactly on paper can come out a rounding error above it.
  const medianStep = steps.find((step) => step.survival <= 0.5 + 1e-12);
  figures.median_months = medianStep ? medianStep.days / DAYS_PER_MONTH : null;
  return figures as unknown as SurvivalFigures;
}

export type SurvivalGroupBy = 'start_origin' | 'role' | 'team' | 'cohort';
export const SURVIVAL_GROUP_BYS: readonly SurvivalGroupBy[] = ['start_origin', 'role', 'team', 'cohort'];

/**
 * A spell's group: the start_origin, DfE role or team of its first post, or the census year of its
 * start (cohort). A first post with no start_origin is `not_known` (the code for it), with no team
 * `(no team)` as elsewhere.
 */
export function spellGroupKey(spell: Spell, by: SurvivalGroupBy): string | number {
  switch (by) {
    case 'start_origin':
      return spell.firstPost.startOrigin ?? 'not_known';
    case 'role':
      return spell.firstPost.role;
    case 'team':
      return spell.firstPost.team ?? NO_TEAM;
    case 'cohort':
      return censusYearOf(spell.start);
  }
}

export interface SurvivalGroup extends SurvivalFigures {
  key: string | number;
}

export interface RetentionCurveReport extends SurvivalFigures {
  at: IsoDate;
  groups?: SurvivalGroup[];
}

/** `retain retention curve --at D [--by FIELD]`. Groups sorted by key (cohorts in year order). */
export function retentionCurve(workers: readonly WorkerRecord[], at: IsoDate, by?: SurvivalGroupBy): RetentionCurveReport {
  const spells = spellsAt(workers, at);
  const report: RetentionCurveReport = { at, ...survivalFigures(spells) };
  if (by) report.groups = groupSpells(spells, by).map(({ key, spells: members }) => ({ key, ...survivalFigures(members) }));
  return report;
}

export function groupSpells(spells: readonly Spell[], by: SurvivalGroupBy): Array<{ key: string | number; spells: Spell[] }> {
  const groups = new Map<string | number, Spell[]>();
  for (const spell of spells) {
    const key = spellGroupKey(spell, by);
    const list = groups.get(key);
    if (list) list.push(spell);
    else groups.set(key, [spell]);
  }
  return [...groups.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)))).map((key) => ({ key, spells: groups.get(key)! }));
}

/** A point of a drawn curve: survival (percent) and its limits from length 0 to each leaving length. */
export interface CurvePoint {
  months: number;
  survival: number;
  low: number;
  high: number;
  atRisk: number;
}

/**
 * The step curve for charts: S starts at 100% at 0 months and steps down at each leaving length,
 * drawn while at least 5 spells are at risk (where the spec would show a figure).
 */
export function survivalCurve(spells: ReadonlyArray<Pick<Spell, 'days' | 'left'>>, steps: readonly SurvivalStep[] = kaplanMeier(spells)): CurvePoint[] {
  if (spells.length < MIN_AT_RISK) return [];
  const points: CurvePoint[] = [{ months: 0, survival: 100, low: 100, high: 100, atRisk: spells.length }];
  for (const step of steps) {
    if (step.atRisk < MIN_AT_RISK) break;
    const { low, high } = logLogLimits(step.survival, step.greenwood);
    points.push({ months: step.days / DAYS_PER_MONTH, survival: step.survival * 100, low: low * 100, high: high * 100, atRisk: step.atRisk });
  }
  return points;
}
