import { addDays } from './calendar-days.ts';
import { indexPosts, type WorkerCaseload } from './caseloads.ts';
import { inPostOn, workingDaysInCensusYear, censusYearOf } from './census.ts';
import { isCensusRecord, NO_TEAM } from './measures.ts';
import { rollingTurnover } from './retention.ts';
import { kaplanMeier, spellsAt, survivalAtDays, type Spell, type SurvivalStep } from './survival.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Early warning per team, and a forecast of leavers in the next 12 months from the council's own
 * survival model. Pure: the date, the records and the caseload snapshot are passed in.
 */

/** z for 95% and 99.8% control limits (two-sided). */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

export interface FunnelLimits {
  /** The comparison rate (a proportion, 0..1). */
  target: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Funnel-plot control limits for a proportion from `n` people around a target rate p (Spiegelhalter
 * 2005, normal approximation to the binomial): p ± z sqrt(p (1 - p) / n), clipped to 0..1.
 * Example: p 0.15, n 20 gives 95% limits 0 to 0.306 and 99.8% 0 to 0.397; with n 200, 0.101 to 0.199.
 */
export function funnelLimits(target: number, n: number): FunnelLimits {
  const se = n > 0 ? Math.sqrt((target * (1 - target)) / n) : Infinity;
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  return { target, lower95: clip(target - Z95 * se), upper95: clip(target + Z95 * se), lower998: clip(target - Z998 * se), upper998: clip(target + Z998 * se) };
}

export type Significance = 'above_998' | 'above_95' | 'within' | 'below_95' | 'below_998';

/** Where a rate from n people falls against the funnel around the target: beyond 99.8%, beyond 95%, or within (chance). */
export function significanceOf(rate: number, n: number, target: number): Significance {
  const limits = funnelLimits(target, n);
  if (rate > limits.upper998) return 'above_998';
  if (rate > limits.upper95) return 'above_95';
  if (rate < limits.lower998) return 'below_998';
  if (rate < limits.lower95) return 'below_95';
  return 'within';
}

/** Triggers for the early-warning flags: stated choices, each explained on the page. */
export const EARLY_WARNING_RULES = {
  /** A team's share of case holders over their caseload threshold. */
  overThresholdShare: 0.2,
  /** Agency share of FTE in post: at least this, and above the council's. */
  agencyShare: 0.15,
  /** Sickness absence rate (days lost over FTE x working days): at least this, and above the council's. */
  absenceRate: 0.04,
  /** Employed leavers (headcount) in the last 91 days. */
  recentLeavers: 2,
  recentDays: 91,
} as const;

export interface TeamSignal {
  team: string;
  inPostHeadcount: number;
  inPostFte: number;
  turnoverRate: number | null;
  turnoverSignificance: Significance | null;
  overThresholdShare: number | null;
  agencyShare: number | null;
  absenceRate: number | null;
  /** -1 when withheld from a viewer (1 to 4). */
  recentLeavers: number;
  /** How many of the five flags are raised. */
  flags: number;
  /** One plain sentence per raised flag. */
  reasons: string[];
  forecast: LeaverForecast;
}

export interface LeaverForecast {
  /** Expected leavers (headcount) in the 12 months after the date. */
  expected: number;
  /** 95% interval, whole people (normal approximation to the sum of each person's chance). */
  low: number;
  high: number;
  /** People the forecast is over. */
  people: number;
}

/**
 * The chance each person in post on D leaves in the next 12 months, from Kaplan-Meier survival of
 * spells of the same DfE role (the role of the spell's first post; the whole council's curve when
 * the role has fewer than 20 spells): 1 - S(L + 365) / S(L), L the spell's length so far. Past the
 * longest spell observed the curve is flat, so the chance there is 0: the forecast says so.
 */
export function leavingChances(spells: readonly Spell[]): Map<Spell, number> {
  const council = kaplanMeier(spells);
  const byRole = new Map<string, Spell[]>();
  for (const spell of spells) {
    const list = byRole.get(spell.firstPost.role);
    if (list) list.push(spell);
    else byRole.set(spell.firstPost.role, [spell]);
  }
  const curves = new Map<string, SurvivalStep[]>();
  for (const [role, members] of byRole) curves.set(role, members.length >= 20 ? kaplanMeier(members) : council);
  const chances = new Map<Spell, number>();
  for (const spell of spells) {
    if (spell.left) continue;
    const steps = curves.get(spell.firstPost.role) ?? council;
    const now = survivalAtDays(steps, spell.days).survival;
    const later = survivalAtDays(steps, spell.days + 365).survival;
    chances.set(spell, now > 0 ? 1 - later / now : 1);
  }
  return chances;
}

/** The sum of independent chances, with a 95% interval (mean ± 1.96 sd, sd² = Σ p(1 - p)), in whole people. */
export function forecastFrom(chances: readonly number[]): LeaverForecast {
  let expected = 0;
  let variance = 0;
  for (const p of chances) {
    expected += p;
    variance += p * (1 - p);
  }
  const spread = Z95 * Math.sqrt(variance);
  return { expected, low: Math.max(0, Math.floor(expected - spread)), high: Math.ceil(expected + spread), people: chances.length };
}

export interface EarlyWarning {
  date: IsoDate;
  council: Omit<TeamSignal, 'team' | 'flags' | 'reasons' | 'turnoverSignificance'>;
  /** Teams ranked: most flags first, then highest turnover. */
  teams: TeamSignal[];
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The early-warning list at D. For each team (of the worker's post in post on D; leavers by the
 * team of the post they left): rolling 12-month turnover (headcount, employed) tested against the
 * council's rate with funnel limits; the share of its case holders over their caseload threshold
 * on the latest snapshot; agency share of FTE; sickness absence; employed leavers in the last 91
 * days. Each raised flag comes with its reason; the forecast is the sum of leaving chances of the
 * team's people in post.
 */
export function earlyWarning(workers: readonly WorkerRecord[], date: IsoDate, caseloads: readonly WorkerCaseload[], options: { withholdSmallNumbers?: boolean } = {}): EarlyWarning {
  const withhold = options.withholdSmallNumbers ?? false;
  const small = (count: number) => withhold && count > 0 && count < 5;
  const records = workers.filter((record) => isCensusRecord(record));
  const teamOf = (record: WorkerRecord) => record.team ?? NO_TEAM;
  const spells = spellsAt(records, date);
  const chances = leavingChances(spells);
  // A person's team for the forecast: their current spell's post in post on D with the largest FTE.
  const chanceByTeam = new Map<string, number[]>();
  const postsOf = indexPosts(records);
  for (const [spell, chance] of chances) {
    const posts = (postsOf.get(spell.workerId) ?? []).filter((record) => !record.agency && inPostOn(record, date));
    const main = posts.sort((a, b) => b.fte - a.fte || a.startDate.localeCompare(b.startDate))[0];
    const team = main ? teamOf(main) : teamOf(spell.firstPost);
    const list = chanceByTeam.get(team);
    if (list) list.push(chance);
    else chanceByTeam.set(team, [chance]);
  }

  const councilRolling = rollingTurnover(records, date);
  const councilRate = councilRolling.inpost_headcount > 0 ? councilRolling.leavers_headcount / councilRolling.inpost_headcount : 0;
  const measure = (group: readonly WorkerRecord[], rows: readonly WorkerCaseload[]) => {
    const rolling = rollingTurnover(group, date);
    const inPost = group.filter((record) => inPostOn(record, date));
    const employedFte = inPost.filter((r) => !r.agency).reduce((sum, r) => sum + r.fte, 0);
    const agencyFte = inPost.filter((r) => r.agency).reduce((sum, r) => sum + r.fte, 0);
    const withAbsence = inPost.filter((r) => !r.agency && r.workingDaysLost !== null);
    const absenceFte = withAbsence.reduce((sum, r) => sum + r.fte, 0);
    const daysLost = withAbsence.reduce((sum, r) => sum + (r.workingDaysLost ?? 0), 0);
    const holding = rows.filter((row) => row.cases >= 1);
    const since = addDays(date, -EARLY_WARNING_RULES.recentDays);
    const recent = new Set(group.filter((r) => !r.agency && r.endDate !== null && r.endDate > since && r.endDate <= date).map((r) => r.workerId));
    return {
      inPostHeadcount: rolling.inpost_headcount,
      inPostFte: employedFte,
      turnoverRate: rolling.inpost_headcount > 0 ? rolling.leavers_headcount / rolling.inpost_headcount : null,
      leavers: rolling.leavers_headcount,
      overThresholdShare: holding.length > 0 ? holding.filter((row) => row.overThreshold).length / holding.length : null,
      agencyShare: employedFte + agencyFte > 0 ? agencyFte / (employedFte + agencyFte) : null,
      absenceRate: absenceFte > 0 ? daysLost / (absenceFte * workingDaysInCensusYear(censusYearOf(date))) : null,
      recentLeavers: recent.size,
    };
  };
  const council = measure(records, caseloads);

  const byTeam = new Map<string, WorkerRecord[]>();
  for (const record of records) {
    const list = byTeam.get(teamOf(record));
    if (list) list.push(record);
    else byTeam.set(teamOf(record), [record]);
  }
  const teams: TeamSignal[] = [];
  for (const [team, group] of byTeam) {
    const figures = measure(
      group,
      caseloads.filter((row) => row.team === team),
    );
    if (figures.inPostHeadcount === 0 && figures.recentLeavers === 0) continue;
    // Viewers: no team of fewer than 5 in post, and no figure that gives away 1 to 4 leavers.
    if (withhold && figures.inPostHeadcount < 5) continue;
    const hideTurnover = small(figures.leavers);
    const reasons: string[] = [];
    const significance = figures.turnoverRate === null ? null : significanceOf(figures.turnoverRate, figures.inPostHeadcount, councilRate);
    if (significance === 'above_95' || significance === 'above_998') {
      const limit = significance === 'above_998' ? '99.8%' : '95%';
      reasons.push(
        hideTurnover
          ? `Turnover in the last 12 months is above the council’s ${pct(councilRate)} by more than chance explains (beyond the ${limit} limit).`
          : `Turnover of ${pct(figures.turnoverRate!)} in the last 12 months is above the council’s ${pct(councilRate)} by more than chance explains (beyond the ${limit} limit for a team of ${figures.inPostHeadcount}).`,
      );
    }
    if (figures.overThresholdShare !== null && figures.overThresholdShare >= EARLY_WARNING_RULES.overThresholdShare) {
      reasons.push(`${pct(figures.overThresholdShare)} of its case holders are over their caseload threshold.`);
    }
    if (figures.agencyShare !== null && figures.agencyShare >= EARLY_WARNING_RULES.agencyShare && figures.agencyShare > (council.agencyShare ?? 0)) {
      reasons.push(`Agency workers are ${pct(figures.agencyShare)} of its FTE (council ${pct(council.agencyShare ?? 0)}).`);
    }
    if (figures.absenceRate !== null && figures.absenceRate >= EARLY_WARNING_RULES.absenceRate && figures.absenceRate > (council.absenceRate ?? 0)) {
      reasons.push(`Sickness absence is ${pct(figures.absenceRate)} of working days (council ${pct(council.absenceRate ?? 0)}).`);
    }
    if (figures.recentLeavers >= EARLY_WARNING_RULES.recentLeavers) {
      reasons.push(small(figures.recentLeavers) ? 'Between 2 and 4 employed people have left in the last 3 months.' : `${figures.recentLeavers} employed people have left in the last 3 months.`);
    }
    teams.push({
      team,
      inPostHeadcount: figures.inPostHeadcount,
      inPostFte: figures.inPostFte,
      turnoverRate: hideTurnover ? null : figures.turnoverRate,
      turnoverSignificance: significance,
      overThresholdShare: figures.overThresholdShare,
      agencyShare: figures.agencyShare,
      absenceRate: figures.absenceRate,
      recentLeavers: small(figures.recentLeavers) ? -1 : figures.recentLeavers,
      flags: reasons.length,
      reasons,
      forecast: forecastFrom(chanceByTeam.get(team) ?? []),
    });
  }
  teams.sort((a, b) => b.flags - a.flags || (b.turnoverRate ?? -1) - (a.turnoverRate ?? -1) || a.team.localeCompare(b.team));
  const { leavers: _leavers, ...councilFigures } = council;
  return { date, council: { ...councilFigures, forecast: forecastFrom([...chances.values()]) }, teams };
}
