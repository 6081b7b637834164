import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { activeYears, caseFigures, evaluateScenario, leverCostInYear, parseScenario, SCENARIO_DEFAULTS, type ScenarioBaseline, type ScenarioResult } from './scenario.ts';

const KNOWN = new Set(['case_holder', 'team_manager', 'Social Worker', 'IRO']);
const roleKnown = (role: string) => KNOWN.has(role);

/** The council's data, as reports/pay.ts scenarioBaseline would give it. */
function baseline(overrides: Partial<ScenarioBaseline> = {}): ScenarioBaseline {
  return {
    inpost_fte: 150,
    agency_premium_per_fte_year: 30_000,
    agency_note: 'agency premium from the test',
    role: (role) =>
      role === 'case_holder' || role === 'Social Worker'
        ? { key: 'case_holder', median_salary: 40_000, inpost_fte: 100 }
        : KNOWN.has(role)
          ? { key: 'team_manager', median_salary: null, inpost_fte: 12 }
          : undefined,
    ...overrides,
  };
}

function evaluate(json: unknown, base: ScenarioBaseline = baseline()): ScenarioResult {
  const parsed = parseScenario(json, roleKnown);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  const evaluated = evaluateScenario(parsed.scenario, base);
  assert.ok(evaluated.ok, evaluated.ok ? '' : evaluated.problems.join('\n'));
  return evaluated.result;
}

const near = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 0.005, `${actual} is not ${expected}`);

test('worked example: reconstructing an invest-to-save package of £200k this year and £519k the next', () => {
  // Assumptions: 150 FTE in post; the package (an academy, retention payments and supervision time)
  // cuts turnover by 1, 4 or 6 percentage points from year 1 on; a leaver avoided saves £12,000 of
  // recruitment plus six months of agency cover at a £30,000 premium: £27,000.
  const result = evaluate({
    baseline_year: 2025,
    levers: [{ kind: 'fixed', name: 'Invest-to-save package from reserves', cost_by_year: [200_000, 519_000], reduction_points: { low: 1, central: 4, high: 6 } }],
  });
  assert.equal(result.inputs.years, 5);
  assert.equal(result.inputs.inpost_fte, 150);
  assert.equal(result.inputs.saving_per_leaver_avoided, 27_000);
  assert.deepEqual(result.inputs.levers[0]!.cost_per_year, [200_000, 519_000, 0, 0, 0]);
  // Central: 150 x 4 / 100 = 6 FTE avoided a year, saving 6 x 27,000 = £162,000.
  assert.deepEqual(result.cases.central.years, [
    { year: 1, cost: 200_000, leavers_avoided_fte: 6, saving: 162_000, net: -38_000, cumulative_net: -38_000 },
    { year: 2, cost: 519_000, leavers_avoided_fte: 6, saving: 162_000, net: -357_000, cumulative_net: -395_000 },
    { year: 3, cost: 0, leavers_avoided_fte: 6, saving: 162_000, net: 162_000, cumulative_net: -233_000 },
    { year: 4, cost: 0, leavers_avoided_fte: 6, saving: 162_000, net: 162_000, cumulative_net: -71_000 },
    { year: 5, cost: 0, leavers_avoided_fte: 6, saving: 162_000, net: 162_000, cumulative_net: 91_000 },
  ]);
  assert.equal(result.cases.central.payback_year, 5);
  near(result.cases.central.npv, 53_709.72);
  // Low: 1.5 FTE a year saves £40,500: never pays back within five years.
  assert.equal(result.cases.low.payback_year, null);
  near(result.cases.low.npv, -494_869.15);
  // High: 9 FTE a year saves £243,000, more than the first year's £200,000.
  assert.equal(result.cases.high.payback_year, 1);
  near(result.cases.high.npv, 419_428.96);
});

test('worked example: the contract’s scenario file, each lever costed as its table says', () => {
  const result = evaluate({
    baseline_year: 2025,
    years: 5,
    on_cost_rate: 0.3,
    discount_rate: 0.035,
    replacement_cost: 12_000,
    cover_months: 6,
    agency_premium_per_fte_year: 30_000,
    inpost_fte: null,
    levers: [
      { kind: 'pay_uplift', role: 'case_holder', percent: 5, start_year: 1, reduction_points: { low: 0.5, central: 1.0, high: 2.0 } },
      { kind: 'retention_payment', amount: 2000, eligible_headcount: 120, years: [1, 2] },
      { kind: 'convert_posts', posts: 24, salary_difference: 3500 },
      { kind: 'extra_posts', posts: 3, salary: 42000 },
      { kind: 'fixed', name: 'Academy set-up', cost_by_year: [200000, 519000] },
    ],
  });
  const [uplift, payment, convert, extra, fixed] = result.inputs.levers;
  // 5% of the case holders' median £40,000 x 1.3 on-costs x their 100 FTE = £260,000 a year.
  assert.equal(uplift!.salary, 40_000);
  assert.equal(uplift!.fte, 100);
  near(uplift!.cost_per_year[0]!, 260_000);
  assert.deepEqual(payment!.cost_per_year, [312_000, 312_000, 0, 0, 0]); // 2,000 x 120 x 1.3
  near(convert!.cost_per_year[4]!, 109_200); // 24 x 3,500 x 1.3
  near(extra!.cost_per_year[2]!, 163_800); // 3 x 42,000 x 1.3
  assert.deepEqual(fixed!.cost_per_year, [200_000, 519_000, 0, 0, 0]);
  // Central: 1 point of 150 FTE = 1.5 FTE avoided, saving £40,500.
  const year1 = result.cases.central.years[0]!;
  near(year1.cost, 260_000 + 312_000 + 109_200 + 163_800 + 200_000);
  assert.equal(year1.leavers_avoided_fte, 1.5);
  assert.equal(year1.saving, 40_500);
  assert.equal(result.cases.central.payback_year, null);
  assert.equal(result.inputs.sources.inpost_fte, "census inpost_fte of 2025 (the council's data)");
  assert.equal(result.inputs.sources.replacement_cost, 'file');
});

test('missing values come from the defaults and the council’s data, and the inputs say which', () => {
  const result = evaluate({ baseline_year: 2024, levers: [] }, baseline({ agency_premium_per_fte_year: null, agency_note: 'No agency assignments for census year 2024' }));
  assert.deepEqual(
    {
      years: result.inputs.years,
      on_cost_rate: result.inputs.on_cost_rate,
      discount_rate: result.inputs.discount_rate,
      replacement_cost: result.inputs.replacement_cost,
      cover_months: result.inputs.cover_months,
    },
    { years: 5, on_cost_rate: 0.3, discount_rate: 0.035, replacement_cost: SCENARIO_DEFAULTS.replacement_cost, cover_months: 6 },
  );
  assert.equal(result.inputs.agency_premium_per_fte_year, 0);
  assert.match(result.inputs.notes.join(' '), /No agency assignments for census year 2024; the agency premium is taken as 0/);
  assert.equal(result.inputs.sources.years, 'default');
});

test('one figure: 2 points of 150 FTE saves £81,000; against £50,000 the year nets £31,000, £29,951.69 discounted', () => {
  const figures = caseFigures([50_000], [2], { inpost_fte: 150, discount_rate: 0.035, saving_per_leaver_avoided: 27_000 });
  assert.deepEqual(figures.years, [{ year: 1, cost: 50_000, leavers_avoided_fte: 3, saving: 81_000, net: 31_000, cumulative_net: 31_000 }]);
  near(figures.npv, 29_951.69);
  assert.equal(figures.payback_year, 1);
});

test('a lever is active in the years it lists, else from its start year to the end', () => {
  assert.deepEqual(activeYears({ years: [1, 2] }, 5), [1, 2]);
  assert.deepEqual(activeYears({ start_year: 3 }, 5), [3, 4, 5]);
  assert.deepEqual(activeYears({}, 3), [1, 2, 3]);
  assert.deepEqual(activeYears({ years: [2, 7] }, 5), [2]);
  assert.equal(leverCostInYear({ kind: 'grow_your_own', places: 4, cost_per_place: 25_000 }, 1, 0.3), 100_000);
  assert.equal(leverCostInYear({ kind: 'market_supplement', amount_per_year: 2_000, fte: 10 }, 1, 0.3), 26_000);
});

test('a pay uplift for a role with no salaries in the data and none given is an error naming the lever and field', () => {
  const parsed = parseScenario({ baseline_year: 2025, levers: [{ kind: 'pay_uplift', role: 'team_manager', percent: 3 }] }, roleKnown);
  assert.ok(parsed.ok);
  const evaluated = evaluateScenario(parsed.scenario, baseline());
  assert.deepEqual(evaluated, { ok: false, problems: ["levers[0] (pay_uplift) salary: the council's data has no salaries for team_manager on the baseline date; give salary"] });
});

test('impossible values are errors naming the lever and field', () => {
  const parsed = parseScenario(
    {
      baseline_year: 2025,
      years: 11,
      discount_rate: -0.1,
      levers: [
        { kind: 'bonus' },
        { kind: 'pay_uplift', role: 'Wizard', percent: 120 },
        { kind: 'retention_payment', amount: -5, eligible_headcount: 3, years: [0] },
        { kind: 'extra_posts', posts: 2, salary: -40_000, start_year: 11 },
        { kind: 'fixed', cost_by_year: [100, -1], reduction_points: { central: 101 } },
        { kind: 'pay_uplift', role: 'case_holder', percent: -2 },
      ],
    },
    roleKnown,
  );
  assert.deepEqual(parsed, {
    ok: false,
    problems: [
      'years: 11 is outside 1-10 (a scenario runs for 1 to 10 years)',
      'discount_rate: -0.1 must be a fraction from 0 to 1 (0.035 is 3.5%)',
      'levers[0] kind: "bonus" is not a lever kind: use one of pay_uplift, market_supplement, retention_payment, convert_posts, extra_posts, grow_your_own, fixed',
      'levers[1] (pay_uplift) role: "Wizard" is not a role this council knows: use a role code or a name in its role map',
      'levers[1] (pay_uplift) percent: 120 is over 100 (an uplift is a percentage of salary)',
      'levers[2] (retention_payment) amount: -5 cannot be negative (pounds)',
      'levers[2] (retention_payment) years[0]: 0 is outside years 1-10',
      'levers[3] (extra_posts) salary: -40000 cannot be negative (pounds)',
      'levers[3] (extra_posts) start_year: 11 is outside years 1-10',
      'levers[4] (fixed) cost_by_year[1]: -1 cannot be negative (pounds)',
      'levers[4] (fixed) reduction_points.central: 101 must be from 0 to 100 percentage points of turnover',
      'levers[5] (pay_uplift) percent: -2 cannot be negative',
    ],
  });
  assert.deepEqual(parseScenario({ levers: [] }, roleKnown), { ok: false, problems: ['baseline_year: is required (the census year the baseline figures come from, e.g. 2025)'] });
  assert.deepEqual(parseScenario([], roleKnown).ok, false);
});

// ---------------------------------------------------------------- properties

const arbitraryCosts = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 });
const arbitraryInputs = fc.record({
  inpost_fte: fc.integer({ min: 0, max: 2_000 }),
  discount_rate: fc.double({ min: 0, max: 0.2, noNaN: true }),
  saving_per_leaver_avoided: fc.integer({ min: 0, max: 200_000 }),
});

test('property: with no reduction in turnover, a scenario that costs anything in its first year never pays back', () => {
  fc.assert(
    fc.property(arbitraryCosts, arbitraryInputs, (costs, inputs) => {
      fc.pre(costs[0]! > 0);
      assert.equal(
        caseFigures(
          costs,
          costs.map(() => 0),
          inputs,
        ).payback_year,
        null,
      );
    }),
  );
});

test('property: more reduction in turnover never delays payback', () => {
  fc.assert(
    fc.property(
      arbitraryCosts.chain((costs) =>
        fc.tuple(
          fc.constant(costs),
          fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: costs.length, maxLength: costs.length }),
          fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: costs.length, maxLength: costs.length }),
        ),
      ),
      arbitraryInputs,
      ([costs, points, extra], inputs) => {
        const before = caseFigures(costs, points, inputs).payback_year ?? Infinity;
        const after =
          caseFigures(
            costs,
            points.map((p, i) => p + extra[i]!),
            inputs,
          ).payback_year ?? Infinity;
        assert.ok(after <= before, `payback moved from ${before} to ${after}`);
      },
    ),
  );
});

test('property: the whole scenario’s low case never pays back later than its central, nor central than high, when the points rise with the case', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), {
        minLength: 1,
        maxLength: 4,
      }),
      (levers) => {
        const result = evaluate({
          baseline_year: 2025,
          levers: levers.map(([cost, a, b, c]) => ({ kind: 'fixed', cost_by_year: [cost], reduction_points: { low: a, central: a + b, high: a + b + c } })),
        });
        const year = (c: 'low' | 'central' | 'high') => result.cases[c].payback_year ?? Infinity;
        assert.ok(year('high') <= year('central') && year('central') <= year('low'));
      },
    ),
    { numRuns: 50 },
  );
});

test('the sensitivity table changes one assumption a row: a dearer replacement raises every case’s NPV, a higher discount rate lowers a case that pays back late', async () => {
  const { sensitivityTable } = await import('./scenario-sensitivity.ts');
  const json = { baseline_year: 2025, levers: [{ kind: 'fixed', cost_by_year: [200_000, 519_000], reduction_points: { low: 1, central: 4, high: 6 } }] };
  const parsed = parseScenario(json, roleKnown);
  assert.ok(parsed.ok);
  const result = evaluate(json);
  const rows = sensitivityTable(parsed.scenario, baseline(), result);
  assert.equal(rows[0]!.assumption, 'As assumed');
  near(rows[0]!.central_npv, 53_709.72);
  const dearer = rows.find((r) => r.assumption === 'Replacement cost per leaver' && r.value === 18_000)!;
  assert.ok(dearer.low_npv > rows[0]!.low_npv && dearer.central_npv > rows[0]!.central_npv && dearer.high_npv > rows[0]!.high_npv);
  const discounted = rows.find((r) => r.assumption === 'Discount rate' && r.value === 0.07)!;
  assert.ok(discounted.central_npv < rows[0]!.central_npv);
  assert.equal(rows.length, 11);
});
