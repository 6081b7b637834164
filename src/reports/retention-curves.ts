import type { Db } from '../db/database.ts';
import { workersForCurves } from '../db/workers.ts';
import { councilWorkers } from './metrics.ts';
import {
  MIN_AT_RISK,
  groupSpells,
  kaplanMeier,
  retentionCurve,
  spellsAt,
  survivalCurve,
  survivalFigures,
  type CurvePoint,
  type RetentionCurveReport,
  type SurvivalFigures,
  type SurvivalGroupBy,
} from '../domain/survival.ts';
import type { IsoDate, WorkerRecord } from '../domain/workforce.ts';

/**
 * Retention curves for the CLI, the web page, the dashboard and packs: one read of the council's
 * workers (the nine columns the curves read; the dashboard passes its one load's records), computed
 * by src/domain/survival.ts.
 */

/** `retain retention curve --at D [--by FIELD]` (analysts and the CLI: every group). */
export async function retentionCurveAt(db: Db, authorityCode: string, at: IsoDate, by?: SurvivalGroupBy): Promise<RetentionCurveReport> {
  // Only the nine columns the curves read (workersForCurves).
  return retentionCurve(await workersForCurves(db, authorityCode), at, by);
}

export interface CurveSeries extends SurvivalFigures {
  key: string | number;
  curve: CurvePoint[];
}

export interface RetentionCurveView {
  at: IsoDate;
  by: SurvivalGroupBy | null;
  council: CurveSeries;
  /** With `by`: each group; for viewers only groups of 5 spells or more. */
  groups: CurveSeries[];
  /** Groups left out for a viewer (fewer than 5 spells). */
  hiddenGroups: number;
}

/** The retention page: the council's curve and, with `by`, each group's, with the figures for a table. */
export function retentionCurveViewOf(workers: readonly WorkerRecord[], at: IsoDate, by: SurvivalGroupBy | null, maySeeAll: boolean): RetentionCurveView {
  const spells = spellsAt(workers, at);
  const series = (key: string | number, members: typeof spells): CurveSeries => {
    const steps = kaplanMeier(members);
    return { key, ...survivalFigures(members, steps), curve: survivalCurve(members, steps) };
  };
  const all = by ? groupSpells(spells, by).map(({ key, spells: members }) => series(key, members)) : [];
  const groups = maySeeAll ? all : all.filter((group) => group.spells >= MIN_AT_RISK);
  return { at, by, council: series('council', spells), groups, hiddenGroups: all.length - groups.length };
}

export async function retentionCurveView(db: Db, authorityCode: string, at: IsoDate, by: SurvivalGroupBy | null, maySeeAll: boolean): Promise<RetentionCurveView> {
  return retentionCurveViewOf(await workersForCurves(db, authorityCode), at, by, maySeeAll);
}

/** The dashboard's two survival figures: the council's 12- and 24-month survival at a date, with 95% limits. */
export interface DashboardSurvival {
  at: IsoDate;
  spells: number;
  survival_12m: number | null;
  survival_12m_low: number | null;
  survival_12m_high: number | null;
  survival_24m: number | null;
  survival_24m_low: number | null;
  survival_24m_high: number | null;
}

/** Over records already read (the dashboard's one load of the council). */
export function dashboardSurvivalOf(workers: readonly WorkerRecord[], at: IsoDate): DashboardSurvival {
  const { spells, survival_12m, survival_12m_low, survival_12m_high, survival_24m, survival_24m_low, survival_24m_high } = retentionCurve(workers, at);
  // Survival is null below 5 spells at risk, so nothing here is built from fewer than 5 people.
  return { at, spells, survival_12m, survival_12m_low, survival_12m_high, survival_24m, survival_24m_low, survival_24m_high };
}

/** What an evidence pack holds about retention: the council's curve and figures by start origin (groups of 5 spells or more), frozen when issued. */
export interface RetentionPackSection {
  at: IsoDate;
  council: SurvivalFigures;
  byStartOrigin: Array<SurvivalFigures & { key: string | number }>;
  /** The council's step curve with its band, as SVG. */
  chartSvg: string | null;
}

export async function retentionPackSection(db: Db, authorityCode: string, at: IsoDate): Promise<RetentionPackSection | null> {
  // From the council's one load (its records, kept per data version), which the pack's other sections read too.
  const view = retentionCurveViewOf(await councilWorkers(db, authorityCode), at, 'start_origin', false);
  if (view.council.spells < MIN_AT_RISK) return null;
  const { survivalChartSvg } = await import('./retention-charts.ts');
  const strip = ({ curve: _curve, ...figures }: CurveSeries) => figures;
  return {
    at,
    council: strip(view.council),
    byStartOrigin: view.groups.map(strip),
    chartSvg:
      view.council.curve.length > 0
        ? survivalChartSvg({
            title: 'Retention of social workers',
            description: `Kaplan-Meier estimate of the share of employed spells still going after each number of months, at ${at}, with its shaded 95% confidence band. The table gives the figures.`,
            series: [{ name: 'The council', points: view.council.curve }],
          })
        : null,
  };
}
