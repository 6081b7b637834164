import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbitraryCensusYear, arbitraryWorker } from '../test/arbitraries.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { LEAVING_REASONS, ROLE_CODES } from './codes.ts';
import { quotedSmallFigures } from './disclosure.ts';
import {
  MIN_GROUP_HEADCOUNT,
  NOT_RECORDED,
  proposeFindings,
  summariseLeavers,
  turnoverBeyondChance,
  type FindingsInput,
  type LeaverReasonKey,
  type LeaverSummary,
  type ProposedFinding,
  type PublishedFigures,
  type YearFigures,
} from './findings.ts';
import { computeCensusMeasures, MEASURE_FIELDS, NO_TEAM, type CensusMeasures, type GroupMeasures, type MeasureField } from './measures.ts';

// ---------------------------------------------------------------------------------------------
// Inputs: the rules read computed figures, so tests state the figures a case is about.

/** A council of 100 employed FTE with every rate unknown; a case sets the figures it is about. */
function measures(overrides: Partial<CensusMeasures> = {}): CensusMeasures {
  const base = Object.fromEntries(MEASURE_FIELDS.map((field) => [field, null])) as unknown as CensusMeasures;
  return {
    ...base,
    inpost_fte: 100,
    inpost_headcount: 100,
    starters_fte: 0,
    starters_headcount: 0,
    leavers_fte: 0,
    leavers_headcount: 0,
    agency_fte: 0,
    agency_headcount: 0,
    case_holders_fte: 0,
    cases: 0,
    working_days_lost_fte: 0,
    ...overrides,
  };
}

/** A team or role of 20 employed people with no agency workers. */
function group(name: string, overrides: Partial<CensusMeasures> = {}): GroupMeasures {
  return { group: name, ...measures({ inpost_fte: 20, inpost_headcount: 20, ...overrides }) };
}

function year(censusYear: number, parts: { measures?: Partial<CensusMeasures>; byRole?: GroupMeasures[]; byTeam?: GroupMeasures[] } = {}): YearFigures {
  return { censusYear, measures: measures(parts.measures), byRole: parts.byRole ?? [], byTeam: parts.byTeam ?? [] };
}

function published(censusYear: number, england: PublishedFigures, region: PublishedFigures = {}) {
  return { censusYear, england, region };
}

function input(overrides: Partial<FindingsInput> = {}): FindingsInput {
  return { censusYear: 2024, regionName: 'North West', years: [], published: [], leavers: null, ...overrides };
}

function leavers(counts: Partial<Record<LeaverReasonKey, number>>, underTwoYearsService = 0): LeaverSummary {
  const byReason = Object.fromEntries([...LEAVING_REASONS, NOT_RECORDED].map((reason) => [reason, counts[reason as LeaverReasonKey] ?? 0])) as Record<LeaverReasonKey, number>;
  return { censusYear: 2024, leavers: Object.values(byReason).reduce((a, b) => a + b, 0), byReason, underTwoYearsService };
}

function byRule(findings: ProposedFinding[], ruleId: string): ProposedFinding[] {
  return findings.filter((finding) => finding.ruleId === ruleId);
}

/** Our figure and England's for one field in 2024, for a council of `inpostHeadcount` employed people (100 unless said). */
function versusEngland(field: MeasureField, ours: number | null, england: number | null, region?: number, inpostHeadcount = 100) {
  return proposeFindings(
    input({
      years: [year(2024, { measures: { [field]: ours, inpost_headcount: inpostHeadcount } })],
      published: [published(2024, { [field]: england }, region === undefined ? {} : { [field]: region })],
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// a. Turnover beside England

test('turnover above England is a weakness, with our figure, England and the region in the evidence', () => {
  // 400 people: the 95% limit around England's 16.9% is 20.6%, so 21.3% is beyond chance.
  assert.deepEqual(versusEngland('turnover_rate_fte', 21.26, 16.9, 18, 400), [
    {
      ruleId: 'turnover-vs-england',
      swot: 'weakness',
      statement: 'Turnover of social workers (FTE) was 21.3% in 2024, 4.4 points above England (16.9%).',
      evidence: 'Turnover rate (FTE) 2024: 21.3%; England 16.9%; North West 18.0%',
      measure: 'turnover_rate_fte',
      value: 21.26,
      comparator: 16.9,
    },
  ]);
});

test('turnover two points or more below England is a strength', () => {
  // 1,500 people: the lower 95% limit around England's 16.9% is 15.0%, so 14.9% is beyond chance.
  const [finding] = versusEngland('turnover_rate_fte', 14.9, 16.9, undefined, 1500);
  assert.equal(finding?.swot, 'strength');
  assert.equal(finding?.statement, 'Turnover of social workers (FTE) was 14.9% in 2024, 2.0 points below England (16.9%).');
  assert.equal(finding?.evidence, 'Turnover rate (FTE) 2024: 14.9%; England 16.9%', 'no region figure, no region in the evidence');
});

test('turnover a little below or level with England proposes nothing', () => {
  assert.deepEqual(versusEngland('turnover_rate_fte', 15.0, 16.9, undefined, 1500), [], 'beyond chance, but 1.9 points is not a lead worth a strength');
  assert.deepEqual(versusEngland('turnover_rate_fte', 16.94, 16.9, undefined, 1500), [], 'level at one decimal place is not above');
});

test('turnover that differs from England or from the other teams only within chance proposes nothing', () => {
  // 21.3% against England's 16.9% is a concern for 400 people but chance for 100: the 95% limit is 24.2%.
  assert.equal(turnoverBeyondChance(21.26, 100, 16.9), 'within');
  assert.deepEqual(versusEngland('turnover_rate_fte', 21.26, 16.9, 18, 100), []);
  assert.deepEqual(versusEngland('turnover_rate_fte', 12.4, 16.9, 18, 100), [], '4.5 points below England is chance for 100 people too');
  // A team of 20 at 27.3% against the other teams' median of 14.0%: 13.3 points, but the 95% limit for 20 is 29.2%.
  const teams = [20, 40].map((employed) => [
    group('Assessment', { turnover_rate_fte: 12 }),
    group('Child Protection', { turnover_rate_fte: 27.3, inpost_headcount: employed }),
    group('Fostering', { turnover_rate_fte: 16 }),
  ]);
  const flagged = (byTeam: GroupMeasures[]) => byRule(proposeFindings(input({ years: [year(2024, { byTeam })] })), 'team-turnover-above-peers').map((f) => f.group);
  assert.deepEqual(flagged(teams[0]!), [], 'within chance for a team of 20');
  assert.deepEqual(flagged(teams[1]!), ['Child Protection'], 'beyond chance for a team of 40');
});

test('a rule with a figure missing proposes nothing rather than guessing', () => {
  assert.deepEqual(versusEngland('turnover_rate_fte', 25, null), [], 'England not published');
  assert.deepEqual(versusEngland('turnover_rate_fte', null, 16.9), [], 'our figure undefined');
  assert.deepEqual(proposeFindings(input({ years: [year(2024, { measures: { turnover_rate_fte: 25 } })] })), [], 'no benchmarks loaded');
  assert.deepEqual(
    proposeFindings(input({ years: [year(2024, { measures: { turnover_rate_fte: 25 } })], published: [published(2023, { turnover_rate_fte: 16.9 })] })),
    [],
    "another year's England figure is never used",
  );
  assert.deepEqual(proposeFindings(input()), [], 'no data at all');
});

// ---------------------------------------------------------------------------------------------
// b. A role's turnover rising

const seniors = (turnover: number, headcount = 20) => group('senior_practitioner', { turnover_rate_fte: turnover, inpost_headcount: headcount });

test('a role whose turnover has risen two years running is a weakness naming the role', () => {
  const findings = proposeFindings(input({ years: [2022, 2023, 2024].map((censusYear, index) => year(censusYear, { byRole: [seniors([8, 12, 16][index]!)] })) }));
  assert.deepEqual(byRule(findings, 'role-turnover-rising'), [
    {
      ruleId: 'role-turnover-rising',
      swot: 'weakness',
      statement: 'Turnover (FTE) among senior practitioner staff has risen two years running, from 8.0% in 2022 to 12.0% in 2023 and 16.0% in 2024.',
      evidence: 'Turnover rate (FTE), Senior practitioner: 2022 8.0%; 2023 12.0%; 2024 16.0%',
      measure: 'turnover_rate_fte',
      value: 16,
      comparator: 8,
      group: 'senior_practitioner',
    },
  ]);
});

test("a role's turnover that rose and then held, or has fewer than three years, proposes nothing", () => {
  const rates = (values: number[]) => proposeFindings(input({ years: values.map((turnover, index) => year(2024 - values.length + 1 + index, { byRole: [seniors(turnover)] })) }));
  assert.deepEqual(byRule(rates([8, 12, 12.04]), 'role-turnover-rising'), [], 'level at one decimal place');
  assert.deepEqual(byRule(rates([16, 12, 20]), 'role-turnover-rising'), []);
  assert.deepEqual(byRule(rates([8, 12]), 'role-turnover-rising'), []);
  const gap = proposeFindings(input({ years: [year(2021, { byRole: [seniors(8)] }), year(2023, { byRole: [seniors(12)] }), year(2024, { byRole: [seniors(16)] })] }));
  assert.deepEqual(byRule(gap, 'role-turnover-rising'), [], 'the three years must be consecutive');
});

test('a role with fewer than five employed people in any of the three years is not named', () => {
  const findings = proposeFindings(input({ years: [2022, 2023, 2024].map((censusYear, index) => year(censusYear, { byRole: [seniors([8, 12, 16][index]!, index === 0 ? 4 : 20)] })) }));
  assert.deepEqual(byRule(findings, 'role-turnover-rising'), []);
});

// ---------------------------------------------------------------------------------------------
// c. Agency workers

test('an agency rate above England is a threat; below it proposes nothing', () => {
  const [finding] = versusEngland('agency_rate_fte', 22.5, 17.9);
  assert.equal(finding?.swot, 'threat');
  assert.equal(finding?.ruleId, 'agency-vs-england');
  assert.match(finding?.statement ?? '', /^Share of social work FTE filled by agency workers was 22\.5% in 2024, 4\.6 points above England \(17\.9%\)/);
  assert.deepEqual(versusEngland('agency_rate_fte', 5, 17.9), [], 'a low agency rate is not claimed as a strength by this rule');
});

const team = (name: string, agencyRate: number, people: { employed?: number; agency?: number } = {}) =>
  group(name, { agency_rate_fte: agencyRate, inpost_headcount: people.employed ?? 18, agency_headcount: people.agency ?? 2 });

test("a team whose agency rate is more than ten points above the other teams' median is a weakness naming the team", () => {
  const teams = [team('Assessment', 8), team('Child Protection', 30.2, { agency: 6 }), team('Children in Care', 10), team('Fostering', 14)];
  const findings = byRule(proposeFindings(input({ years: [year(2024, { byTeam: teams })] })), 'team-agency-above-peers');
  assert.deepEqual(findings, [
    {
      ruleId: 'team-agency-above-peers',
      swot: 'weakness',
      statement: "Agency workers fill 30.2% of social work FTE in the Child Protection team, 20.2 points above the other teams' typical rate (median 10.0%).",
      evidence: 'Agency worker rate (FTE) 2024, Child Protection: 30.2% (24 in post, 6 of them agency); median of 3 other teams 10.0%',
      measure: 'agency_rate_fte',
      value: 30.2,
      comparator: 10,
      group: 'Child Protection',
    },
  ]);
});

test('a team exactly ten points above its peers, or with fewer than two peers, proposes nothing', () => {
  const level = [team('Assessment', 8), team('Child Protection', 20), team('Children in Care', 10), team('Fostering', 14)];
  assert.deepEqual(byRule(proposeFindings(input({ years: [year(2024, { byTeam: level })] })), 'team-agency-above-peers'), []);
  const pair = [team('Assessment', 5), team('Child Protection', 40)];
  assert.deepEqual(byRule(proposeFindings(input({ years: [year(2024, { byTeam: pair })] })), 'team-agency-above-peers'), []);
});

test('a team of fewer than five people is neither named nor counted among the peers, and records with no team are not a team', () => {
  const teams = [
    team('Assessment', 8),
    team('Children in Care', 10),
    team('Leadership', 50, { employed: 2, agency: 2 }),
    team(NO_TEAM, 60),
    // Its peers are Assessment and Children in Care (median 9): with the small team counted they would be 10.
    team('Child Protection', 19.5),
  ];
  const findings = proposeFindings(input({ years: [year(2024, { byTeam: teams })] }));
  assert.deepEqual(
    findings.map((finding) => finding.group),
    ['Child Protection'],
  );
  assert.equal(findings[0]?.comparator, 9);
});

test("a team whose turnover is more than ten points above the other teams' median is a weakness, judged on its employed staff", () => {
  const turnover = (name: string, rate: number, employed = 20, agency = 0) => group(name, { turnover_rate_fte: rate, inpost_headcount: employed, agency_headcount: agency });
  // 40 employed: the 95% limit around the other teams' median of 14.0% is 24.8%, so 27.3% is beyond chance.
  const teams = [turnover('Assessment', 12), turnover('Child Protection Team', 27.3, 40), turnover('Fostering', 16), turnover('Front Door', 4, 3, 10)];
  const findings = byRule(proposeFindings(input({ years: [year(2024, { byTeam: teams })] })), 'team-turnover-above-peers');
  assert.deepEqual(
    findings.map((finding) => [finding.group, finding.statement, finding.evidence]),
    [
      [
        'Child Protection Team',
        "Turnover (FTE) in the Child Protection Team was 27.3%, 13.3 points above the other teams' typical rate (median 14.0%).",
        'Turnover rate (FTE) 2024, Child Protection Team: 27.3% (40 employed in post); median of 2 other teams 14.0%',
      ],
    ],
    'Front Door has 13 people in post but its turnover rests on 3 employed, so it is neither named nor a peer',
  );
});

// ---------------------------------------------------------------------------------------------
// d. Vacancies

test('a vacancy rate above England is a weakness and one well below is a strength', () => {
  const [above] = versusEngland('vacancy_rate_fte', 21, 20.4);
  assert.deepEqual([above?.ruleId, above?.swot, above?.statement], ['vacancy-vs-england', 'weakness', 'Vacancy rate (FTE) was 21.0% in 2024, 0.6 points above England (20.4%).']);
  const [below] = versusEngland('vacancy_rate_fte', 12.4, 20.4);
  assert.deepEqual([below?.swot, below?.statement], ['strength', 'Vacancy rate (FTE) was 12.4% in 2024, 8.0 points below England (20.4%).']);
  assert.deepEqual(versusEngland('vacancy_rate_fte', null, 20.4), [], 'no vacancy return, no finding');
});

// ---------------------------------------------------------------------------------------------
// e. Leaving reasons

test('more than one leaver in ten without a known reason is a weakness saying how many', () => {
  const findings = proposeFindings(input({ leavers: leavers({ resignation: 30, [NOT_RECORDED]: 5, not_known: 3, not_yet_collected: 2 }) }));
  assert.deepEqual(findings, [
    {
      ruleId: 'leaver-reasons-not-recorded',
      swot: 'weakness',
      statement: 'Leaver data is not being collected: 10 of 40 leavers (25.0%) have no recorded reason.',
      // The breakdown would quote 3 and 2 people, so it is left out (src/domain/disclosure.ts).
      evidence: 'Leavers 2024 (headcount): 40; without a known reason: 10',
      value: 25,
      comparator: 10,
    },
  ]);
});

test('leavers without a reason among fewer than 5 people are a weakness said without the counts', () => {
  const [finding] = proposeFindings(input({ leavers: leavers({ [NOT_RECORDED]: 3 }) }));
  assert.equal(finding?.statement, 'Leaver data is not being collected: more than one in ten leavers in 2024 have no recorded reason.');
  assert.deepEqual(quotedSmallFigures(`${finding?.statement} ${finding?.evidence}`), []);
});

test('a team whose agency rate rests on fewer than 5 agency workers is not named, and a withheld council figure is not quoted', () => {
  const people = (agency: number, inpost: number, leaversCount = 10) => ({ inpost, starters: 0, leavers: leaversCount, agency, case_holders: 0, absence: 0 });
  // 5 in post, 2 of them agency: 40% agency, far above the other teams, but built from 2 people.
  const teams = [
    { ...group('Fostering', { inpost_headcount: 3, agency_headcount: 2, agency_rate_fte: 40 }), people: people(2, 3) },
    { ...group('Alpha', { agency_headcount: 5, agency_rate_fte: 5 }), people: people(5, 20) },
    { ...group('Beta', { agency_headcount: 6, agency_rate_fte: 6 }), people: people(6, 20) },
    { ...group('Gamma', { agency_headcount: 7, agency_rate_fte: 7 }), people: people(7, 20) },
  ];
  // The council's turnover rests on 3 leavers: withheld from viewers, so the finding gives England's figure only.
  const council = { ...year(2024, { measures: { turnover_rate_fte: 3, leavers_headcount: 3 }, byTeam: teams }), people: people(0, 100, 3) };
  const findings = proposeFindings(input({ years: [council], published: [published(2024, { turnover_rate_fte: 16.9 })] }));
  assert.equal(
    findings.some((f) => f.group === 'Fostering'),
    false,
  );
  const turnover = byRule(findings, 'turnover-vs-england')[0];
  assert.equal(turnover?.statement, "Turnover of social workers (FTE) in 2024 was well below England's rate (16.9%); the council's own figure rests on fewer than 5 people, so it is not given.");
  for (const finding of findings) assert.deepEqual(quotedSmallFigures(`${finding.statement} ${finding.evidence}`, ['3.0%', '3%', '3.0']), [], finding.statement);
});

test('one leaver in ten or fewer without a reason, or no leavers, proposes nothing', () => {
  assert.deepEqual(proposeFindings(input({ leavers: leavers({ resignation: 36, not_known: 4 }) })), []);
  assert.deepEqual(proposeFindings(input({ leavers: leavers({}) })), []);
  assert.deepEqual(proposeFindings(input({ leavers: { ...leavers({ not_known: 9 }), censusYear: 2023 } })), [], "leavers of another year are not this year's");
});

// ---------------------------------------------------------------------------------------------
// f. Caseloads and absence

test("a caseload above England's average is a weakness in cases per FTE", () => {
  const [finding] = versusEngland('caseload_fte', 17.84, 16.4);
  assert.deepEqual([finding?.ruleId, finding?.swot], ['caseload-vs-england', 'weakness']);
  assert.equal(finding?.statement, 'Average caseload (cases per FTE) was 17.8 in 2024, 1.4 cases per FTE above England (16.4).');
  assert.equal(finding?.evidence, 'Average caseload (cases per FTE) 2024: 17.8; England 16.4');
  assert.deepEqual(versusEngland('caseload_fte', 12, 16.4), []);
});

test('sickness absence above England is a weakness; below it proposes nothing', () => {
  const [finding] = versusEngland('absence_rate_fte', 4.1, 3.4);
  assert.deepEqual([finding?.ruleId, finding?.swot, finding?.statement], ['absence-vs-england', 'weakness', 'Sickness absence rate (FTE) was 4.1% in 2024, 0.7 points above England (3.4%).']);
  assert.deepEqual(versusEngland('absence_rate_fte', 2, 3.4), []);
});

// ---------------------------------------------------------------------------------------------
// g. Direction of travel

const turnoverYears = (values: (number | null)[]) => values.map((turnover, index) => year(2022 + index, { measures: { turnover_rate_fte: turnover } }));

test('turnover falling two years running is a strength, and rising two years running a weakness', () => {
  const [falling] = proposeFindings(input({ years: turnoverYears([20.5, 17.4, 15.4]) }));
  assert.deepEqual(falling, {
    ruleId: 'measure-improving',
    swot: 'strength',
    statement: 'Turnover of social workers (FTE) has fallen two years running, from 20.5% in 2022 to 17.4% in 2023 and 15.4% in 2024.',
    evidence: 'Turnover rate (FTE): 2022 20.5%; 2023 17.4%; 2024 15.4%',
    measure: 'turnover_rate_fte',
    value: 15.4,
    comparator: 20.5,
  });
  const [rising] = proposeFindings(input({ years: turnoverYears([10, 12, 14]) }));
  assert.deepEqual([rising?.ruleId, rising?.swot], ['measure-worsening', 'weakness']);
});

test('a measure that moved both ways, or has a year missing, shows no direction', () => {
  assert.deepEqual(proposeFindings(input({ years: turnoverYears([20, 15, 18]) })), []);
  assert.deepEqual(proposeFindings(input({ years: turnoverYears([20, null, 15]) })), []);
  assert.deepEqual(proposeFindings(input({ years: turnoverYears([20, 17]) })), []);
});

// ---------------------------------------------------------------------------------------------
// h. Early leavers

test("more than a third of leavers with under two years' service is a weakness; fewer leavers than five proposes nothing", () => {
  const [finding] = proposeFindings(input({ leavers: leavers({ resignation: 40 }, 18) }));
  assert.deepEqual([finding?.ruleId, finding?.swot], ['early-leavers', 'weakness']);
  assert.equal(finding?.statement, 'Many social workers leave early: 18 of 40 leavers in 2024 (45.0%) had worked for the council for under two years.');
  assert.deepEqual(proposeFindings(input({ leavers: leavers({ resignation: 40 }, 13) })), [], '32.5% is not more than a third');
  assert.deepEqual(proposeFindings(input({ leavers: leavers({ resignation: 4 }, 4) })), []);
});

// ---------------------------------------------------------------------------------------------
// All rules together

test('findings come in a fixed order: the council beside England, trends, roles, teams, then leavers', () => {
  const teams = [team('Assessment', 8), team('Child Protection', 30), team('Fostering', 10)];
  const full = input({
    years: [
      year(2022, { measures: { turnover_rate_fte: 12 }, byRole: [seniors(8)] }),
      year(2023, { measures: { turnover_rate_fte: 15 }, byRole: [seniors(10)] }),
      // 25% against England's 16%: beyond chance for the council's 100 people (95% limit 23.2%).
      year(2024, { measures: { turnover_rate_fte: 25, vacancy_rate_fte: 10, caseload_fte: 18 }, byRole: [seniors(12)], byTeam: teams }),
    ],
    published: [published(2024, { turnover_rate_fte: 16, vacancy_rate_fte: 18, caseload_fte: 16 })],
    leavers: leavers({ resignation: 10, [NOT_RECORDED]: 10 }, 10),
  });
  const ruleIds = proposeFindings(full).map((finding) => finding.ruleId);
  assert.deepEqual(ruleIds, [
    'turnover-vs-england',
    'vacancy-vs-england',
    'caseload-vs-england',
    'measure-worsening',
    'role-turnover-rising',
    'team-agency-above-peers',
    'leaver-reasons-not-recorded',
    'early-leavers',
  ]);
  assert.deepEqual(proposeFindings({ ...full, years: [...full.years].reverse() }), proposeFindings(full), 'the order of the years given does not matter');
});

// ---------------------------------------------------------------------------------------------
// Leavers from records

test("leavers are counted as the census counts them: employed children's workers, once each, under the post they left last", () => {
  const workers = [
    buildLeaver('2024-03-31', { workerId: 'R1', startDate: '2015-01-01' }),
    buildLeaver('2024-06-30', { workerId: 'N1', startDate: '2023-02-01', leavingReason: null }),
    // Two posts left in the year: one leaver, with the reason on the later post; service from the first post.
    buildLeaver('2023-12-31', { workerId: 'M1', startDate: '2021-01-04', leavingReason: 'moved_within_la' }),
    buildLeaver('2024-08-31', { workerId: 'M1', startDate: '2024-01-01', leavingReason: 'not_known' }),
    // Not counted: agency, adults' services, left in another year, still in post.
    buildLeaver('2024-05-31', { workerId: 'A1', agency: true, leavingReason: 'other' }),
    buildLeaver('2024-05-31', { workerId: 'X1', service: 'adults' }),
    buildLeaver('2023-09-30', { workerId: 'O1' }),
    buildWorker({ workerId: 'S1' }),
  ];
  const summary = summariseLeavers(workers, 2024);
  assert.equal(summary.leavers, 3);
  assert.equal(summary.leavers, computeCensusMeasures({ workers, vacancies: [], censusYear: 2024 }).leavers_headcount);
  assert.deepEqual(
    Object.entries(summary.byReason).filter(([, count]) => count > 0),
    [
      ['resignation', 1],
      ['not_known', 1],
      [NOT_RECORDED, 1],
    ],
  );
  assert.equal(summary.underTwoYearsService, 1, "only N1: M1's service runs from 2021");
});

test("property: the leavers summarised are always the census's leavers headcount", () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 30 }), arbitraryCensusYear, (workers, censusYear) => {
      const summary = summariseLeavers(workers, censusYear);
      assert.equal(summary.leavers, computeCensusMeasures({ workers, vacancies: [], censusYear }).leavers_headcount);
      assert.equal(
        Object.values(summary.byReason).reduce((a, b) => a + b, 0),
        summary.leavers,
      );
      assert.ok(summary.underTwoYearsService <= summary.leavers);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// Properties over any figures

/** Rates in hundredths, so figures land on both sides of every one-decimal boundary; sometimes unknown. */
const rate = fc.option(
  fc.integer({ min: 0, max: 6000 }).map((hundredths) => hundredths / 100),
  { nil: null, freq: 5 },
);
const headcount = fc.integer({ min: 0, max: 30 });

const arbitraryGroup = (name: string) =>
  fc
    .record({ employed: headcount, agency: headcount, turnover: rate, agencyRate: rate })
    .map(({ employed, agency, turnover, agencyRate }) => group(name, { inpost_headcount: employed, agency_headcount: agency, turnover_rate_fte: turnover, agency_rate_fte: agencyRate }));

/** Every group in every year, as a council's figures have them, so trends and peers have something to work on. */
const allGroups = (names: readonly string[]) => fc.tuple(...names.map(arbitraryGroup));

const arbitraryYear = (censusYear: number): fc.Arbitrary<YearFigures> =>
  fc
    .record({
      turnover: rate,
      vacancy: rate,
      agency: rate,
      caseload: rate,
      absence: rate,
      byRole: allGroups(ROLE_CODES),
      byTeam: allGroups(['Assessment', 'Child Protection', 'Children in Care', 'Fostering', NO_TEAM]),
    })
    .map(({ turnover, vacancy, agency, caseload, absence, byRole, byTeam }) =>
      year(censusYear, { measures: { turnover_rate_fte: turnover, vacancy_rate_fte: vacancy, agency_rate_fte: agency, caseload_fte: caseload, absence_rate_fte: absence }, byRole, byTeam }),
    );

const arbitraryPublished = fc.record({ turnover_rate_fte: rate, vacancy_rate_fte: rate, agency_rate_fte: rate, caseload_fte: rate, absence_rate_fte: rate });

const arbitraryInput: fc.Arbitrary<FindingsInput> = fc
  .record({
    years: fc.tuple(arbitraryYear(2022), arbitraryYear(2023), arbitraryYear(2024)),
    england: arbitraryPublished,
    region: arbitraryPublished,
    regionName: fc.option(fc.constant('North West'), { nil: null }),
    unknown: fc.integer({ min: 0, max: 20 }),
    known: fc.integer({ min: 0, max: 20 }),
    early: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ years, england, region, regionName, unknown, known, early }) =>
    input({ years, regionName, published: [published(2024, england, region)], leavers: leavers({ resignation: known, [NOT_RECORDED]: unknown }, Math.min(early, known + unknown)) }),
  );

test('property: a finding never names a team or role with fewer than five people in post', () => {
  fc.assert(
    fc.property(arbitraryInput, (findingsInput) => {
      for (const finding of proposeFindings(findingsInput)) {
        if (finding.group === undefined) continue;
        assert.notEqual(finding.group, NO_TEAM);
        // A trend names the group in each of its years; every one of them must be large enough.
        const years = finding.ruleId === 'role-turnover-rising' ? findingsInput.years : findingsInput.years.filter((one) => one.censusYear === findingsInput.censusYear);
        for (const one of years) {
          const named = [...one.byRole, ...one.byTeam].find((candidate) => candidate.group === finding.group);
          assert.ok(named, `${finding.group} is a group of ${one.censusYear}`);
          assert.ok(named.inpost_headcount + named.agency_headcount >= MIN_GROUP_HEADCOUNT, `${finding.group} in ${one.censusYear}: ${finding.statement}`);
        }
      }
    }),
  );
});

test('property: every finding has a plain statement and evidence, with no NaN, undefined or unrounded figure', () => {
  fc.assert(
    fc.property(arbitraryInput, (findingsInput) => {
      for (const finding of proposeFindings(findingsInput)) {
        for (const text of [finding.statement, finding.evidence]) {
          assert.ok(text.trim().length > 0);
          assert.doesNotMatch(text, /NaN|undefined|null|Infinity|\[object/);
          assert.doesNotMatch(text, /\d\.\d{2}/, `figures are shown to one decimal place: ${text}`);
        }
        assert.match(finding.statement, /^[A-Z].*\.$/, 'a sentence');
        assert.ok(['strength', 'weakness', 'opportunity', 'threat'].includes(finding.swot));
      }
    }),
  );
});
