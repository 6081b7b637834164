import type { RoleCode } from './codes.ts';
import { inPostOn } from './census.ts';
import { isCensusRecord } from './measures.ts';
import { median } from './pay.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * The agency premium a scenario's baseline needs (retention-data.md section 2), computed here from
 * agency assignments so that scenarios need nothing from the agency module but its rows. When the
 * agency figures (`retain agency`) land in src/reports, `ScenarioBaseline` can take them from there
 * instead: the formulas are the contract's and the same.
 *
 * For a period [from, to] (both inclusive) and an assignment, `days` = calendar days of
 * [start_date, end_date or to] inside the period:
 * - `agency_spend` = sum of `hourly_rate * hours_per_week * days / 7`
 * - `agency_fte_average` = sum of `(hours_per_week / 37) * days` / calendar days of the period
 * - `employed_equivalent_cost` = sum of `salary(role) * (1 + on_cost_rate) * (hours_per_week / 37) * days / 365`,
 *   `salary(role)` the median salary of employed records of the role in post on `to` (or on the
 *   latest day of the period with one); assignments of a role with no salary are left out of this
 *   and of the premium
 * - `agency_premium` = `agency_spend - employed_equivalent_cost` over the assignments with a salary
 * - per FTE-year: `agency_premium / agency_fte_average`.
 *
 * Worked example (test beside): one full-time assignment all year at £45 an hour, social workers
 * on £40,000, 30% on-costs: spend 45 x 37 x 366 / 7 = £87,055.71, equivalent 40,000 x 1.3 x 366 / 365
 * = £52,142.47, premium £34,913.24 over 1 FTE.
 */

export interface AgencyAssignmentCost {
  role: RoleCode;
  startDate: IsoDate;
  endDate: IsoDate | null;
  hourlyRate: number;
  /** Default 37. */
  hoursPerWeek: number | null;
}

export interface AgencyPremium {
  assignments: number;
  agency_spend: number;
  agency_fte_average: number;
  employed_equivalent_cost: number;
  agency_premium: number;
  no_salary_assignments: number;
  /** `agency_premium / agency_fte_average`; null when there is no agency FTE. */
  agency_premium_per_fte_year: number | null;
}

const DAY_MS = 86_400_000;

export function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function isoOfDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Median salary of a role's employed records on `to`, or on the latest day of [from, to] when someone with a salary was in post. */
export function periodSalary(workers: readonly WorkerRecord[], role: RoleCode, from: IsoDate, to: IsoDate): number | null {
  const withSalary = workers.filter((w) => !w.agency && isCensusRecord(w) && w.role === role && w.salary !== null);
  let latest: number | null = null;
  for (const w of withSalary) {
    // The last day in post within the period: the day before end_date (not in post on end_date itself), or `to`.
    const last = Math.min(dayNumber(to), w.endDate === null ? Infinity : dayNumber(w.endDate) - 1);
    const first = Math.max(dayNumber(from), dayNumber(w.startDate));
    if (last >= first && (latest === null || last > latest)) latest = last;
  }
  if (latest === null) return null;
  const date = isoOfDay(latest);
  return median(withSalary.filter((w) => inPostOn(w, date)).map((w) => w.salary!));
}

export function agencyPremium(assignments: readonly AgencyAssignmentCost[], workers: readonly WorkerRecord[], from: IsoDate, to: IsoDate, onCostRate: number): AgencyPremium {
  const periodDays = dayNumber(to) - dayNumber(from) + 1;
  const salaries = new Map<RoleCode, number | null>();
  const figures: AgencyPremium = {
    assignments: 0,
    agency_spend: 0,
    agency_fte_average: 0,
    employed_equivalent_cost: 0,
    agency_premium: 0,
    no_salary_assignments: 0,
    agency_premium_per_fte_year: null,
  };
  let fteDays = 0;
  for (const a of assignments) {
    const start = Math.max(dayNumber(a.startDate), dayNumber(from));
    const end = Math.min(a.endDate === null ? dayNumber(to) : dayNumber(a.endDate), dayNumber(to));
    const days = end - start + 1;
    if (days <= 0) continue;
    const hours = a.hoursPerWeek ?? 37;
    const spend = (a.hourlyRate * hours * days) / 7;
    figures.assignments += 1;
    figures.agency_spend += spend;
    fteDays += (hours / 37) * days;
    if (!salaries.has(a.role)) salaries.set(a.role, periodSalary(workers, a.role, from, to));
    const salary = salaries.get(a.role)!;
    if (salary === null) {
      figures.no_salary_assignments += 1;
      continue;
    }
    const equivalent = (salary * (1 + onCostRate) * (hours / 37) * days) / 365;
    figures.employed_equivalent_cost += equivalent;
    figures.agency_premium += spend - equivalent;
  }
  figures.agency_fte_average = periodDays > 0 ? fteDays / periodDays : 0;
  figures.agency_premium_per_fte_year = figures.agency_fte_average > 0 ? figures.agency_premium / figures.agency_fte_average : null;
  return figures;
}
