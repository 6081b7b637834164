import { DEFAULT_ON_COST_RATE } from './pay.ts';

/**
 * Invest-to-save scenarios (shared/spec/retention-data.md section 6): levers that cost money and
 * are assumed to cut turnover, against the replacement and agency cover they would save.
 *
 * A scenario is read in two steps, both pure: `parseScenario` checks a scenario file (JSON) and
 * says what is wrong with it, lever by lever and field by field; `evaluateScenario` fills what the
 * file left out from the council's baseline and the defaults below and works out every year.
 *
 * Choices where the contract is silent:
 * - Unknown top-level keys are ignored (a file may carry `name` or `description`); unknown lever
 *   keys likewise. A lever's `reduction_points` may leave a case out: it counts as 0 and a note says so.
 * - Two lever kinds beyond the contract's, which the councils' papers use: `market_supplement`
 *   (`amount_per_year * fte * (1 + on_cost_rate)`, fte the role's in-post FTE unless given) and
 *   `grow_your_own` (apprenticeship or grow-your-own places: `places * cost_per_place`, the full
 *   yearly cost of a place, so no on-costs are added, like `fixed`).
 * - A retention payment's `eligibility` (text) and `clawback_months` are recorded as its terms; no
 *   clawback recovery is counted in its cost (the prudent assumption for a business case).
 * - Lever years after the scenario's last year are ignored. Money and counts must not be negative;
 *   rates (`on_cost_rate`, `discount_rate`) are fractions from 0 to 1; reduction points are
 *   percentage points of turnover from 0 to 100.
 */

export const SCENARIO_CASES = ['low', 'central', 'high'] as const;
export type ScenarioCase = (typeof SCENARIO_CASES)[number];
export type ReductionPoints = Record<ScenarioCase, number>;

export const LEVER_KINDS = ['pay_uplift', 'market_supplement', 'retention_payment', 'convert_posts', 'extra_posts', 'grow_your_own', 'fixed'] as const;
export type LeverKind = (typeof LEVER_KINDS)[number];

/** A lever as the file gives it (validated); optional figures are filled in by evaluateScenario. */
export interface Lever {
  kind: LeverKind;
  name?: string | undefined;
  /** pay_uplift, market_supplement: the role as written (a code or a local name). */
  role?: string | undefined;
  percent?: number | undefined;
  salary?: number | null | undefined;
  fte?: number | null | undefined;
  amount?: number | undefined;
  amount_per_year?: number | undefined;
  eligible_headcount?: number | undefined;
  eligibility?: string | undefined;
  clawback_months?: number | undefined;
  posts?: number | undefined;
  salary_difference?: number | undefined;
  places?: number | undefined;
  cost_per_place?: number | undefined;
  cost_by_year?: number[] | undefined;
  start_year?: number | undefined;
  years?: number[] | undefined;
  reduction_points?: Partial<ReductionPoints> | undefined;
}

/** A scenario file, validated. Null or missing values are filled from the council's data or the defaults. */
export interface Scenario {
  name?: string | undefined;
  description?: string | undefined;
  baseline_year: number;
  years?: number | null | undefined;
  on_cost_rate?: number | null | undefined;
  discount_rate?: number | null | undefined;
  replacement_cost?: number | null | undefined;
  cover_months?: number | null | undefined;
  agency_premium_per_fte_year?: number | null | undefined;
  inpost_fte?: number | null | undefined;
  levers: Lever[];
}

/** Years a scenario may run: the contract's 1-10. */
export const MAX_SCENARIO_YEARS = 10;

export const SCENARIO_DEFAULTS = {
  years: 5,
  on_cost_rate: DEFAULT_ON_COST_RATE,
  /** HM Treasury, The Green Book (2022), table 8: the social time preference rate, 3.5% a year for the first 30 years. */
  discount_rate: 0.035,
  /**
   * Cost of replacing one social worker who leaves, in pounds, apart from covering the empty post
   * (which `cover_months` and the agency premium count separately): £12,000, the contract's own
   * example figure. It lies between the two estimates of Oxford Economics for Unum, "The Cost of
   * Brain Drain" (2014): £5,433 of logistical costs per leaver (advertising, agency fees, HR time,
   * interviews, induction) and £30,614 once the new starter's months of lower output are added.
   * A council with its own figure should give `replacement_cost`.
   */
  replacement_cost: 12_000,
  /** Months a leaver's post is covered by an agency worker before a permanent starter arrives. */
  cover_months: 6,
} as const;

// ---------------------------------------------------------------- reading a scenario file

export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** Tells whether a role, as written in a lever, is one the council knows (a code, a DfE number or a name in its role map). */
export type RoleKnown = (role: string) => boolean;

/**
 * Checks a scenario file's JSON. Every problem names its place: `years` for the scenario, or
 * `levers[2] (pay_uplift) percent` for a lever's field, with what is wrong and what is allowed.
 */
export function parseScenario(json: unknown, roleKnown: RoleKnown): ParsedScenario {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problems: ['the scenario must be a JSON object, like the example in retention-data.md section 6'] };
  const file = json as Record<string, unknown>;
  const top = checker(problems, '');

  const baselineYear = file.baseline_year;
  if (baselineYear === undefined || baselineYear === null) problems.push('baseline_year: is required (the census year the baseline figures come from, e.g. 2025)');
  else if (!Number.isInteger(baselineYear) || (baselineYear as number) < 2000 || (baselineYear as number) > 2100)
    problems.push(`baseline_year: ${show(baselineYear)} is not a census year (four digits, e.g. 2025)`);

  const scenario: Scenario = { baseline_year: baselineYear as number, levers: [] };
  const years = top.optionalNumber(file, 'years', { integer: true, min: 1, max: MAX_SCENARIO_YEARS, rule: 'is outside 1-10 (a scenario runs for 1 to 10 years)' });
  if (years !== undefined) scenario.years = years;
  const setOptional = (key: 'on_cost_rate' | 'discount_rate' | 'replacement_cost' | 'cover_months' | 'agency_premium_per_fte_year' | 'inpost_fte', options: NumberRule) => {
    const value = top.optionalNumber(file, key, options);
    if (value !== undefined) scenario[key] = value;
  };
  setOptional('on_cost_rate', { min: 0, max: 1, rule: 'must be a fraction from 0 to 1 (0.30 is 30%)' });
  setOptional('discount_rate', { min: 0, max: 1, rule: 'must be a fraction from 0 to 1 (0.035 is 3.5%)' });
  setOptional('replacement_cost', { min: 0, rule: 'cannot be negative (pounds per leaver)' });
  setOptional('cover_months', { min: 0, max: 120, rule: 'must be from 0 to 120 months' });
  setOptional('agency_premium_per_fte_year', { min: 0, rule: 'cannot be negative (pounds per agency FTE a year)' });
  setOptional('inpost_fte', { min: 0, rule: 'cannot be negative' });
  if (typeof file.name === 'string' && file.name.trim() !== '') scenario.name = file.name.trim();
  if (typeof file.description === 'string' && file.description.trim() !== '') scenario.description = file.description.trim();

  if (!Array.isArray(file.levers)) problems.push('levers: is required: a list of levers (it may be empty)');
  else
    file.levers.forEach((raw, index) => {
      const lever = parseLever(raw, index, problems, roleKnown);
      if (lever) scenario.levers.push(lever);
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario };
}

interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  rule: string;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function checker(problems: string[], where: string) {
  const name = (key: string) => (where === '' ? key : `${where} ${key}`);
  const check = (key: string, value: unknown, rule: NumberRule): number | undefined => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`${name(key)}: ${show(value)} is not a number`);
      return undefined;
    }
    if ((rule.integer && !Number.isInteger(value)) || (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      problems.push(`${name(key)}: ${value} ${rule.rule}`);
      return undefined;
    }
    return value;
  };
  return {
    name,
    check,
    /** undefined when absent, null when null, else the checked number (a problem is recorded when it breaks the rule). */
    optionalNumber(object: Record<string, unknown>, key: string, rule: NumberRule): number | null | undefined {
      const value = object[key];
      if (value === undefined) return undefined;
      if (value === null) return null;
      return check(key, value, rule);
    },
    requiredNumber(object: Record<string, unknown>, key: string, rule: NumberRule): number | undefined {
      const value = object[key];
      if (value === undefined || value === null) {
        problems.push(`${name(key)}: is required`);
        return undefined;
      }
      return check(key, value, rule);
    },
  };
}

const MONEY: NumberRule = { min: 0, rule: 'cannot be negative (pounds)' };
const COUNT: NumberRule = { min: 0, rule: 'cannot be negative' };
const YEAR: NumberRule = { integer: true, min: 1, max: MAX_SCENARIO_YEARS, rule: 'is outside years 1-10' };
const POINTS: NumberRule = { min: 0, max: 100, rule: 'must be from 0 to 100 percentage points of turnover' };

function parseLever(raw: unknown, index: number, problems: string[], roleKnown: RoleKnown): Lever | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`levers[${index}]: is not an object with a kind`);
    return undefined;
  }
  const object = raw as Record<string, unknown>;
  const kind = typeof object.kind === 'string' ? object.kind.trim().toLowerCase() : object.kind;
  if (!(LEVER_KINDS as readonly unknown[]).includes(kind)) {
    problems.push(`levers[${index}] kind: ${show(object.kind)} is not a lever kind: use one of ${LEVER_KINDS.join(', ')}`);
    return undefined;
  }
  const where = `levers[${index}] (${kind as string})`;
  const c = checker(problems, where);
  const before = problems.length;
  const lever: Lever = { kind: kind as LeverKind };
  if (typeof object.name === 'string' && object.name.trim() !== '') lever.name = object.name.trim();

  const set = <K extends keyof Lever>(key: K, value: Lever[K] | undefined | null) => {
    if (value !== undefined && value !== null) lever[key] = value;
  };
  const role = () => {
    const value = object.role;
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${where} role: is required (a role code or a local role name)`);
    else if (!roleKnown(value)) problems.push(`${where} role: "${value}" is not a role this council knows: use a role code or a name in its role map`);
    else lever.role = value.trim();
  };

  switch (lever.kind) {
    case 'pay_uplift':
      role();
      set('percent', c.requiredNumber(object, 'percent', typeof object.percent === 'number' && object.percent < 0 ? COUNT : { max: 100, rule: 'is over 100 (an uplift is a percentage of salary)' }));
      set('salary', c.optionalNumber(object, 'salary', { min: 0, rule: 'cannot be negative (full-time annual salary in pounds)' }));
      set('fte', c.optionalNumber(object, 'fte', COUNT));
      break;
    case 'market_supplement':
      role();
      set('amount_per_year', c.requiredNumber(object, 'amount_per_year', MONEY));
      set('fte', c.optionalNumber(object, 'fte', COUNT));
      break;
    case 'retention_payment':
      set('amount', c.requiredNumber(object, 'amount', MONEY));
      set('eligible_headcount', c.requiredNumber(object, 'eligible_headcount', COUNT));
      if (typeof object.eligibility === 'string' && object.eligibility.trim() !== '') lever.eligibility = object.eligibility.trim();
      set('clawback_months', c.optionalNumber(object, 'clawback_months', { min: 0, max: 120, rule: 'must be from 0 to 120 months' }));
      break;
    case 'convert_posts':
      set('posts', c.requiredNumber(object, 'posts', COUNT));
      set('salary_difference', c.requiredNumber(object, 'salary_difference', MONEY));
      break;
    case 'extra_posts':
      set('posts', c.requiredNumber(object, 'posts', COUNT));
      set('salary', c.requiredNumber(object, 'salary', MONEY));
      break;
    case 'grow_your_own':
      set('places', c.requiredNumber(object, 'places', COUNT));
      set('cost_per_place', c.requiredNumber(object, 'cost_per_place', MONEY));
      break;
    case 'fixed': {
      const costs = object.cost_by_year;
      if (!Array.isArray(costs) || costs.length === 0) problems.push(`${where} cost_by_year: is required: the cost in each year from year 1, e.g. [200000, 519000]`);
      else if (costs.length > MAX_SCENARIO_YEARS) problems.push(`${where} cost_by_year: has ${costs.length} years; a scenario has at most 10`);
      else {
        const checked = costs.map((cost, i) => c.check(`cost_by_year[${i}]`, cost, MONEY));
        if (checked.every((cost) => cost !== undefined)) lever.cost_by_year = checked as number[];
      }
      break;
    }
  }

  if (object.start_year !== undefined && object.start_year !== null) set('start_year', c.check('start_year', object.start_year, YEAR));
  if (object.years !== undefined && object.years !== null) {
    if (!Array.isArray(object.years) || object.years.length === 0) problems.push(`${where} years: must be a list of the years the lever is active, e.g. [1, 2]`);
    else {
      const checked = object.years.map((year, i) => c.check(`years[${i}]`, year, YEAR));
      if (checked.every((year) => year !== undefined)) lever.years = [...new Set(checked as number[])].sort((a, b) => a - b);
    }
  }
  const points = object.reduction_points;
  if (points !== undefined && points !== null) {
    if (typeof points !== 'object' || Array.isArray(points)) problems.push(`${where} reduction_points: must be an object {"low": 0.5, "central": 1, "high": 2} (percentage points of turnover)`);
    else {
      const given: Partial<ReductionPoints> = {};
      for (const name of SCENARIO_CASES) {
        const value = (points as Record<string, unknown>)[name];
        if (value === undefined || value === null) continue;
        const checked = c.check(`reduction_points.${name}`, value, POINTS);
        if (checked !== undefined) given[name] = checked;
      }
      lever.reduction_points = given;
    }
  }
  return problems.length > before ? undefined : lever;
}

// ---------------------------------------------------------------- evaluating a scenario

/** What the council's own data says, for the values a scenario leaves out. */
export interface ScenarioBaseline {
  /** Census `inpost_fte` of the baseline year. */
  inpost_fte: number;
  /** `agency_premium / agency_fte_average` over the baseline year; null when there are no agency figures. */
  agency_premium_per_fte_year: number | null;
  /** Where the agency figure came from, or why there is none (said in the inputs). */
  agency_note: string;
  /** A role's median salary and in-post FTE on the baseline reference date (as `retain pay`), by the role as a lever writes it. */
  role(role: string): { key: string; median_salary: number | null; inpost_fte: number } | undefined;
}

/** A lever with every figure it used filled in, and its cost in each year. */
export interface LeverInputs extends Lever {
  /** The role code a role lever's name maps to. */
  role_code?: string;
  active_years: number[];
  reduction_points: ReductionPoints;
  cost_per_year: number[];
}

export interface ScenarioInputs {
  name?: string;
  description?: string;
  baseline_year: number;
  years: number;
  on_cost_rate: number;
  discount_rate: number;
  replacement_cost: number;
  cover_months: number;
  agency_premium_per_fte_year: number;
  inpost_fte: number;
  /** `replacement_cost + cover_months / 12 * agency_premium_per_fte_year`: what one leaver avoided saves. */
  saving_per_leaver_avoided: number;
  levers: LeverInputs[];
  /** Where each value came from: `file`, `default` or the council's data. */
  sources: Record<string, string>;
  notes: string[];
}

export interface ScenarioYear {
  year: number;
  cost: number;
  leavers_avoided_fte: number;
  saving: number;
  net: number;
  cumulative_net: number;
}

export interface ScenarioCaseResult {
  years: ScenarioYear[];
  payback_year: number | null;
  npv: number;
}

export interface ScenarioResult {
  inputs: ScenarioInputs;
  cases: Record<ScenarioCase, ScenarioCaseResult>;
}

export type EvaluatedScenario = { ok: true; result: ScenarioResult } | { ok: false; problems: string[] };

/**
 * The years a lever is active: those listed in `years`, else from `start_year` (default 1) to the
 * scenario's last year. Years after the last are dropped.
 * activeYears({years: [1, 2]}, 5) = [1, 2]; activeYears({start_year: 3}, 5) = [3, 4, 5].
 */
export function activeYears(lever: Pick<Lever, 'years' | 'start_year'>, scenarioYears: number): number[] {
  if (lever.years && lever.years.length > 0) return lever.years.filter((year) => year <= scenarioYears);
  const first = lever.start_year ?? 1;
  return Array.from({ length: Math.max(0, scenarioYears - first + 1) }, (_, i) => first + i);
}

/**
 * A lever's cost in one of its active years (the contract's table):
 * - pay_uplift: `percent / 100 * salary * (1 + on_cost_rate) * fte`
 * - market_supplement: `amount_per_year * fte * (1 + on_cost_rate)`
 * - retention_payment: `amount * eligible_headcount * (1 + on_cost_rate)`
 * - convert_posts: `posts * salary_difference * (1 + on_cost_rate)`
 * - extra_posts: `posts * salary * (1 + on_cost_rate)`
 * - grow_your_own: `places * cost_per_place`
 * - fixed: `cost_by_year[year - 1]`, 0 past its end (no on-costs)
 * e.g. a 5% uplift on £40,000 for 10 FTE at 30% on-costs: 0.05 x 40,000 x 1.3 x 10 = £26,000.
 */
export function leverCostInYear(lever: Lever, year: number, onCostRate: number): number {
  const onCosts = 1 + onCostRate;
  switch (lever.kind) {
    case 'pay_uplift':
      return ((lever.percent ?? 0) / 100) * (lever.salary ?? 0) * onCosts * (lever.fte ?? 0);
    case 'market_supplement':
      return (lever.amount_per_year ?? 0) * (lever.fte ?? 0) * onCosts;
    case 'retention_payment':
      return (lever.amount ?? 0) * (lever.eligible_headcount ?? 0) * onCosts;
    case 'convert_posts':
      return (lever.posts ?? 0) * (lever.salary_difference ?? 0) * onCosts;
    case 'extra_posts':
      return (lever.posts ?? 0) * (lever.salary ?? 0) * onCosts;
    case 'grow_your_own':
      return (lever.places ?? 0) * (lever.cost_per_place ?? 0);
    case 'fixed':
      return lever.cost_by_year?.[year - 1] ?? 0;
  }
}

/**
 * The yearly figures of one case, from each year's cost and its reduction in percentage points:
 * `leavers_avoided_fte = inpost_fte * points / 100`;
 * `saving = leavers_avoided_fte * (replacement_cost + cover_months / 12 * agency_premium_per_fte_year)`;
 * `net = saving - cost`; `cumulative_net` the running sum; `payback_year` the first year with
 * `cumulative_net >= 0` (null if none); `npv = sum of net / (1 + discount_rate)^year`.
 *
 * e.g. 150 FTE, 2 points, £12,000 + 6/12 x £30,000 = £27,000 a leaver avoided: 3 FTE avoided, a
 * saving of £81,000; against a cost of £50,000, net £31,000, discounted at 3.5%: £29,951.69.
 */
export function caseFigures(costs: readonly number[], points: readonly number[], inputs: Pick<ScenarioInputs, 'inpost_fte' | 'discount_rate' | 'saving_per_leaver_avoided'>): ScenarioCaseResult {
  const years: ScenarioYear[] = [];
  let cumulative = 0;
  let paybackYear: number | null = null;
  let npv = 0;
  costs.forEach((cost, i) => {
    const year = i + 1;
    const leaversAvoided = (inputs.inpost_fte * (points[i] ?? 0)) / 100;
    const saving = leaversAvoided * inputs.saving_per_leaver_avoided;
    const net = saving - cost;
    cumulative += net;
    if (paybackYear === null && cumulative >= 0) paybackYear = year;
    npv += net / (1 + inputs.discount_rate) ** year;
    years.push({ year, cost, leavers_avoided_fte: leaversAvoided, saving, net, cumulative_net: cumulative });
  });
  return { years, payback_year: paybackYear, npv };
}

/**
 * Fills a validated scenario from the baseline and the defaults, and works out each case. Fails
 * (naming the lever and field) only when a value it needs is nowhere: a pay uplift for a role with
 * no salaries and no `salary` given.
 */
export function evaluateScenario(scenario: Scenario, baseline: ScenarioBaseline): EvaluatedScenario {
  const sources: Record<string, string> = {};
  const notes: string[] = [];
  const pick = (key: keyof typeof SCENARIO_DEFAULTS): number => {
    const given = scenario[key];
    if (given !== undefined && given !== null) {
      sources[key] = 'file';
      return given;
    }
    sources[key] = 'default';
    return SCENARIO_DEFAULTS[key];
  };
  const years = pick('years');
  const onCostRate = pick('on_cost_rate');
  const discountRate = pick('discount_rate');
  const replacementCost = pick('replacement_cost');
  const coverMonths = pick('cover_months');

  let inpostFte: number;
  if (scenario.inpost_fte !== undefined && scenario.inpost_fte !== null) {
    inpostFte = scenario.inpost_fte;
    sources.inpost_fte = 'file';
  } else {
    inpostFte = baseline.inpost_fte;
    sources.inpost_fte = `census inpost_fte of ${scenario.baseline_year} (the council's data)`;
  }
  let premium: number;
  if (scenario.agency_premium_per_fte_year !== undefined && scenario.agency_premium_per_fte_year !== null) {
    premium = scenario.agency_premium_per_fte_year;
    sources.agency_premium_per_fte_year = 'file';
  } else if (baseline.agency_premium_per_fte_year !== null) {
    premium = baseline.agency_premium_per_fte_year;
    sources.agency_premium_per_fte_year = `agency_premium / agency_fte_average over census year ${scenario.baseline_year} (the council's data)`;
    notes.push(baseline.agency_note);
  } else {
    premium = 0;
    sources.agency_premium_per_fte_year = 'none: no agency figures';
    notes.push(`${baseline.agency_note}; the agency premium is taken as 0, so the saving counts replacement costs only`);
  }

  const problems: string[] = [];
  const levers: LeverInputs[] = scenario.levers.map((lever, index) => {
    const filled: LeverInputs = { ...lever, active_years: activeYears(lever, years), reduction_points: { low: 0, central: 0, high: 0 }, cost_per_year: [] };
    const where = `levers[${index}] (${lever.kind})`;
    if (lever.reduction_points) {
      const missing = SCENARIO_CASES.filter((c) => lever.reduction_points![c] === undefined);
      filled.reduction_points = { low: lever.reduction_points.low ?? 0, central: lever.reduction_points.central ?? 0, high: lever.reduction_points.high ?? 0 };
      if (missing.length > 0 && missing.length < 3) notes.push(`${where}: no reduction_points for ${missing.join(' and ')}, taken as 0`);
    }
    if (lever.kind === 'pay_uplift' || lever.kind === 'market_supplement') {
      const figures = baseline.role(lever.role!);
      if (figures) filled.role_code = figures.key;
      if (lever.fte === undefined || lever.fte === null) filled.fte = figures?.inpost_fte ?? 0;
      if (lever.kind === 'pay_uplift' && (lever.salary === undefined || lever.salary === null)) {
        if (figures?.median_salary === null || figures?.median_salary === undefined)
          problems.push(`${where} salary: the council's data has no salaries for ${lever.role} on the baseline date; give salary`);
        else filled.salary = figures.median_salary;
      }
    }
    filled.cost_per_year = Array.from({ length: years }, (_, i) => (filled.active_years.includes(i + 1) ? leverCostInYear(filled, i + 1, onCostRate) : 0));
    return filled;
  });
  if (problems.length > 0) return { ok: false, problems };

  const savingPerLeaver = replacementCost + (coverMonths / 12) * premium;
  const inputs: ScenarioInputs = {
    ...(scenario.name ? { name: scenario.name } : {}),
    ...(scenario.description ? { description: scenario.description } : {}),
    baseline_year: scenario.baseline_year,
    years,
    on_cost_rate: onCostRate,
    discount_rate: discountRate,
    replacement_cost: replacementCost,
    cover_months: coverMonths,
    agency_premium_per_fte_year: premium,
    inpost_fte: inpostFte,
    saving_per_leaver_avoided: savingPerLeaver,
    levers,
    sources,
    notes,
  };
  const costs = Array.from({ length: years }, (_, i) => levers.reduce((sum, lever) => sum + lever.cost_per_year[i]!, 0));
  const cases = Object.fromEntries(
    SCENARIO_CASES.map((c) => {
      const points = Array.from({ length: years }, (_, i) => levers.reduce((sum, lever) => sum + (lever.active_years.includes(i + 1) ? lever.reduction_points[c] : 0), 0));
      return [c, caseFigures(costs, points, inputs)];
    }),
  ) as Record<ScenarioCase, ScenarioCaseResult>;
  return { ok: true, result: { inputs, cases } };
}
