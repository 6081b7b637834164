import type { Db } from '../db/database.ts';
import { agencyAssignmentsOverlapping, getScenario, type SavedScenario } from '../db/pay.ts';
import { listRecommendations, listReviews } from '../db/reviews.ts';
import { censusYearOf, censusYearStart, referenceDate } from '../domain/census.ts';
import type { Recommendation } from '../domain/reviews.ts';
import { sensitivityTable, type SensitivityRow } from '../domain/scenario-sensitivity.ts';
import { SCENARIO_CASES, type LeverInputs, type ScenarioResult } from '../domain/scenario.ts';
import { agencyPremium } from '../domain/scenario-agency.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { metricsForYear } from './metrics.ts';
import { scenarioBaseline } from './pay.ts';
import { longDate, oneDecimal, percent, pounds, twoDecimals } from '../domain/format.ts';
import type { Block, ReviewDocument, TableBlock } from './review-documents/model.ts';
import { tablesToXlsx, type AnyTable } from './tables.ts';
import { getRoleMap } from '../db/role-map.ts';
import { resolveRole } from '../domain/roles.ts';
import { workersOverlapping } from '../db/workers.ts';
import { conflict } from '../errors.ts';

/**
 * A saved scenario as a council business case: worked out once (`scenarioCase`) and shown on its
 * page, written to Word (the review documents' block model and writer), printed to PDF (their
 * print template) and laid out as a workbook (assumptions, yearly table, sensitivity).
 */

export interface ScenarioCase {
  saved: SavedScenario;
  result: ScenarioResult;
  sensitivity: SensitivityRow[];
  /** The scrutiny recommendation it is attached to, with its review's title. */
  recommendation: (Recommendation & { reviewTitle: string }) | null;
}

/** A saved scenario worked out against the council's current data; undefined when there is no such scenario. */
export async function scenarioCase(db: Db, authorityCode: string, id: number): Promise<ScenarioCase | undefined> {
  const saved = await getScenario(db, authorityCode, id);
  if (!saved) return undefined;
  const baseline = await scenarioBaseline(db, authorityCode, saved.definition.baseline_year, saved.definition.on_cost_rate ?? undefined);
  const { evaluateScenario } = await import('../domain/scenario.ts');
  const evaluated = evaluateScenario(saved.definition, baseline);
  if (!evaluated.ok) throw conflict(`Saved scenario ${id} no longer works out: ${evaluated.problems.join('; ')}`);
  let recommendation: ScenarioCase['recommendation'] = null;
  if (saved.recommendationId !== null) recommendation = (await councilRecommendations(db, authorityCode)).find((r) => r.id === saved.recommendationId) ?? null;
  return { saved, result: evaluated.result, sensitivity: sensitivityTable(saved.definition, baseline, evaluated.result), recommendation };
}

/** Every recommendation of the council's reviews, with its review's title (to choose one to attach a scenario to). */
export async function councilRecommendations(db: Db, authorityCode: string): Promise<Array<Recommendation & { reviewTitle: string }>> {
  const reviews = await listReviews(db, authorityCode, '1900-01-01');
  const lists = await Promise.all(reviews.map(async (review) => (await listRecommendations(db, authorityCode, review.id)).map((r) => ({ ...r, reviewTitle: review.title }))));
  return lists.flat();
}

// ---------------------------------------------------------------- after a year: what happened

export interface ScenarioFollowUp {
  baselineYear: number;
  /** The latest census year after the baseline that has ended by `today`; null before one has. */
  latestYear: number | null;
  turnoverBaseline: number | null;
  turnoverLatest: number | null;
  /** Percentage points: latest minus baseline. */
  turnoverChange: number | null;
  /** What the central case assumed for year 1: minus its reduction points. */
  turnoverAssumedChange: number;
  agencySpendBaseline: number | null;
  agencySpendLatest: number | null;
  agencySpendChange: number | null;
  /** The central case's year-1 saving on agency cover (a fall in spend, shown negative). */
  agencyAssumedChange: number;
  agencyNote: string;
}

const LABEL_CASE = { low: 'Low', central: 'Central', high: 'High' } as const;

/**
 * Beside the scenario's assumptions, what has happened since: turnover (the census
 * `turnover_rate_fte`) and agency spend (section 2's `agency_spend`, when agency assignments are
 * loaded) in the baseline year and in the latest census year to have ended since, once one has.
 */
export async function scenarioFollowUp(db: Db, authorityCode: string, result: ScenarioResult, today: IsoDate): Promise<ScenarioFollowUp> {
  const baselineYear = result.inputs.baseline_year;
  const lastEnded = censusYearOf(today) - 1;
  const latestYear = lastEnded > baselineYear ? lastEnded : null;
  const central = result.cases.central.years[0];
  const points = result.inputs.levers.reduce((sum, lever) => sum + (lever.active_years.includes(1) ? lever.reduction_points.central : 0), 0);
  const spend = async (year: number): Promise<number | null> => {
    const assignments = await agencyAssignmentsOverlapping(db, authorityCode, censusYearStart(year), referenceDate(year));
    if (assignments === null || assignments.length === 0) return null;
    const roleMap = await getRoleMap(db, authorityCode);
    const workers = await workersOverlapping(db, authorityCode, censusYearStart(year), referenceDate(year));
    const known = assignments.flatMap((a) => {
      const role = resolveRole(a.role, roleMap)?.role;
      return role ? [{ role, startDate: a.start_date, endDate: a.end_date, hourlyRate: a.hourly_rate, hoursPerWeek: a.hours_per_week }] : [];
    });
    return agencyPremium(known, workers, censusYearStart(year), referenceDate(year), result.inputs.on_cost_rate).agency_spend;
  };
  const turnoverBaseline = (await metricsForYear(db, authorityCode, baselineYear)).turnover_rate_fte;
  const turnoverLatest = latestYear === null ? null : (await metricsForYear(db, authorityCode, latestYear)).turnover_rate_fte;
  const agencySpendBaseline = await spend(baselineYear);
  const agencySpendLatest = latestYear === null ? null : await spend(latestYear);
  return {
    baselineYear,
    latestYear,
    turnoverBaseline,
    turnoverLatest,
    turnoverChange: turnoverBaseline === null || turnoverLatest === null ? null : turnoverLatest - turnoverBaseline,
    turnoverAssumedChange: -points,
    agencySpendBaseline,
    agencySpendLatest,
    agencySpendChange: agencySpendBaseline === null || agencySpendLatest === null ? null : agencySpendLatest - agencySpendBaseline,
    agencyAssumedChange: -((central?.leavers_avoided_fte ?? 0) * (result.inputs.cover_months / 12) * result.inputs.agency_premium_per_fte_year) || 0,
    agencyNote:
      agencySpendBaseline === null
        ? 'No agency assignments are loaded, so agency spend cannot be compared yet.'
        : 'Agency spend as retention-data.md section 2 defines it, from the agency assignments loaded.',
  };
}

// ---------------------------------------------------------------- the document

const percentOf = (fraction: number) => percent(fraction * 100);

export const LEVER_LABELS: Record<LeverInputs['kind'], string> = {
  pay_uplift: 'Pay uplift',
  market_supplement: 'Market supplement',
  retention_payment: 'Retention payment',
  convert_posts: 'Posts converted to a higher role',
  extra_posts: 'Extra posts',
  grow_your_own: 'Apprenticeships or grow-your-own places',
  fixed: 'Fixed cost',
};

/** One line saying what a lever is and how its cost is worked out, with the figures it used. */
export function leverDescription(lever: LeverInputs, onCostRate: number): string {
  const onCosts = `plus ${percentOf(onCostRate)} on-costs`;
  const named = lever.name ? `${lever.name}: ` : '';
  switch (lever.kind) {
    case 'pay_uplift':
      return `${named}${lever.percent}% on a salary of ${pounds(lever.salary ?? 0)} for ${oneDecimal(lever.fte ?? 0)} FTE ${lever.role} (${lever.role_code ?? ''}), ${onCosts}`;
    case 'market_supplement':
      return `${named}${pounds(lever.amount_per_year ?? 0)} a year for ${oneDecimal(lever.fte ?? 0)} FTE ${lever.role}, ${onCosts}`;
    case 'retention_payment':
      return `${named}${pounds(lever.amount ?? 0)} to each of ${lever.eligible_headcount} eligible staff${lever.eligibility ? ` (${lever.eligibility})` : ''}, ${onCosts}${lever.clawback_months ? `; repayable if they leave within ${lever.clawback_months} months (no repayment is counted)` : ''}`;
    case 'convert_posts':
      return `${named}${lever.posts} posts converted, ${pounds(lever.salary_difference ?? 0)} more each a year, ${onCosts}`;
    case 'extra_posts':
      return `${named}${lever.posts} extra posts at ${pounds(lever.salary ?? 0)}, ${onCosts}`;
    case 'grow_your_own':
      return `${named}${lever.places} places at ${pounds(lever.cost_per_place ?? 0)} a year each`;
    case 'fixed':
      return `${named}${(lever.cost_by_year ?? []).map((cost, i) => `year ${i + 1} ${pounds(cost)}`).join(', ')}`;
  }
}

export function assumptionRows(result: ScenarioResult): string[][] {
  const i = result.inputs;
  const source = (key: string) => i.sources[key] ?? '';
  return [
    ['Baseline census year', String(i.baseline_year), 'file'],
    ['Years', String(i.years), source('years')],
    ['In-post FTE', twoDecimals(i.inpost_fte), source('inpost_fte')],
    ['Replacement cost per leaver', pounds(i.replacement_cost), source('replacement_cost') === 'default' ? 'default: £12,000 (see the notes)' : source('replacement_cost')],
    ['Months of agency cover per leaver', oneDecimal(i.cover_months), source('cover_months')],
    ['Agency premium per FTE a year', pounds(i.agency_premium_per_fte_year), source('agency_premium_per_fte_year')],
    ['Saving per leaver avoided', pounds(i.saving_per_leaver_avoided), 'replacement cost + cover months / 12 × agency premium'],
    ['On-costs', percentOf(i.on_cost_rate), source('on_cost_rate')],
    ['Discount rate', percentOf(i.discount_rate), source('discount_rate') === 'default' ? 'default: HM Treasury Green Book, 3.5%' : source('discount_rate')],
  ];
}

export function leverRows(result: ScenarioResult): string[][] {
  return result.inputs.levers.map((lever) => [
    LEVER_LABELS[lever.kind],
    leverDescription(lever, result.inputs.on_cost_rate),
    lever.active_years.join(', ') || 'none',
    `${lever.reduction_points.low} / ${lever.reduction_points.central} / ${lever.reduction_points.high}`,
  ]);
}

function yearlyTable(result: ScenarioResult, c: (typeof SCENARIO_CASES)[number]): TableBlock {
  const figures = result.cases[c];
  return {
    kind: 'table',
    caption: `${LABEL_CASE[c]} case: ${figures.payback_year === null ? 'does not pay back within the period' : `pays back in year ${figures.payback_year}`}; net present value ${pounds(figures.npv)}`,
    columns: [
      { label: 'Year' },
      { label: 'Cost', numeric: true },
      { label: 'Leavers avoided (FTE)', numeric: true },
      { label: 'Saving', numeric: true },
      { label: 'Net', numeric: true },
      { label: 'Cumulative net', numeric: true },
    ],
    rows: figures.years.map((y) => [String(y.year), pounds(y.cost), twoDecimals(y.leavers_avoided_fte), pounds(y.saving), pounds(y.net), pounds(y.cumulative_net)]),
    rowHeaders: true,
  };
}

export function sensitivityValue(row: SensitivityRow): string {
  if (Number.isNaN(row.value)) return '';
  if (row.assumption === 'Discount rate') return percentOf(row.value);
  if (row.assumption.startsWith('Months')) return oneDecimal(row.value);
  if (row.assumption === 'In-post FTE') return twoDecimals(row.value);
  return pounds(row.value);
}

export function sensitivityRows(rows: readonly SensitivityRow[]): string[][] {
  return rows.map((r) => [
    r.assumption,
    sensitivityValue(r),
    pounds(r.low_npv),
    pounds(r.central_npv),
    pounds(r.high_npv),
    r.central_payback_year === null ? 'not within the period' : `year ${r.central_payback_year}`,
  ]);
}

/** The business case as a document: the same model the Word file and the PDF are made from. */
export function businessCaseDocument(view: ScenarioCase, council: string, produced: IsoDate): ReviewDocument {
  const { result } = view;
  const i = result.inputs;
  const central = result.cases.central;
  const totalCost = central.years.reduce((sum, y) => sum + y.cost, 0);
  const summary: Block[] = [
    { kind: 'paragraph', text: view.saved.definition.description ?? `An invest-to-save case over ${i.years} years from census year ${i.baseline_year}.` },
    {
      kind: 'paragraph',
      text: `It costs ${pounds(totalCost)} over ${i.years} years (${central.years.map((y) => pounds(y.cost)).join(', ')}). On the central assumptions it ${central.payback_year === null ? 'does not pay back within the period' : `pays back in year ${central.payback_year}`}, with a net present value of ${pounds(central.npv)}; low ${pounds(result.cases.low.npv)}, high ${pounds(result.cases.high.npv)}.`,
    },
  ];
  if (view.recommendation)
    summary.push({ kind: 'paragraph', label: 'Recommendation', text: `Recommendation ${view.recommendation.number} of “${view.recommendation.reviewTitle}”: ${view.recommendation.text}` });
  return {
    kind: 'business-case',
    council,
    documentTitle: 'Invest-to-save business case',
    title: view.saved.name,
    meta: [
      ['Baseline', `Census year ${i.baseline_year} (to ${longDate(referenceDate(i.baseline_year))})`],
      ['Period', `${i.years} years`],
      ['Prepared', longDate(produced)],
    ],
    layout: 'sections',
    sections: [
      { number: '1', heading: 'Summary', blocks: summary },
      {
        number: '2',
        heading: 'What the money buys',
        blocks: [
          {
            kind: 'table',
            columns: [{ label: 'Lever' }, { label: 'What and how it is costed' }, { label: 'Years' }, { label: 'Turnover reduction, points (low / central / high)' }],
            rows: leverRows(result),
            rowHeaders: true,
          },
        ],
      },
      {
        number: '3',
        heading: 'Assumptions',
        blocks: [
          { kind: 'table', columns: [{ label: 'Assumption' }, { label: 'Value', numeric: true }, { label: 'Where it comes from' }], rows: assumptionRows(result), rowHeaders: true },
          {
            kind: 'paragraph',
            text: 'Each year, leavers avoided = in-post FTE × the turnover reduction of the levers active that year ÷ 100; saving = leavers avoided × the saving per leaver avoided; net = saving − cost. The payback year is the first whose cumulative net is not negative; the net present value discounts each year’s net by (1 + discount rate) to the power of the year.',
          },
          ...(i.sources.replacement_cost === 'default'
            ? [
                {
                  kind: 'note' as const,
                  text: 'Replacement cost default: £12,000, between Oxford Economics’ estimates for Unum, “The Cost of Brain Drain” (2014): £5,433 of logistical costs per leaver and £30,614 with the new starter’s lost output. Agency cover is counted separately.',
                },
              ]
            : []),
          ...i.notes.map((text) => ({ kind: 'note' as const, text })),
        ],
      },
      { number: '4', heading: 'Costs and savings by year', blocks: SCENARIO_CASES.map((c) => yearlyTable(result, c)) },
      {
        number: '5',
        heading: 'Sensitivity',
        blocks: [
          { kind: 'paragraph', text: 'The case worked out again with one assumption changed at a time.' },
          {
            kind: 'table',
            columns: [
              { label: 'Assumption changed' },
              { label: 'Value', numeric: true },
              { label: 'Low NPV', numeric: true },
              { label: 'Central NPV', numeric: true },
              { label: 'High NPV', numeric: true },
              { label: 'Central payback' },
            ],
            rows: sensitivityRows(view.sensitivity),
            rowHeaders: true,
          },
        ],
      },
    ],
    closing: [{ kind: 'note', text: 'Prepared with Retain from the council’s workforce data; every figure above can be reproduced with `retain scenario` from the same scenario file.' }],
    produced,
  };
}

/** The workbook: an assumptions sheet (with the levers), the yearly table of every case, and the sensitivity table; numbers as numbers. */
export function businessCaseXlsx(view: ScenarioCase): Promise<Buffer> {
  const { result } = view;
  const i = result.inputs;
  const assumptions: AnyTable = {
    title: 'Assumptions',
    columns: [
      { key: 'assumption', label: 'Assumption' },
      { key: 'value', label: 'Value' },
      { key: 'source', label: 'Where it comes from' },
    ],
    rows: [
      { assumption: 'Scenario', value: view.saved.name, source: '' },
      { assumption: 'Baseline census year', value: i.baseline_year, source: 'file' },
      { assumption: 'Years', value: i.years, source: i.sources.years },
      { assumption: 'In-post FTE', value: i.inpost_fte, source: i.sources.inpost_fte },
      { assumption: 'Replacement cost per leaver (£)', value: i.replacement_cost, source: i.sources.replacement_cost },
      { assumption: 'Months of agency cover per leaver', value: i.cover_months, source: i.sources.cover_months },
      { assumption: 'Agency premium per FTE a year (£)', value: i.agency_premium_per_fte_year, source: i.sources.agency_premium_per_fte_year },
      { assumption: 'Saving per leaver avoided (£)', value: i.saving_per_leaver_avoided, source: 'replacement cost + cover months / 12 x agency premium' },
      { assumption: 'On-cost rate', value: i.on_cost_rate, source: i.sources.on_cost_rate },
      { assumption: 'Discount rate', value: i.discount_rate, source: i.sources.discount_rate },
      ...i.levers.map((lever, n) => ({
        assumption: `Lever ${n + 1}: ${LEVER_LABELS[lever.kind]}`,
        value: `${lever.reduction_points.low} / ${lever.reduction_points.central} / ${lever.reduction_points.high} points`,
        source: `${leverDescription(lever, i.on_cost_rate)}; years ${lever.active_years.join(', ')}`,
      })),
      ...i.notes.map((note) => ({ assumption: 'Note', value: '', source: note })),
    ],
  };
  const yearly: AnyTable = {
    title: 'Yearly figures',
    columns: ['case', 'year', 'cost', 'leavers_avoided_fte', 'saving', 'net', 'cumulative_net'].map((key) => ({ key, label: key })),
    rows: SCENARIO_CASES.flatMap((c) => result.cases[c].years.map((y) => ({ case: c, ...y }))),
  };
  const summary: AnyTable = {
    title: 'Payback and NPV',
    columns: ['case', 'payback_year', 'npv'].map((key) => ({ key, label: key })),
    rows: SCENARIO_CASES.map((c) => ({ case: c, payback_year: result.cases[c].payback_year, npv: result.cases[c].npv })),
  };
  const sensitivity: AnyTable = {
    title: 'Sensitivity',
    columns: ['assumption', 'value', 'low_npv', 'central_npv', 'high_npv', 'central_payback_year'].map((key) => ({ key, label: key })),
    rows: view.sensitivity.map((r) => ({ ...r, value: Number.isNaN(r.value) ? null : r.value })),
  };
  return tablesToXlsx([assumptions, yearly, summary, sensitivity]);
}

export interface AttachedScenario {
  scenarioId: number;
  name: string;
  /** The scenario's cost in each year (the same in every case): the investment it asks for. */
  investmentPerYear: number[];
  followUp: ScenarioFollowUp;
}

/** The scenarios attached to a review's recommendations, by recommendation id, for its recommendations page. */
export async function scenariosForRecommendations(db: Db, authorityCode: string, recommendationIds: readonly number[], today: IsoDate): Promise<Record<number, AttachedScenario>> {
  const attached: Record<number, AttachedScenario> = {};
  if (recommendationIds.length === 0) return attached;
  const { listScenarios } = await import('../db/pay.ts');
  for (const saved of await listScenarios(db, authorityCode)) {
    if (saved.recommendationId === null || !recommendationIds.includes(saved.recommendationId)) continue;
    const view = await scenarioCase(db, authorityCode, saved.id).catch(() => undefined);
    if (!view) continue;
    attached[saved.recommendationId] = {
      scenarioId: saved.id,
      name: saved.name,
      investmentPerYear: view.result.cases.central.years.map((y) => y.cost),
      followUp: await scenarioFollowUp(db, authorityCode, view.result, today),
    };
  }
  return attached;
}
