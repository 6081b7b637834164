import { median } from './benchmarks.ts';
import { addYears, inPostOn } from './census.ts';
import type { RoleCode } from './codes.ts';
import { addMonths } from './reviews.ts';
import { roleKey } from './roles.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Agency assignments and what they cost (shared/spec/retention-data.md section 2 and section 7).
 * Everything here is pure: the period, the on-cost rate and the council's employed records are
 * passed in. Worked examples for every figure are in agency.test.ts.
 */

/** One agency assignment: a row of the `agency` file after validation. */
export interface AgencyAssignment {
  assignmentId: string;
  /** The agency's or managed service provider's reference for the person. */
  workerRef: string;
  /** Social Work England number: links the assignment to employed records. */
  sweNumber: string | null;
  agency: string;
  role: RoleCode;
  /** The role as written when it was a local name ("Senior Social Worker"); null when written as a code. */
  localRole: string | null;
  team: string | null;
  startDate: IsoDate;
  /** Last day of the assignment; null while it runs. */
  endDate: IsoDate | null;
  /** Pounds an hour charged to the council. */
  hourlyRate: number;
  /** 37 when the file does not say. */
  hoursPerWeek: number;
  coveringVacancy: boolean | null;
  projectTeam: boolean | null;
  qualifiedDate: IsoDate | null;
  overCapApproved: boolean | null;
}

/** One row of the `price-caps` file: the region's maximum hourly rate for a role from a date. */
export interface PriceCap {
  /** The role as written: a local role name or a role code. */
  role: string;
  /** The role code when `role` is a code (or its DfE number); null when it is a local name. */
  roleCode: RoleCode | null;
  effectiveFrom: IsoDate;
  maxHourlyRate: number;
}

export const STANDARD_HOURS_PER_WEEK = 37;
export const DEFAULT_ON_COST_RATE = 0.3;
/** DfE's statutory guidance on agency child and family social workers applies to engagements from this date. */
export const GUIDANCE_IN_FORCE = '2024-10-31';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const DAY_MS = 86_400_000;

/** Whole days from `a` to `b` (b - a): 2025-01-01 to 2025-01-31 is 30. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The day after or before: `addDays('2025-02-28', 1)` is 2025-03-01. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days of [from, to], both inclusive: 1 October 2024 to 30 September 2025 is 365. */
export function periodDays(period: Period): number {
  return daysBetween(period.from, period.to) + 1;
}

/**
 * `days`: the calendar days of [start_date, end_date or D2] inside [D1, D2], both ends inclusive.
 * Example: an assignment from 2025-09-01 to 2025-10-31 cut by a period ending 2025-09-30 has 30 days.
 */
export function daysInPeriod(assignment: Pick<AgencyAssignment, 'startDate' | 'endDate'>, period: Period): number {
  const first = assignment.startDate > period.from ? assignment.startDate : period.from;
  const end = assignment.endDate ?? period.to;
  const last = end < period.to ? end : period.to;
  return last < first ? 0 : daysBetween(first, last) + 1;
}

/**
 * An assignment's full length: `end_date - start_date + 1`, or to D2 while it runs. An end date
 * after D2 counts as it is (section 7): only an empty end runs to D2.
 */
export function assignmentLengthDays(assignment: Pick<AgencyAssignment, 'startDate' | 'endDate'>, periodEnd: IsoDate): number {
  return daysBetween(assignment.startDate, assignment.endDate ?? periodEnd) + 1;
}

/** The cap in force on a date for one cap role: the row with the latest `effective_from` on or before it. */
function capInForce(caps: readonly PriceCap[], date: IsoDate): PriceCap | undefined {
  let found: PriceCap | undefined;
  for (const cap of caps) if (cap.effectiveFrom <= date && (!found || cap.effectiveFrom > found.effectiveFrom)) found = cap;
  return found;
}

/**
 * The cap for an assignment: that of its local role name (matched loosely, as role names are) if
 * one is in force on its start date, else that of its role code; undefined when none is in force.
 * Example: caps "Senior Social Worker" £42 from 2025-04-01 and senior_practitioner £40 from
 * 2024-04-01; an assignment as Senior Social Worker starting 2025-01-06 takes £40 (the local cap
 * was not yet in force), one starting 2025-05-01 takes £42.
 */
export function capFor(assignment: Pick<AgencyAssignment, 'role' | 'localRole' | 'startDate'>, caps: readonly PriceCap[]): PriceCap | undefined {
  if (assignment.localRole !== null) {
    const key = roleKey(assignment.localRole);
    const local = capInForce(
      caps.filter((cap) => cap.roleCode === null && roleKey(cap.role) === key),
      assignment.startDate,
    );
    if (local) return local;
  }
  return capInForce(
    caps.filter((cap) => cap.roleCode === assignment.role),
    assignment.startDate,
  );
}

/** Over cap: the hourly rate exceeds the cap in force on the start date (capFor), and the excess was not signed off. */
function isOverCap(assignment: Pick<AgencyAssignment, 'hourlyRate' | 'overCapApproved'>, cap: PriceCap | null): boolean {
  return cap !== null && assignment.hourlyRate > cap.maxHourlyRate && assignment.overCapApproved !== true;
}

/**
 * Post-qualifying experience under 3 years: for assignments starting on or after 2024-10-31, a
 * `qualified_date` after the same calendar date 3 years before `start_date`. Exactly 3 years is
 * not flagged. Null (unknown) when there is no qualified date; false for earlier starts.
 * Example: start 2025-03-01, qualified 2022-03-01: not flagged; qualified 2022-03-02: flagged.
 */
export function pqeUnderThreeYears(assignment: Pick<AgencyAssignment, 'startDate' | 'qualifiedDate'>): boolean | null {
  if (assignment.startDate < GUIDANCE_IN_FORCE) return false;
  if (assignment.qualifiedDate === null) return null;
  return assignment.qualifiedDate > addYears(assignment.startDate, -3);
}

/** Whole years of post-qualifying experience on a date (for the quarterly return); null when unknown. */
export function pqeYears(qualifiedDate: IsoDate | null, on: IsoDate): number | null {
  if (qualifiedDate === null || qualifiedDate > on) return qualifiedDate === null ? null : 0;
  let years = Number(on.slice(0, 4)) - Number(qualifiedDate.slice(0, 4));
  if (addYears(qualifiedDate, years) > on) years -= 1;
  return years;
}

/** SWE numbers compare ignoring case and spaces ("SW 12345" is "sw12345"). */
export function sweKey(sweNumber: string | null): string | null {
  if (sweNumber === null) return null;
  const key = sweNumber.replace(/\s+/g, '').toUpperCase();
  return key === '' ? null : key;
}

const REDUNDANCY = new Set(['voluntary_redundancy', 'compulsory_redundancy']);

/**
 * Cool-off breach: the person (by SWE number) left an employed post of this council that ended on
 * or before the assignment's start, and `start_date < end_date + 3 calendar months` (the same day
 * of the month, clipped to the month's end: 30 November + 3 months is 28 February). A post left
 * through voluntary or compulsory redundancy is exempt.
 * Example: employed post ended 2025-01-31 (resignation), assignment from 2025-04-29: breach
 * (2025-01-31 + 3 months = 2025-04-30); from 2025-04-30: none; had the post ended in redundancy: none.
 */
export function coolOffBreach(assignment: Pick<AgencyAssignment, 'sweNumber' | 'startDate'>, employed: readonly WorkerRecord[]): boolean {
  const key = sweKey(assignment.sweNumber);
  if (key === null) return false;
  return employed.some(
    (record) =>
      !record.agency &&
      record.endDate !== null &&
      sweKey(record.sweNumber) === key &&
      record.endDate <= assignment.startDate &&
      assignment.startDate < addMonths(record.endDate, 3) &&
      !REDUNDANCY.has(record.leavingReason ?? ''),
  );
}

/**
 * `salary(role)`: the median `salary` of employed post records of the role (children's service;
 * the contract is silent on service, and the census counts children's services only) in post on
 * D2, or, when none with a salary is in post on D2, on the latest day of the period on which one
 * is. Null when no such record is in post on any day of the period.
 * Example: two case holders on £36,000 and £40,000 in post on D2: £38,000. If the only salaried
 * senior practitioner left on 2025-06-30 (last in post 2025-06-29), the median is taken on 2025-06-29.
 */
export function medianSalaryFor(role: RoleCode, employed: readonly WorkerRecord[], period: Period): number | null {
  const salaried = employed.filter((record) => !record.agency && record.service === 'children' && record.role === role && record.salary !== null);
  let latest: IsoDate | null = null;
  for (const record of salaried) {
    if (record.startDate > period.to) continue;
    // In post from start_date up to the day before end_date (inPostOn).
    const lastInPost = record.endDate === null ? period.to : addDays(record.endDate, -1);
    const last = lastInPost < period.to ? lastInPost : period.to;
    const first = record.startDate > period.from ? record.startDate : period.from;
    if (last < first) continue;
    if (latest === null || last > latest) latest = last;
  }
  if (latest === null) return null;
  const day = latest;
  return median(salaried.filter((record) => inPostOn(record, day)).map((record) => record.salary));
}

export interface KeyedSpend {
  key: string | null;
  assignments: number;
  agency_spend: number;
}

/** The figures of `retain agency`, named as the contract names them. */
export interface AgencyFigures {
  assignments: number;
  agency_spend: number;
  agency_fte_average: number;
  employed_equivalent_cost: number;
  no_salary_assignments: number;
  agency_premium: number;
  by_role: KeyedSpend[];
  by_team: KeyedSpend[];
  by_agency: KeyedSpend[];
  over_cap: string[];
  pqe_under_3_years: string[];
  pqe_unknown: number;
  cool_off_breaches: string[];
  median_assignment_days: number | null;
  converted_to_permanent: number;
}

export interface AgencyInput {
  assignments: readonly AgencyAssignment[];
  caps: readonly PriceCap[];
  /** The council's worker records (employed and agency; only employed ones are read). */
  workers: readonly WorkerRecord[];
  period: Period;
  onCostRate?: number;
}

/** One counted assignment with its share of the period, for figures and pages alike. */
export interface CountedAssignment {
  assignment: AgencyAssignment;
  days: number;
  spend: number;
  fteDays: number;
  /** The employed equivalent cost of these days; null when the role has no salary. */
  employedCost: number | null;
  cap: PriceCap | null;
  overCap: boolean;
  pqeUnder3: boolean | null;
  coolOffBreach: boolean;
  lengthDays: number;
}

/**
 * Each assignment with `days` > 0 in the period, with what it costs and how it fares against the
 * guidance. `spend = hourly_rate * hours_per_week * days / 7`; `fteDays = hours_per_week / 37 * days`;
 * `employedCost = salary(role) * (1 + on_cost_rate) * hours_per_week / 37 * days / 365`.
 */
export function countAssignments(input: AgencyInput): CountedAssignment[] {
  const onCostRate = input.onCostRate ?? DEFAULT_ON_COST_RATE;
  const salaries = new Map<RoleCode, number | null>();
  const salaryOf = (role: RoleCode) => {
    if (!salaries.has(role)) salaries.set(role, medianSalaryFor(role, input.workers, input.period));
    return salaries.get(role)!;
  };
  const counted: CountedAssignment[] = [];
  for (const assignment of input.assignments) {
    const days = daysInPeriod(assignment, input.period);
    if (days <= 0) continue;
    const hours = assignment.hoursPerWeek;
    const salary = salaryOf(assignment.role);
    const cap = capFor(assignment, input.caps) ?? null;
    counted.push({
      assignment,
      days,
      spend: (assignment.hourlyRate * hours * days) / 7,
      fteDays: (hours / STANDARD_HOURS_PER_WEEK) * days,
      employedCost: salary === null ? null : (salary * (1 + onCostRate) * (hours / STANDARD_HOURS_PER_WEEK) * days) / 365,
      cap,
      overCap: isOverCap(assignment, cap),
      pqeUnder3: pqeUnderThreeYears(assignment),
      coolOffBreach: coolOffBreach(assignment, input.workers),
      lengthDays: assignmentLengthDays(assignment, input.period.to),
    });
  }
  return counted;
}

/**
 * `converted_to_permanent`: distinct SWE numbers of agency assignments (any assignment, counted
 * in the period or not) whose person started an employed post of this council in [D1, D2] on or
 * after the assignment's start.
 * Example: assignment from 2024-11-04, employed post from 2025-05-01, period the census year 2025: 1.
 */
export function convertedToPermanent(assignments: readonly AgencyAssignment[], workers: readonly WorkerRecord[], period: Period): number {
  const employedStarts = new Map<string, IsoDate[]>();
  for (const record of workers) {
    const key = sweKey(record.sweNumber);
    if (record.agency || key === null || record.startDate < period.from || record.startDate > period.to) continue;
    employedStarts.set(key, [...(employedStarts.get(key) ?? []), record.startDate]);
  }
  const converted = new Set<string>();
  for (const assignment of assignments) {
    const key = sweKey(assignment.sweNumber);
    if (key === null) continue;
    if ((employedStarts.get(key) ?? []).some((start) => start >= assignment.startDate)) converted.add(key);
  }
  return converted.size;
}

function keyedSpend(counted: readonly CountedAssignment[], keyOf: (a: AgencyAssignment) => string | null): KeyedSpend[] {
  const groups = new Map<string | null, KeyedSpend>();
  for (const c of counted) {
    const key = keyOf(c.assignment);
    const group = groups.get(key) ?? { key, assignments: 0, agency_spend: 0 };
    group.assignments += 1;
    group.agency_spend += c.spend;
    groups.set(key, group);
  }
  // Sorted by key (no team last), so output is stable whatever the file's order.
  return [...groups.values()].sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The figures of `retain agency --from D1 --to D2` (see the contract for each field). Sums are 0
 * with nothing to count; the median is null. `agency_premium` is spend minus employed equivalent
 * cost over the assignments whose role has a salary. Id lists are sorted.
 */
export function agencyFigures(input: AgencyInput): AgencyFigures {
  const counted = countAssignments(input);
  const withSalary = counted.filter((c) => c.employedCost !== null);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const employedCost = sum(withSalary.map((c) => c.employedCost!));
  return {
    assignments: counted.length,
    agency_spend: sum(counted.map((c) => c.spend)),
    agency_fte_average: sum(counted.map((c) => c.fteDays)) / periodDays(input.period),
    employed_equivalent_cost: employedCost,
    no_salary_assignments: counted.length - withSalary.length,
    agency_premium: sum(withSalary.map((c) => c.spend)) - employedCost,
    by_role: keyedSpend(counted, (a) => a.role),
    by_team: keyedSpend(counted, (a) => a.team),
    by_agency: keyedSpend(counted, (a) => a.agency),
    over_cap: counted
      .filter((c) => c.overCap)
      .map((c) => c.assignment.assignmentId)
      .sort(byId),
    pqe_under_3_years: counted
      .filter((c) => c.pqeUnder3 === true)
      .map((c) => c.assignment.assignmentId)
      .sort(byId),
    // Unknown PQE among the assignments the rule applies to (starting on or after 2024-10-31).
    pqe_unknown: counted.filter((c) => c.pqeUnder3 === null).length,
    cool_off_breaches: counted
      .filter((c) => c.coolOffBreach)
      .map((c) => c.assignment.assignmentId)
      .sort(byId),
    median_assignment_days: median(counted.map((c) => c.lengthDays)),
    converted_to_permanent: convertedToPermanent(input.assignments, input.workers, input.period),
  };
}

/** Census year Y as a period: 1 October Y-1 to 30 September Y. */
export function censusYearPeriod(year: number): Period {
  return { from: `${year - 1}-10-01`, to: `${year}-09-30` };
}

/**
 * A calendar quarter, `2025Q3`: 1 July to 30 September 2025. (Calendar quarters, as DfE's
 * quarterly agency return is described by calendar quarter; the contract is silent.) Undefined when malformed.
 */
export function quarterPeriod(quarter: string): Period | undefined {
  const match = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(quarter.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const q = Number(match[2]);
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const to = addDays(addMonths(from, 3), -1);
  return { from, to };
}

/** One row of the quarterly agency return to DfE. */
export interface QuarterlyReturnRow {
  assignment_id: string;
  worker_ref: string;
  role: RoleCode;
  local_role: string | null;
  team: string | null;
  agency: string;
  /** Whole years since qualifying, on the assignment's start date (null when unknown). */
  pqe_years: number | null;
  hourly_rate: number;
  cap: number | null;
  over_cap: boolean;
  over_cap_approved: boolean;
  project_team: boolean;
  start_date: IsoDate;
  end_date: IsoDate | null;
}

/**
 * The quarterly return: one row per assignment active in the quarter (`days` > 0), by start date
 * then id. `over_cap` here is the rate above the cap whether approved or not, with `over_cap_approved`
 * beside it, as the return reports both.
 */
export function quarterlyReturn(assignments: readonly AgencyAssignment[], caps: readonly PriceCap[], quarter: Period): QuarterlyReturnRow[] {
  return assignments
    .filter((a) => daysInPeriod(a, quarter) > 0)
    .sort((a, b) => (a.startDate === b.startDate ? byId(a.assignmentId, b.assignmentId) : a.startDate < b.startDate ? -1 : 1))
    .map((a) => {
      const cap = capFor(a, caps);
      return {
        assignment_id: a.assignmentId,
        worker_ref: a.workerRef,
        role: a.role,
        local_role: a.localRole,
        team: a.team,
        agency: a.agency,
        pqe_years: pqeYears(a.qualifiedDate, a.startDate),
        hourly_rate: a.hourlyRate,
        cap: cap?.maxHourlyRate ?? null,
        over_cap: cap !== undefined && a.hourlyRate > cap.maxHourlyRate,
        over_cap_approved: a.overCapApproved === true,
        project_team: a.projectTeam === true,
        start_date: a.startDate,
        end_date: a.endDate,
      };
    });
}

/** Spend by calendar month inside the period (for the agency page's chart and table). */
export function spendByMonth(counted: readonly CountedAssignment[], period: Period): Array<{ month: string; agency_spend: number; fte_average: number }> {
  const months: Array<{ month: string; agency_spend: number; fte_average: number }> = [];
  let start = `${period.from.slice(0, 7)}-01`;
  while (start <= period.to) {
    const monthEnd = addDays(addMonths(start, 1), -1);
    const slice: Period = { from: start < period.from ? period.from : start, to: monthEnd > period.to ? period.to : monthEnd };
    let spend = 0;
    let fteDays = 0;
    for (const c of counted) {
      const days = daysInPeriod(c.assignment, slice);
      spend += (c.assignment.hourlyRate * c.assignment.hoursPerWeek * days) / 7;
      fteDays += (c.assignment.hoursPerWeek / STANDARD_HOURS_PER_WEEK) * days;
    }
    months.push({ month: start.slice(0, 7), agency_spend: spend, fte_average: fteDays / periodDays(slice) });
    start = addMonths(start, 1);
  }
  return months;
}

/** Vacancy age bands, in months since `vacant_since` (issue 12 item 3). */
export const VACANCY_AGE_BANDS = ['Under 3 months', '3 to 6 months', '6 to 9 months', '9 to 12 months', '12 months or more'] as const;

/**
 * Vacancy age on the latest reference date with post rows: each identified vacant post by whole
 * calendar months since `vacant_since` (0-2, 3-5, 6-8, 9-11, 12 or more), by team. Posts without
 * a `vacant_since` are counted as age not known.
 * Example: reference date 2025-09-30, vacant since 2025-03-31: 6 months, the "6 to 9 months" band.
 */
export function vacancyAges(vacancies: ReadonlyArray<{ referenceDate: IsoDate; team: string | null; postId?: string; vacantSince?: IsoDate | null; vacancyFte: number }>): {
  referenceDate: IsoDate;
  rows: Array<{ team: string; bands: number[]; notKnown: number; fte: number }>;
} | null {
  const posts = vacancies.filter((v) => v.postId !== undefined && v.vacancyFte > 0);
  if (posts.length === 0) return null;
  const referenceDate = posts.reduce((latest, v) => (v.referenceDate > latest ? v.referenceDate : latest), posts[0]!.referenceDate);
  const byTeam = new Map<string, { team: string; bands: number[]; notKnown: number; fte: number }>();
  for (const v of posts.filter((p) => p.referenceDate === referenceDate)) {
    const team = v.team ?? 'No team';
    const row = byTeam.get(team) ?? { team, bands: VACANCY_AGE_BANDS.map(() => 0), notKnown: 0, fte: 0 };
    row.fte += v.vacancyFte;
    if (!v.vacantSince) row.notKnown += 1;
    else {
      let months = (Number(referenceDate.slice(0, 4)) - Number(v.vacantSince.slice(0, 4))) * 12 + Number(referenceDate.slice(5, 7)) - Number(v.vacantSince.slice(5, 7));
      if (addMonths(v.vacantSince, months) > referenceDate) months -= 1;
      row.bands[Math.min(4, Math.floor(months / 3))]! += 1;
    }
    byTeam.set(team, row);
  }
  return { referenceDate, rows: [...byTeam.values()].sort((a, b) => (a.team < b.team ? -1 : 1)) };
}
