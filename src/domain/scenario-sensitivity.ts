import { evaluateScenario, type Scenario, type ScenarioBaseline, type ScenarioInputs, type ScenarioResult } from './scenario.ts';

/**
 * The sensitivity table of a business case: the scenario worked out again with one assumption
 * changed at a time, to show which assumptions the case rests on. Every other value stays as the
 * scenario used it (`result.inputs`), so only the named assumption differs from the first row.
 *
 * The changes (a choice: the spread a finance officer would test first):
 * - replacement cost and agency premium at half and at one and a half times the figure used;
 * - agency cover of 3 and 9 months instead of the figure used;
 * - discount rate 0% and 7% (twice the Green Book rate);
 * - in-post FTE 10% lower and higher.
 */

export interface SensitivityRow {
  assumption: string;
  /** The value used in this row, as a number (pounds, months, a rate or FTE). */
  value: number;
  low_npv: number;
  central_npv: number;
  high_npv: number;
  central_payback_year: number | null;
}

type Key = 'replacement_cost' | 'agency_premium_per_fte_year' | 'cover_months' | 'discount_rate' | 'inpost_fte';

const LABELS: Record<Key, string> = {
  replacement_cost: 'Replacement cost per leaver',
  agency_premium_per_fte_year: 'Agency premium per FTE a year',
  cover_months: 'Months of agency cover per leaver',
  discount_rate: 'Discount rate',
  inpost_fte: 'In-post FTE',
};

function variants(inputs: ScenarioInputs): Array<[Key, number]> {
  return [
    ['replacement_cost', inputs.replacement_cost * 0.5],
    ['replacement_cost', inputs.replacement_cost * 1.5],
    ['agency_premium_per_fte_year', inputs.agency_premium_per_fte_year * 0.5],
    ['agency_premium_per_fte_year', inputs.agency_premium_per_fte_year * 1.5],
    ['cover_months', 3],
    ['cover_months', 9],
    ['discount_rate', 0],
    ['discount_rate', 0.07],
    ['inpost_fte', inputs.inpost_fte * 0.9],
    ['inpost_fte', inputs.inpost_fte * 1.1],
  ];
}

function row(assumption: string, value: number, result: ScenarioResult): SensitivityRow {
  return { assumption, value, low_npv: result.cases.low.npv, central_npv: result.cases.central.npv, high_npv: result.cases.high.npv, central_payback_year: result.cases.central.payback_year };
}

/** The first row is the scenario as it stands ("As assumed"); each later row changes one assumption. */
export function sensitivityTable(scenario: Scenario, baseline: ScenarioBaseline, result: ScenarioResult): SensitivityRow[] {
  const fixed: Scenario = {
    ...scenario,
    years: result.inputs.years,
    on_cost_rate: result.inputs.on_cost_rate,
    discount_rate: result.inputs.discount_rate,
    replacement_cost: result.inputs.replacement_cost,
    cover_months: result.inputs.cover_months,
    agency_premium_per_fte_year: result.inputs.agency_premium_per_fte_year,
    inpost_fte: result.inputs.inpost_fte,
  };
  const rows = [row('As assumed', Number.NaN, result)];
  for (const [key, value] of variants(result.inputs)) {
    if (value === result.inputs[key]) continue;
    const evaluated = evaluateScenario({ ...fixed, [key]: value }, baseline);
    if (evaluated.ok) rows.push(row(LABELS[key], value, evaluated.result));
  }
  return rows;
}
