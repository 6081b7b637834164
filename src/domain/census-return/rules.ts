import { censusYearStart, referenceDate, workingDaysInCensusYear } from '../census.ts';
import { itemValue, returnedWorker, type CensusReturn, type ReturnItem, type ReturnedWorker } from './model.ts';
import type { CensusReturnSchema } from './schema.ts';

/**
 * The checks a return meets before it goes to DfE, beyond its schema: errors (DfE's COLLECT will
 * not accept the return until they are fixed) and queries (the council must fix or explain them).
 *
 * Where these come from: DfE publishes the census's validation rules each year as a spreadsheet
 * (gov.uk, "Children's social work workforce census: validation rules"); no copy of it could be
 * read while writing this, so neither DfE's rule numbers nor its exact messages are used. Each
 * rule is encoded from the schema's items and the census guide's definitions (the census year,
 * leavers and their reasons, FTE, cases on 30 September, the working days in a year), with
 * Retain's own code: RTN-E.. for errors, RTN-Q.. for queries (RTN-Y.. are the year-on-year queries,
 * year-on-year.ts). Thresholds a query needs are stated beside it, with why.
 */

export type Severity = 'error' | 'query';

export interface RuleFailure {
  code: string;
  severity: Severity;
  level: 'worker' | 'la';
  /** Which CSWWWorker (0-based) for a worker rule; null for a council-level one. */
  workerIndex: number | null;
  /** The elements the rule read, for showing the values beside the message. */
  elements: string[];
  message: string;
}

export interface RuleContext {
  censusYear: number;
  referenceDate: string;
  yearStart: string;
  workingDays: number;
  schema: CensusReturnSchema;
}

interface WorkerView {
  items: readonly ReturnItem[];
  has(name: string): boolean;
  raw(name: string): string | undefined;
  worker: ReturnedWorker;
  employed: boolean;
  /** In post on 30 September: no end date in the return (an end date is a leaving in the year). */
  inPost: boolean;
}

export interface WorkerRule {
  code: string;
  severity: Severity;
  /** The rule in a sentence, for the list of rules. */
  rule: string;
  elements: string[];
  /** The message when a worker fails, or null when they pass. */
  check(worker: WorkerView, context: RuleContext): string | null;
}

/** Caseload above which one worker's cases on 30 September are queried: about two and a half times England's 2024 average of 15.4 (our threshold). */
export const HIGH_CASES = 40;
/** Ages outside which a date of birth is queried as a likely typing error (our thresholds). */
export const AGE_RANGE = { min: 20, max: 70 } as const;
/** Full-time base salary outside which it is queried: below any council's social worker scale, or above a director's (our thresholds, 2025 prices). */
export const SALARY_RANGE = { min: 20_000, max: 120_000 } as const;

const ageOn = (birth: string, day: string) => {
  let age = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  if (day.slice(5) < birth.slice(5)) age -= 1;
  return age;
};

export const WORKER_RULES: readonly WorkerRule[] = [
  {
    code: 'RTN-E01',
    severity: 'error',
    rule: 'The role start date must not be after the role end date.',
    elements: ['RoleStartDate', 'RoleEndDate'],
    check: ({ worker }) => (worker.startDate && worker.endDate && worker.startDate > worker.endDate ? `RoleStartDate ${worker.startDate} is after RoleEndDate ${worker.endDate}` : null),
  },
  {
    code: 'RTN-E02',
    severity: 'error',
    rule: 'A leaver must have a reason for leaving.',
    elements: ['RoleEndDate', 'ReasonLeave'],
    check: (w) => (w.employed && w.has('RoleEndDate') && !w.has('ReasonLeave') ? `Left on ${w.raw('RoleEndDate')} with no ReasonLeave` : null),
  },
  {
    code: 'RTN-E03',
    severity: 'error',
    rule: 'A reason for leaving needs a role end date.',
    elements: ['ReasonLeave', 'RoleEndDate'],
    check: (w) => (w.has('ReasonLeave') && !w.has('RoleEndDate') ? 'ReasonLeave is given but there is no RoleEndDate' : null),
  },
  {
    code: 'RTN-E04',
    severity: 'error',
    rule: 'A leaver destination needs a role end date.',
    elements: ['LeaverDestination', 'RoleEndDate'],
    check: (w) => (w.has('LeaverDestination') && !w.has('RoleEndDate') ? 'LeaverDestination is given but there is no RoleEndDate' : null),
  },
  {
    code: 'RTN-E05',
    severity: 'error',
    rule: 'A role end date must fall in the census year (1 October to 30 September).',
    elements: ['RoleEndDate'],
    check: ({ worker }, c) =>
      worker.endDate && (worker.endDate < c.yearStart || worker.endDate > c.referenceDate) ? `RoleEndDate ${worker.endDate} is outside the census year ${c.yearStart} to ${c.referenceDate}` : null,
  },
  {
    code: 'RTN-E06',
    severity: 'error',
    rule: 'A role must have started by 30 September.',
    elements: ['RoleStartDate'],
    check: ({ worker }, c) => (worker.startDate && worker.startDate > c.referenceDate ? `RoleStartDate ${worker.startDate} is after the reference date ${c.referenceDate}` : null),
  },
  {
    code: 'RTN-E07',
    severity: 'error',
    rule: 'FTE must be more than 0 and at most 1.',
    elements: ['FTE', 'FTE30'],
    check: ({ worker }) => {
      const bad = [
        ['FTE', worker.fte],
        ['FTE30', worker.fteOnReferenceDate],
      ].filter(([, value]) => typeof value === 'number' && (value <= 0 || value > 1));
      return bad.length > 0 ? bad.map(([name, value]) => `${name} ${value} is out of range (more than 0, at most 1)`).join('; ') : null;
    },
  },
  {
    code: 'RTN-E08',
    severity: 'error',
    rule: 'Every worker must have a role (OrgRole).',
    elements: ['OrgRole'],
    check: (w) => (w.has('OrgRole') ? null : 'OrgRole is missing'),
  },
  {
    code: 'RTN-E09',
    severity: 'error',
    rule: 'FTE on 30 September is only for workers in post that day.',
    elements: ['FTE30', 'RoleEndDate'],
    check: (w) => (w.has('FTE30') && w.has('RoleEndDate') ? `FTE30 is given but the worker left on ${w.raw('RoleEndDate')}` : null),
  },
  {
    code: 'RTN-E10',
    severity: 'error',
    rule: 'A worker in post on 30 September must have their FTE on that day.',
    elements: ['FTE30'],
    check: (w) => (w.inPost && !w.has('FTE30') ? 'In post on 30 September with no FTE30' : null),
  },
  {
    code: 'RTN-E11',
    severity: 'error',
    rule: 'Cases on 30 September are only for workers in post that day.',
    elements: ['Cases30', 'RoleEndDate'],
    check: (w) => (w.has('Cases30') && w.has('RoleEndDate') ? `Cases30 is given but the worker left on ${w.raw('RoleEndDate')}` : null),
  },
  {
    code: 'RTN-E12',
    severity: 'error',
    rule: 'An employed worker must have an FTE.',
    elements: ['FTE'],
    check: (w) => (w.employed && !w.has('FTE') ? 'Employed worker with no FTE' : null),
  },
  {
    code: 'RTN-E13',
    severity: 'error',
    rule: 'Working days lost cannot be more than the working days in the census year (253, or 254 when it holds 29 February).',
    elements: ['WorkingDaysLost'],
    check: ({ worker }, c) =>
      worker.workingDaysLost !== null && worker.workingDaysLost > c.workingDays ? `WorkingDaysLost ${worker.workingDaysLost} is more than the ${c.workingDays} working days in the year` : null,
  },
  {
    code: 'RTN-E15',
    severity: 'error',
    rule: 'An employed worker must have a role start date.',
    elements: ['RoleStartDate'],
    check: (w) => (w.employed && !w.has('RoleStartDate') ? 'Employed worker with no RoleStartDate' : null),
  },
  {
    code: 'RTN-Q01',
    severity: 'query',
    rule: `Cases on 30 September above ${HIGH_CASES} are queried.`,
    elements: ['Cases30'],
    check: ({ worker }) => (worker.cases !== null && worker.cases > HIGH_CASES ? `Cases30 ${worker.cases} is above ${HIGH_CASES}` : null),
  },
  {
    code: 'RTN-Q02',
    severity: 'query',
    rule: 'A case holder in post on 30 September with no cases is queried.',
    elements: ['OrgRole', 'Cases30'],
    check: (w) =>
      w.inPost && w.raw('OrgRole')?.trim() === '5' && !(w.worker.cases !== null && w.worker.cases > 0) ? `Case holder (OrgRole 5) with ${w.has('Cases30') ? 'Cases30 0' : 'no Cases30'}` : null,
  },
  {
    code: 'RTN-Q03',
    severity: 'query',
    rule: 'A reason for leaving of “not known” or “not yet collected” is queried.',
    elements: ['ReasonLeave'],
    check: ({ worker }) =>
      worker.leavingReason === 'not_known' || worker.leavingReason === 'not_yet_collected'
        ? `ReasonLeave is ${worker.leavingReason === 'not_known' ? '9 (not known)' : '10 (not yet collected)'}`
        : null,
  },
  {
    code: 'RTN-Q04',
    severity: 'query',
    rule: `A date of birth giving an age under ${AGE_RANGE.min} or over ${AGE_RANGE.max} on 30 September is queried.`,
    elements: ['PersonBirthDate'],
    check: ({ worker }, c) => {
      if (!worker.dateOfBirth) return null;
      const age = ageOn(worker.dateOfBirth, c.referenceDate);
      return age < AGE_RANGE.min || age > AGE_RANGE.max ? `PersonBirthDate ${worker.dateOfBirth} makes them ${age} on ${c.referenceDate}` : null;
    },
  },
  {
    code: 'RTN-Q05',
    severity: 'query',
    rule: 'An employed starter in the year with no start origin is queried.',
    elements: ['RoleStartDate', 'StartOrigin'],
    check: (w, c) =>
      w.employed && w.worker.startDate !== null && w.worker.startDate >= c.yearStart && w.worker.startDate <= c.referenceDate && !w.has('StartOrigin')
        ? `Started on ${w.worker.startDate} with no StartOrigin`
        : null,
  },
  {
    code: 'RTN-Q06',
    severity: 'query',
    rule: 'An employed worker in post on 30 September with no working days lost is queried (give 0 for none).',
    elements: ['WorkingDaysLost'],
    check: (w) => (w.employed && w.inPost && !w.has('WorkingDaysLost') ? 'In post on 30 September with no WorkingDaysLost' : null),
  },
  {
    code: 'RTN-Q07',
    severity: 'query',
    rule: `A full-time base salary below £${SALARY_RANGE.min.toLocaleString('en-GB')} or above £${SALARY_RANGE.max.toLocaleString('en-GB')} is queried (2025 on).`,
    elements: ['BaseSalary'],
    check: ({ worker }) =>
      worker.salary !== null && (worker.salary < SALARY_RANGE.min || worker.salary > SALARY_RANGE.max)
        ? `BaseSalary ${worker.salary} is outside £${SALARY_RANGE.min.toLocaleString('en-GB')} to £${SALARY_RANGE.max.toLocaleString('en-GB')}`
        : null,
  },
  {
    code: 'RTN-Q08',
    severity: 'query',
    rule: 'An employed worker in post on 30 September with no base salary is queried (2025 on).',
    elements: ['BaseSalary'],
    check: (w, c) => (c.schema.worker.some((spec) => spec.name === 'BaseSalary') && w.employed && w.inPost && !w.has('BaseSalary') ? 'In post on 30 September with no BaseSalary' : null),
  },
];

/** Rules across workers: each failing worker is listed. */
export const CROSS_WORKER_RULES = [
  { code: 'RTN-E14', severity: 'error' as const, rule: 'The same SWE number must not start the same role twice (a duplicate record).', elements: ['SWENo', 'RoleStartDate'] },
  { code: 'RTN-Q09', severity: 'query' as const, rule: 'Records of one SWE number in post on 30 September whose FTE adds up to more than 1 are queried.', elements: ['SWENo', 'FTE30'] },
] as const;

export const LA_RULES = [
  { code: 'RTN-E20', severity: 'error' as const, rule: 'The number of vacancies cannot be negative.', elements: ['NumberOfVacancies'] },
  { code: 'RTN-E21', severity: 'error' as const, rule: 'The FTE of agency workers covering vacancies cannot be negative.', elements: ['NoAgencyFTE'] },
  { code: 'RTN-E22', severity: 'error' as const, rule: 'The headcount of agency workers covering vacancies cannot be negative.', elements: ['NoAgencyHeadcount'] },
  {
    code: 'RTN-E23',
    severity: 'error' as const,
    rule: 'The FTE of agency workers covering vacancies cannot be more than their headcount (no one is more than 1 FTE).',
    elements: ['NoAgencyFTE', 'NoAgencyHeadcount'],
  },
  { code: 'RTN-Q20', severity: 'query' as const, rule: 'Agency workers covering vacancies (FTE) more than the vacancies are queried.', elements: ['NoAgencyFTE', 'NumberOfVacancies'] },
  {
    code: 'RTN-Q21',
    severity: 'query' as const,
    rule: 'Agency workers covering vacancies (FTE) more than the FTE of all agency workers in the return are queried.',
    elements: ['NoAgencyFTE', 'FTE30'],
  },
] as const;

/** Every rule, for the list of rules on the validation page and in the XLSX. */
export function allRules(): Array<{ code: string; severity: Severity; rule: string }> {
  return [...WORKER_RULES, ...CROSS_WORKER_RULES, ...LA_RULES].map(({ code, severity, rule }) => ({ code, severity, rule })).sort((a, b) => a.code.localeCompare(b.code));
}

export function ruleContext(schema: CensusReturnSchema): RuleContext {
  return {
    censusYear: schema.censusYear,
    referenceDate: referenceDate(schema.censusYear),
    yearStart: censusYearStart(schema.censusYear),
    workingDays: workingDaysInCensusYear(schema.censusYear),
    schema,
  };
}

function viewOf(items: readonly ReturnItem[]): WorkerView {
  const worker = returnedWorker(items);
  return {
    items,
    has: (name) => items.some((item) => item.name === name),
    raw: (name) => itemValue(items, name),
    worker,
    employed: !worker.agency,
    inPost: !items.some((item) => item.name === 'RoleEndDate'),
  };
}

const numberIn = (items: readonly ReturnItem[], name: string): number | null => {
  const text = itemValue(items, name)?.trim();
  return text !== undefined && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : null;
};

/** Every rule failure in a return, workers in file order then the council-level ones. */
export function validateReturn(censusReturn: CensusReturn, schema: CensusReturnSchema): RuleFailure[] {
  const context = ruleContext(schema);
  const failures: RuleFailure[] = [];
  const views = censusReturn.workers.map(viewOf);
  views.forEach((view, workerIndex) => {
    for (const rule of WORKER_RULES) {
      const message = rule.check(view, context);
      if (message) failures.push({ code: rule.code, severity: rule.severity, level: 'worker', workerIndex, elements: rule.elements, message });
    }
  });

  // RTN-E14: the same SWE number and role start date twice.
  const byKey = new Map<string, number[]>();
  views.forEach((view, index) => {
    const swe = view.worker.sweNumber?.toUpperCase();
    if (!swe || !view.worker.startDate) return;
    const key = `${swe} ${view.worker.startDate}`;
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  for (const indexes of byKey.values()) {
    if (indexes.length < 2) continue;
    for (const workerIndex of indexes) {
      const view = views[workerIndex]!;
      failures.push({
        code: 'RTN-E14',
        severity: 'error',
        level: 'worker',
        workerIndex,
        elements: ['SWENo', 'RoleStartDate'],
        message: `SWENo ${view.worker.sweNumber} starts a role on ${view.worker.startDate} on ${indexes.length} records`,
      });
    }
  }
  // RTN-Q09: one SWE number in post on 30 September at more than 1 FTE in all.
  const inPostBySwe = new Map<string, number[]>();
  views.forEach((view, index) => {
    const swe = view.worker.sweNumber?.toUpperCase();
    if (swe && view.inPost && view.worker.fteOnReferenceDate !== null) inPostBySwe.set(swe, [...(inPostBySwe.get(swe) ?? []), index]);
  });
  for (const indexes of inPostBySwe.values()) {
    const total = indexes.reduce((sum, index) => sum + views[index]!.worker.fteOnReferenceDate!, 0);
    if (indexes.length < 2 || total <= 1 + 1e-9) continue;
    for (const workerIndex of indexes) {
      failures.push({
        code: 'RTN-Q09',
        severity: 'query',
        level: 'worker',
        workerIndex,
        elements: ['SWENo', 'FTE30'],
        message: `SWENo ${views[workerIndex]!.worker.sweNumber} is in post on 30 September on ${indexes.length} records at ${Math.round(total * 1000) / 1000} FTE in all`,
      });
    }
  }
  failures.sort((a, b) => a.workerIndex! - b.workerIndex! || a.code.localeCompare(b.code));

  // Council level.
  const la = censusReturn.laLevel;
  const vacancies = numberIn(la, 'NumberOfVacancies');
  const agencyFte = numberIn(la, 'NoAgencyFTE');
  const agencyHeadcount = numberIn(la, 'NoAgencyHeadcount');
  const laFailure = (code: (typeof LA_RULES)[number]['code'], message: string) => {
    const rule = LA_RULES.find((candidate) => candidate.code === code)!;
    failures.push({ code, severity: rule.severity, level: 'la', workerIndex: null, elements: [...rule.elements], message });
  };
  if (vacancies !== null && vacancies < 0) laFailure('RTN-E20', `NumberOfVacancies ${vacancies} is negative`);
  if (agencyFte !== null && agencyFte < 0) laFailure('RTN-E21', `NoAgencyFTE ${agencyFte} is negative`);
  if (agencyHeadcount !== null && agencyHeadcount < 0) laFailure('RTN-E22', `NoAgencyHeadcount ${agencyHeadcount} is negative`);
  if (agencyFte !== null && agencyHeadcount !== null && agencyFte > agencyHeadcount + 1e-9) laFailure('RTN-E23', `NoAgencyFTE ${agencyFte} is more than NoAgencyHeadcount ${agencyHeadcount}`);
  if (agencyFte !== null && vacancies !== null && agencyFte > vacancies + 1e-9) laFailure('RTN-Q20', `NoAgencyFTE ${agencyFte} is more than NumberOfVacancies ${vacancies}`);
  const agencyInReturn = views.filter((view) => view.worker.agency && view.inPost).reduce((sum, view) => sum + (view.worker.fteOnReferenceDate ?? 0), 0);
  if (agencyFte !== null && agencyFte > agencyInReturn + 0.005) {
    laFailure('RTN-Q21', `NoAgencyFTE ${agencyFte} is more than the ${Math.round(agencyInReturn * 100) / 100} FTE of agency workers in post on 30 September in the return`);
  }
  return failures;
}
