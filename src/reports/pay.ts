import { getAuthority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { agencyAssignmentsOverlapping, payScalesFor, supplementsFor } from '../db/pay.ts';
import { getRoleMap } from '../db/role-map.ts';
import { workersOverlapping } from '../db/workers.ts';
import { censusYearStart, referenceDate } from '../domain/census.ts';
import type { RoleCode } from '../domain/codes.ts';
import { computeCensusMeasures } from '../domain/measures.ts';
import { authorityKey, DEFAULT_ON_COST_RATE, maximaByAuthority, payComparison, roleSalaryOn, type AuthorityMaximum, type PayRoleFigures } from '../domain/pay.ts';
import { resolveRole } from '../domain/roles.ts';
import { agencyPremium } from '../domain/scenario-agency.ts';
import { evaluateScenario, parseScenario, SCENARIO_DEFAULTS, type EvaluatedScenario, type Scenario, type ScenarioBaseline } from '../domain/scenario.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';

/**
 * Pay and invest-to-save for one council, read from the database and worked out by
 * src/domain/pay.ts and src/domain/scenario.ts: `retain pay`, `retain scenario`, the pay and
 * scenario pages and the business case documents all call these.
 */

export interface PayReport {
  date: IsoDate;
  on_cost_rate: number;
  roles: PayRoleFigures[];
  /** Per role: each authority's maximum, for the pay page's charts. */
  maxima: Partial<Record<RoleCode, AuthorityMaximum[]>>;
}

/** `retain pay --date D`: our pay beside the comparators', per role code. */
export async function payReport(db: Db, authorityCode: string, date: IsoDate, onCostRate: number = DEFAULT_ON_COST_RATE): Promise<PayReport> {
  const [scales, supplements, workers, authority] = await Promise.all([
    payScalesFor(db, authorityCode),
    supplementsFor(db, authorityCode),
    workersOverlapping(db, authorityCode, date, date),
    getAuthority(db, authorityCode),
  ]);
  const own = new Set([authorityCode, authority?.newLaCode, authority?.oldLaCode].filter((c): c is string => typeof c === 'string' && c !== '').map(authorityKey));
  const roles = payComparison({ scales, supplements, workers, date, ownAuthorityKeys: own, onCostRate });
  return { date, on_cost_rate: onCostRate, roles, maxima: Object.fromEntries(roles.map((r) => [r.key, maximaByAuthority(scales, supplements, r.key, date, own)])) };
}

/** The council's figures a scenario falls back on, for its baseline census year. */
export async function scenarioBaseline(db: Db, authorityCode: string, baselineYear: number, onCostRate: number = SCENARIO_DEFAULTS.on_cost_rate): Promise<ScenarioBaseline> {
  const from = censusYearStart(baselineYear);
  const to = referenceDate(baselineYear);
  const [workers, vacancies, roleMap, assignments] = await Promise.all([
    workersOverlapping(db, authorityCode, from, to),
    vacanciesForAuthority(db, authorityCode),
    getRoleMap(db, authorityCode),
    agencyAssignmentsOverlapping(db, authorityCode, from, to),
  ]);
  const inpostFte = computeCensusMeasures({ workers, vacancies, censusYear: baselineYear }).inpost_fte;
  let premium: number | null = null;
  let note: string;
  if (assignments === null || assignments.length === 0) {
    note = `No agency assignments for census year ${baselineYear}`;
  } else {
    const known = assignments.flatMap((a) => {
      const role = resolveRole(a.role, roleMap)?.role;
      return role ? [{ role, startDate: a.start_date, endDate: a.end_date, hourlyRate: a.hourly_rate, hoursPerWeek: a.hours_per_week }] : [];
    });
    const figures = agencyPremium(known, workers, from, to, onCostRate);
    premium = figures.agency_premium_per_fte_year;
    note =
      premium === null
        ? `Agency assignments for census year ${baselineYear} come to no agency FTE`
        : `Agency premium £${figures.agency_premium.toFixed(2)} over ${figures.agency_fte_average.toFixed(2)} agency FTE on average in census year ${baselineYear} (${figures.assignments} assignments, ${figures.no_salary_assignments} without an employed salary to compare)`;
  }
  return {
    inpost_fte: inpostFte,
    agency_premium_per_fte_year: premium,
    agency_note: note,
    role(text) {
      const code = resolveRole(text, roleMap)?.role;
      if (!code) return undefined;
      return { key: code, ...roleSalaryOn(workers, code, to) };
    },
  };
}

/** Whether the council knows a role as a lever names it: a code, a DfE number, or a name in its or the default role map. */
export async function roleChecker(db: Db, authorityCode: string): Promise<(role: string) => boolean> {
  const roleMap = await getRoleMap(db, authorityCode);
  return (role) => resolveRole(role, roleMap) !== undefined;
}

/** A scenario file's JSON checked and worked out against the council's data; nothing is written. */
export async function runScenario(db: Db, authorityCode: string, json: unknown): Promise<EvaluatedScenario & { scenario?: Scenario }> {
  const parsed = parseScenario(json, await roleChecker(db, authorityCode));
  if (!parsed.ok) return parsed;
  const baseline = await scenarioBaseline(db, authorityCode, parsed.scenario.baseline_year, parsed.scenario.on_cost_rate ?? SCENARIO_DEFAULTS.on_cost_rate);
  const evaluated = evaluateScenario(parsed.scenario, baseline);
  return evaluated.ok ? { ...evaluated, scenario: parsed.scenario } : evaluated;
}
