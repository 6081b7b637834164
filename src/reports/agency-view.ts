import { applicationsAppliedBetween, assignmentsForAuthority } from '../db/agency.ts';
import type { Db } from '../db/database.ts';
import { censusYearOf } from '../domain/census.ts';
import { ROLE_LABELS, type RoleCode } from '../domain/codes.ts';
import { censusYearPeriod, VACANCY_AGE_BANDS, vacancyAges, type CountedAssignment, type KeyedSpend } from '../domain/agency.ts';
import { pounds, poundsAndPence } from '../domain/format.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { isSmallNumber } from '../domain/disclosure.ts';
import { funnel, LOSS_REASON_LABELS, LOSS_REASONS, ROUTE_LABELS, SOURCE_LABELS, type Application, type Route, type Source } from '../domain/recruitment.ts';
import { agencyReport, type AgencyReport } from './agency.ts';
import { barChartSvg } from './charts.ts';
import { recruitmentReport, type RecruitmentReport } from './recruitment.ts';

/**
 * The agency and recruitment pages' view models (also read by evidence packs and the committee
 * report). Disclosure: a viewer (and any committee document) sees aggregates only, and a figure
 * built from 1 to 4 assignments or applications shows as [c]; rows (who, which assignment) are
 * for analysts and admins.
 */

export const SUPPRESSED = '[c]';

/** A number for people: pounds, whole counts, one-decimal rates; [c] when built from 1-4 people and withheld. */
export interface ShownFigure {
  text: string;
  value: number | null;
  suppressed: boolean;
}

const show = (value: number | null, text: string): ShownFigure => ({ value, text, suppressed: false });
const withheld: ShownFigure = { value: null, text: SUPPRESSED, suppressed: true };

export function shownPounds(value: number | null, people: number, allowAll: boolean): ShownFigure {
  if (!allowAll && isSmallNumber(people)) return withheld;
  return value === null ? show(null, 'not available') : show(value, pounds(value));
}

export function shownCount(value: number, allowAll: boolean): ShownFigure {
  return !allowAll && isSmallNumber(value) ? withheld : show(value, String(value));
}

export function shownNumber(value: number | null, people: number, allowAll: boolean, digits = 1, suffix = ''): ShownFigure {
  if (!allowAll && isSmallNumber(people)) return withheld;
  return value === null ? show(null, 'not available') : show(value, `${value.toFixed(digits).replace(/\.0+$/, '')}${suffix}`);
}

export interface SpendRow {
  label: string;
  assignments: ShownFigure;
  spend: ShownFigure;
}

function spendRows(rows: readonly KeyedSpend[], label: (key: string | null) => string, allowAll: boolean): SpendRow[] {
  return rows.map((row) => ({ label: label(row.key), assignments: shownCount(row.assignments, allowAll), spend: shownPounds(row.agency_spend, row.assignments, allowAll) }));
}

export interface FlaggedAssignment {
  assignmentId: string;
  workerRef: string;
  agency: string;
  role: string;
  team: string;
  startDate: string;
  endDate: string | null;
  hourlyRate: number;
  cap: number | null;
  detail: string;
}

function flagged(c: CountedAssignment, detail: string): FlaggedAssignment {
  const a = c.assignment;
  return {
    assignmentId: a.assignmentId,
    workerRef: a.workerRef,
    agency: a.agency,
    role: a.localRole ?? ROLE_LABELS[a.role],
    team: a.team ?? 'No team',
    startDate: a.startDate,
    endDate: a.endDate,
    hourlyRate: a.hourlyRate,
    cap: c.cap?.maxHourlyRate ?? null,
    detail,
  };
}

export interface ComplianceCheck {
  id: string;
  title: string;
  rule: string;
  count: ShownFigure;
  /** The assignments flagged: analysts only (empty for viewers). */
  rows: FlaggedAssignment[];
}

export interface AgencyView {
  censusYear: number;
  years: number[];
  hasData: boolean;
  allowAll: boolean;
  headline: Array<{ label: string; figure: ShownFigure; hint?: string }>;
  months: Array<{ month: string; label: string; spend: ShownFigure; fte: ShownFigure }>;
  chartSvg: string | null;
  byTeam: SpendRow[];
  byRole: SpendRow[];
  byAgency: SpendRow[];
  checks: ComplianceCheck[];
  longRunning: ComplianceCheck[];
  /** Vacant posts by months vacant, when the vacancy return names posts (posts, not people: not suppressed). */
  vacancyAge: { referenceDate: string; bands: readonly string[]; rows: Array<{ team: string; bands: number[]; notKnown: number; fte: number }> } | null;
  report: AgencyReport;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Census years with agency assignments (first start to last start), oldest first. */
export async function agencyYears(db: Db, authorityCode: string): Promise<number[]> {
  const assignments = await assignmentsForAuthority(db, authorityCode);
  if (assignments.length === 0) return [];
  const first = censusYearOf(assignments[0]!.startDate);
  const last = Math.max(...assignments.map((a) => censusYearOf(a.startDate)));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Months of 183 and 365 days: "over 6 months" and "over 12 months". */
export const SIX_MONTHS_DAYS = 183;
export const TWELVE_MONTHS_DAYS = 365;

export async function agencyView(db: Db, authorityCode: string, censusYear: number | undefined, allowAll: boolean): Promise<AgencyView> {
  const years = await agencyYears(db, authorityCode);
  const year = censusYear ?? years[years.length - 1] ?? censusYearOf(new Date().toISOString().slice(0, 10));
  const report = await agencyReport(db, authorityCode, censusYearPeriod(year));
  const f = report.figures;
  const n = f.assignments;
  const withSalary = n - f.no_salary_assignments;
  const activeIn = (month: string) => report.counted.filter((c) => c.assignment.startDate.slice(0, 7) <= month && (c.assignment.endDate === null || c.assignment.endDate.slice(0, 7) >= month)).length;
  const months = report.months.map((m) => {
    const people = activeIn(m.month);
    return { month: m.month, label: monthLabel(m.month), spend: shownPounds(m.agency_spend, people, allowAll), fte: shownNumber(m.fte_average, people, allowAll) };
  });
  // A month withheld from a viewer (fewer than 5 assignments) is written [c] in place of its bar,
  // as the table shows it: never an empty bar read as nothing spent.
  const withheldMonths = months.filter((m) => m.spend.suppressed).map((m) => m.label);
  const chartSvg =
    n > 0
      ? barChartSvg({
          title: `Agency spend by month, census year ${year}`,
          description: `Spend on agency social workers in each month from ${months[0]?.label} to ${months[months.length - 1]?.label}, in thousands of pounds.${withheldMonths.length ? ` Withheld (fewer than 5 assignments), written [c]: ${withheldMonths.join(', ')}.` : ''} The table below gives the figures.`,
          categories: months.map((m) => m.label),
          values: months.map((m) => (m.spend.suppressed || m.spend.value === null ? null : m.spend.value / 1000)),
          missingLabels: months.map((m) => (m.spend.suppressed ? '[c]' : m.spend.value === null ? 'not available' : null)),
          unit: 'k',
        })
      : null;
  const byId = new Map(report.counted.map((c) => [c.assignment.assignmentId, c]));
  const rowsOf = (ids: readonly string[], detail: (c: CountedAssignment) => string) => (allowAll ? ids.map((id) => flagged(byId.get(id)!, detail(byId.get(id)!))) : []);
  const pounds2 = poundsAndPence;
  const checks: ComplianceCheck[] = [
    {
      id: 'over-cap',
      title: 'Above the price cap without sign-off',
      rule: 'Hourly rate above the regional cap in force on the start date, not approved by the director and chief executive.',
      count: shownCount(f.over_cap.length, allowAll),
      rows: rowsOf(f.over_cap, (c) => `${pounds2(c.assignment.hourlyRate)} an hour against a cap of ${pounds2(c.cap!.maxHourlyRate)}`),
    },
    {
      id: 'pqe',
      title: 'Under 3 years’ post-qualifying experience',
      rule: 'Started on or after 31 October 2024 less than 3 years after qualifying.',
      count: shownCount(f.pqe_under_3_years.length, allowAll),
      rows: rowsOf(f.pqe_under_3_years, (c) => `Qualified ${c.assignment.qualifiedDate}`),
    },
    {
      id: 'cool-off',
      title: 'Within 3 months of leaving a permanent post here',
      rule: 'Started less than 3 calendar months after leaving an employed post with this council (redundancy exempt).',
      count: shownCount(f.cool_off_breaches.length, allowAll),
      rows: rowsOf(f.cool_off_breaches, () => 'Left an employed post here under 3 months before'),
    },
  ];
  const longOf = (days: number) => report.counted.filter((c) => c.lengthDays > days).sort((a, b) => b.lengthDays - a.lengthDays);
  const longRunning: ComplianceCheck[] = [
    {
      id: 'over-12-months',
      title: 'Over 12 months',
      rule: 'Assignments counted this year that have run (or are booked to run) more than 12 months.',
      count: shownCount(longOf(TWELVE_MONTHS_DAYS).length, allowAll),
      rows: [],
    },
    {
      id: 'over-6-months',
      title: 'Over 6 months',
      rule: 'Assignments counted this year that have run (or are booked to run) more than 6 months, including those over 12.',
      count: shownCount(longOf(SIX_MONTHS_DAYS).length, allowAll),
      rows: [],
    },
  ];
  longRunning[0]!.rows = allowAll ? longOf(TWELVE_MONTHS_DAYS).map((c) => flagged(c, `${c.lengthDays} days`)) : [];
  longRunning[1]!.rows = allowAll
    ? longOf(SIX_MONTHS_DAYS)
        .filter((c) => c.lengthDays <= TWELVE_MONTHS_DAYS)
        .map((c) => flagged(c, `${c.lengthDays} days`))
    : [];
  return {
    censusYear: year,
    years,
    hasData: n > 0,
    allowAll,
    headline: [
      { label: 'Assignments', figure: shownCount(n, allowAll) },
      { label: 'Agency spend', figure: shownPounds(f.agency_spend, n, allowAll) },
      { label: 'Average agency FTE', figure: shownNumber(f.agency_fte_average, n, allowAll) },
      {
        label: 'Premium over employed cost',
        figure: shownPounds(withSalary === 0 ? null : f.agency_premium, withSalary, allowAll),
        hint: `Against the median salary of employed staff in the same role plus ${Math.round(report.onCostRate * 100)}% on-costs.`,
      },
      { label: 'Median assignment length', figure: shownNumber(f.median_assignment_days, n, allowAll, 0, ' days') },
      { label: 'Converted to permanent', figure: shownCount(f.converted_to_permanent, allowAll) },
    ],
    months,
    chartSvg,
    byTeam: spendRows(f.by_team, (key) => key ?? 'No team', allowAll),
    byRole: spendRows(f.by_role, (key) => ROLE_LABELS[key as RoleCode] ?? String(key), allowAll),
    byAgency: spendRows(f.by_agency, (key) => key ?? 'Not known', allowAll),
    checks,
    longRunning,
    vacancyAge: vacancyAgeView(await vacanciesForAuthority(db, authorityCode)),
    report,
  };
}

function vacancyAgeView(vacancies: Parameters<typeof vacancyAges>[0]): AgencyView['vacancyAge'] {
  const ages = vacancyAges(vacancies);
  return ages ? { ...ages, bands: VACANCY_AGE_BANDS } : null;
}

export interface FunnelView {
  label: string;
  cells: ShownFigure[];
}

export interface RecruitmentView {
  censusYear: number;
  years: number[];
  hasData: boolean;
  allowAll: boolean;
  headline: Array<{ label: string; figure: ShownFigure; hint?: string }>;
  funnelByRole: FunnelView[];
  funnelByRoute: FunnelView[];
  lossReasons: Array<{ label: string; count: ShownFigure }>;
  sources: Array<{ label: string; applications: ShownFigure; offers: ShownFigure; starters: ShownFigure }>;
  routes: Array<{ label: string; applications: ShownFigure; offers: ShownFigure; starters: ShownFigure }>;
  readvertised: Array<{ campaign: string; adverts: string[]; applications: number }>;
  readvertisedCount: ShownFigure;
  /** Late-stage losses, one row each: analysts only. */
  losses: Application[];
  report: RecruitmentReport;
}

/** Census years with applications, oldest first. */
export async function recruitmentYears(db: Db, authorityCode: string): Promise<number[]> {
  const applications = await applicationsAppliedBetween(db, authorityCode, '0001-01-01', '9999-12-31');
  const years = [...new Set(applications.map((a) => censusYearOf(a.appliedDate)))].sort((a, b) => a - b);
  return years;
}

export const FUNNEL_STAGES = ['applied', 'shortlisted', 'interviewed', 'offered', 'accepted', 'started'] as const;

export async function recruitmentView(db: Db, authorityCode: string, censusYear: number | undefined, allowAll: boolean): Promise<RecruitmentView> {
  const years = await recruitmentYears(db, authorityCode);
  const year = censusYear ?? years[years.length - 1] ?? censusYearOf(new Date().toISOString().slice(0, 10));
  const report = await recruitmentReport(db, authorityCode, year);
  const f = report.figures;
  const apps = report.applications;
  const funnelRows = (keyOf: (a: Application) => string, label: (key: string) => string): FunnelView[] =>
    funnel(apps, keyOf).map((row) => ({ label: label(row.key), cells: FUNNEL_STAGES.map((stage) => shownCount(row[stage], allowAll)) }));
  const groupRows = (rows: typeof f.by_source, label: (key: string | null) => string) =>
    rows.map((row) => ({ label: label(row.key), applications: shownCount(row.applications, allowAll), offers: shownCount(row.offers, allowAll), starters: shownCount(row.starters, allowAll) }));
  const decided = f.offers_accepted + f.offers_declined;
  const campaigns = new Map<string, { adverts: Set<string>; applications: number }>();
  for (const a of apps) {
    const c = campaigns.get(a.campaign) ?? { adverts: new Set(), applications: 0 };
    c.adverts.add(a.advertDate);
    c.applications += 1;
    campaigns.set(a.campaign, c);
  }
  const readvertised = [...campaigns]
    .filter(([, c]) => c.adverts.size > 1)
    .map(([campaign, c]) => ({ campaign, adverts: [...c.adverts].sort(), applications: c.applications }))
    .sort((a, b) => (a.campaign < b.campaign ? -1 : 1));
  return {
    censusYear: year,
    years,
    hasData: apps.length > 0,
    allowAll,
    headline: [
      { label: 'Applications', figure: shownCount(f.applications, allowAll) },
      { label: 'Offers made', figure: shownCount(f.offers, allowAll), hint: `${f.offers_pending} still pending` },
      {
        label: 'Offer acceptance',
        figure: shownNumber(f.offer_acceptance_rate, isSmallNumber(f.offers_accepted) || isSmallNumber(f.offers_declined) ? 1 : decided, allowAll, 1, '%'),
        hint: 'Accepted out of accepted and declined; pending offers are left out.',
      },
      { label: 'Late-stage losses', figure: shownCount(f.late_stage_losses, allowAll), hint: 'Offers declined, and accepted offers withdrawn before starting.' },
      { label: 'Median time to offer', figure: shownNumber(f.median_time_to_offer_days, f.offers, allowAll, 1, ' days'), hint: 'From application to offer.' },
      { label: 'Median time to hire', figure: shownNumber(f.median_time_to_hire_days, f.offers_accepted, allowAll, 1, ' days'), hint: 'From advert to acceptance.' },
      { label: 'Starters', figure: shownCount(f.starters, allowAll) },
    ],
    funnelByRole: funnelRows(
      (a) => a.localRole ?? ROLE_LABELS[a.role],
      (key) => key,
    ),
    funnelByRoute: funnelRows(
      (a) => a.route ?? '',
      (key) => (key === '' ? 'Not recorded' : ROUTE_LABELS[key as Route]),
    ),
    lossReasons: LOSS_REASONS.filter((r) => f.loss_reasons[r] > 0).map((r) => ({ label: LOSS_REASON_LABELS[r], count: shownCount(f.loss_reasons[r], allowAll) })),
    sources: groupRows(f.by_source, (key) => (key === null ? 'Not recorded' : SOURCE_LABELS[key as Source])),
    routes: groupRows(f.by_route, (key) => (key === null ? 'Not recorded' : ROUTE_LABELS[key as Route])),
    readvertised: allowAll ? readvertised : [],
    readvertisedCount: show(f.campaigns_readvertised, String(f.campaigns_readvertised)),
    losses: allowAll ? apps.filter((a) => a.offerOutcome === 'declined' || (a.offerOutcome === 'accepted' && a.withdrawn && a.startDate === null)) : [],
    report,
  };
}
