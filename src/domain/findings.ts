import { median } from './benchmarks.ts';
import { lastPostsLeft, leaverReasonCounts, UNKNOWN_REASONS } from './leavers.ts';
import type { Swot } from './reviews.ts';
import { addYears } from './census.ts';
import { ROLE_LABELS, type LeavingReason } from './codes.ts';
import { isSmallNumber, SMALL_NUMBER_THRESHOLD, suppressedFields } from './disclosure.ts';
import { isCensusRecord, NO_TEAM, percentage, type CensusMeasures, type CensusPeople, type GroupMeasures, type MeasureField } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';
import { EXIT_INTERVIEW_RULES, type ExitInterviewYear } from './findings-exit-interviews.ts';
import { significanceOf, type Significance } from './early-warning.ts';

/**
 * Proposed findings for a scrutiny review: plain-English strengths and areas of concern read from
 * a council's figures, each carrying the figure behind it. They are proposals: officers accept,
 * edit or reject them, so a rule proposes only what its figures plainly show and proposes
 * nothing when a figure it needs is missing. Pure: the figures come in already computed.
 */

// ---------------------------------------------------------------------------------------------
// Input

/**
 * The council's figures for one census year: overall, by role (group = role code) and by team,
 * each with the people behind it when known, so no rule quotes a figure built from fewer than 5
 * people (src/domain/disclosure.ts): findings go to committee documents and scrutiny members.
 */
export interface YearFigures {
  censusYear: number;
  measures: CensusMeasures;
  people?: CensusPeople;
  byRole: readonly GroupWithPeople[];
  byTeam: readonly GroupWithPeople[];
}

export type GroupWithPeople = GroupMeasures & { people?: CensusPeople };

/** Published figures by DfE column name; a missing or null field is "not published". */
export type PublishedFigures = Partial<Record<MeasureField, number | null>>;

export interface PublishedYear {
  censusYear: number;
  england: PublishedFigures;
  region: PublishedFigures;
}

/** Leavers without a recorded reason: no code, or a code that says the reason is unknown. */
export const NOT_RECORDED = 'not_recorded';
export type LeaverReasonKey = LeavingReason | typeof NOT_RECORDED;

// `not_known` and `not_yet_collected` are codes, but say no more about why someone left than a blank does.
export { UNKNOWN_REASONS };

export interface LeaverSummary {
  censusYear: number;
  /** Distinct employed leavers in the census year: the census's leavers_headcount. */
  leavers: number;
  /** Leavers by the reason on their last post to end in the year. */
  byReason: Record<LeaverReasonKey, number>;
  /** Leavers whose service with the council (from their first employed post) was under two years. */
  underTwoYearsService: number;
}

export interface FindingsInput {
  censusYear: number;
  /** The authority's region, for the evidence ("North West 16.0%"); null when not known. */
  regionName: string | null;
  /** The council's figures by census year, any order; years without records are simply absent. */
  years: readonly YearFigures[];
  /** England's and the region's published figures by year; absent when no release has the year. */
  published: readonly PublishedYear[];
  /** Leavers in the census year by reason; null when not gathered. */
  leavers: LeaverSummary | null;
  /** Exit interviews by census year (see findings-exit-interviews.ts); absent when not gathered. */
  exitInterviews?: readonly ExitInterviewYear[];
}

// ---------------------------------------------------------------------------------------------
// Output

export type { Swot };

export interface ProposedFinding {
  ruleId: string;
  swot: Swot;
  /** One plain-English sentence a councillor understands. */
  statement: string;
  /** The figure(s) behind it, e.g. "Turnover rate (FTE) 2024: 21.3%; England 16.9%". */
  evidence: string;
  measure?: MeasureField;
  /** Our figure, unrounded. */
  value?: number | null;
  /** What it was judged against (England, the median of the other teams, the figure two years ago), unrounded. */
  comparator?: number | null;
  /** The team name, or the role code, the finding is about. */
  group?: string;
}

// ---------------------------------------------------------------------------------------------
// Thresholds

/**
 * A strength must be this many points better than England. A council of 200 FTE moves half a
 * point with each leaver, so a smaller lead could vanish with a couple of departures and would
 * not bear repeating in a committee report. A figure worse than England by any amount is a
 * concern: it is the comparison councillors are asked about.
 */
export const STRENGTH_MARGIN_POINTS = 2;

/** Caseloads are in cases per FTE, not percentages: one case fewer each is a noticeable lead. */
export const CASELOAD_STRENGTH_MARGIN = 1;

/**
 * A team stands out when its rate is more than this many points above the median of the other
 * teams. Teams are small: in a team of 15 FTE one leaver or agency worker is nearly seven points,
 * so a gap of ten is more than one person's coming or going explains.
 */
export const TEAM_OUTLIER_POINTS = 10;

/**
 * Turnover is tested for chance before it is a finding (issue 13 item 4): a rate from a small
 * council or team moves a lot when one person leaves, so the council's turnover is set beside
 * England's, and a team's beside the median of the other teams, only when it falls outside the 95%
 * funnel limit for its size (src/domain/early-warning.ts funnelLimits). The size is the employed
 * headcount in post (inpost_headcount): the test is on people, as a leaver is a person, although
 * the rate quoted is DfE's FTE rate. Example: turnover 21.3% against England's 16.9% is within
 * chance for 100 people (95% limit 24.2%) but beyond it for 400 (20.6%).
 */
export function turnoverBeyondChance(ratePercent: number, headcount: number, comparatorPercent: number): Significance {
  return significanceOf(ratePercent / 100, headcount, comparatorPercent / 100);
}

/** A median of one other team is just that team: outliers are judged against at least two. */
export const MIN_PEER_TEAMS = 2;

/** A group is named only when this many people are in post in it, so no statement points at individuals. */
export const MIN_GROUP_HEADCOUNT = SMALL_NUMBER_THRESHOLD;

/** Three census years make two year-on-year changes: one change can be noise, two in a row is a direction. */
export const TREND_YEARS = 3;

/**
 * DfE asks for a reason for every leaver; above one in ten without one, the reasons recorded no
 * longer say why people leave, which is the question a retention review turns on.
 */
export const UNKNOWN_REASON_SHARE = 10;

/**
 * There is no published England figure for leavers' length of service. A third is chosen as the
 * point where early leaving is a pattern rather than a few cases: it means recruitment is
 * refilling posts that people leave before they are experienced.
 */
export const EARLY_LEAVER_SHARE = 33.3;

/** Percentages of fewer leavers than this swing too far on one person to be worth a finding. */
export const MIN_LEAVERS_FOR_SHARE = SMALL_NUMBER_THRESHOLD;

// ---------------------------------------------------------------------------------------------
// Words and figures

interface FieldText {
  /** For evidence: "Turnover rate (FTE)". */
  label: string;
  /** For sentences: "turnover of social workers (FTE)". */
  noun: string;
  unit: 'percent' | 'caseload';
}

const FIELD_TEXT = {
  turnover_rate_fte: { label: 'Turnover rate (FTE)', noun: 'turnover of social workers (FTE)', unit: 'percent' },
  agency_rate_fte: { label: 'Agency worker rate (FTE)', noun: 'share of social work FTE filled by agency workers', unit: 'percent' },
  vacancy_rate_fte: { label: 'Vacancy rate (FTE)', noun: 'vacancy rate (FTE)', unit: 'percent' },
  caseload_fte: { label: 'Average caseload (cases per FTE)', noun: 'average caseload (cases per FTE)', unit: 'caseload' },
  absence_rate_fte: { label: 'Sickness absence rate (FTE)', noun: 'sickness absence rate (FTE)', unit: 'percent' },
} as const satisfies Partial<Record<MeasureField, FieldText>>;

type FindingField = keyof typeof FIELD_TEXT;

/** Every field a finding can cite: what findingsInputFor needs from the published files. */
export const FINDINGS_FIELDS = Object.keys(FIELD_TEXT) as FindingField[];

/** Figures compare at one decimal place, as published, so "above" never rests on a hidden digit. */
function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The gap as the figures are shown: 14.9 - 16.9 is -2.0, not -1.9999999999999982. */
function difference(ours: number, comparator: number): number {
  return oneDecimal(oneDecimal(ours) - oneDecimal(comparator));
}

function figure(field: FindingField, value: number): string {
  const text = oneDecimal(value).toFixed(1);
  return FIELD_TEXT[field].unit === 'percent' ? `${text}%` : text;
}

/** A gap between two figures: "4.4 points" for rates, "1.5 cases per FTE" for caseloads. */
function gap(field: FindingField, points: number): string {
  const text = Math.abs(oneDecimal(points)).toFixed(1);
  return FIELD_TEXT[field].unit === 'percent' ? `${text} points` : `${text} cases per FTE`;
}

function percentText(value: number): string {
  return `${oneDecimal(value).toFixed(1)}%`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** DfE's name for a role code ("Senior practitioner"); a code outside the list is shown as it is. */
function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role;
}

/** The role's name inside a sentence: "among senior practitioner staff". */
function roleName(role: string): string {
  const label = roleLabel(role);
  return label === role ? role : label.charAt(0).toLowerCase() + label.slice(1);
}

/** "the Assessment team", but "the Assessment Team", not "the Assessment Team team". */
function theTeam(name: string): string {
  return /\bteam$/i.test(name.trim()) ? `the ${name}` : `the ${name} team`;
}

/** Whether a viewer would see `field` as [c]: built from 1 to 4 people. Unknown people: judged on the headcounts. */
function withheld(figures: { people?: CensusPeople | undefined }, field: MeasureField): boolean {
  return figures.people !== undefined && suppressedFields(figures.people).has(field);
}

/** People working in a group on the reference date: employed and agency. */
function peopleInPost(group: GroupMeasures): number {
  return group.inpost_headcount + group.agency_headcount;
}

/**
 * Rates over employed staff (turnover) need enough employed people; rates over everyone in post
 * (agency) need enough people in post. Either way the group is never smaller than the threshold.
 */
function largeEnough(group: GroupWithPeople, field: FindingField): boolean {
  const people = field === 'turnover_rate_fte' ? group.inpost_headcount : peopleInPost(group);
  return people >= MIN_GROUP_HEADCOUNT && !withheld(group, field);
}

/** The people a group's figure rests on, for the evidence. */
function groupSize(group: GroupMeasures, field: FindingField): string {
  if (field === 'turnover_rate_fte') return `${group.inpost_headcount} employed in post`;
  // The agency count is said only when it could be shown: never "2 of them agency".
  return isSmallNumber(group.agency_headcount) ? `${peopleInPost(group)} in post` : `${peopleInPost(group)} in post, ${group.agency_headcount} of them agency`;
}

// ---------------------------------------------------------------------------------------------
// Looking things up

function yearOf(input: FindingsInput, censusYear: number): YearFigures | undefined {
  return input.years.find((year) => year.censusYear === censusYear);
}

function publishedOf(input: FindingsInput, censusYear: number): PublishedYear | undefined {
  return input.published.find((year) => year.censusYear === censusYear);
}

function known(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The census year and the two before it, oldest first; null unless all three are there. */
function trendWindow(input: FindingsInput): YearFigures[] | null {
  const window: YearFigures[] = [];
  for (let offset = TREND_YEARS - 1; offset >= 0; offset -= 1) {
    const year = yearOf(input, input.censusYear - offset);
    if (!year) return null;
    window.push(year);
  }
  return window;
}

function strictlyRising(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || oneDecimal(value) > oneDecimal(values[index - 1]!));
}

function strictlyFalling(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || oneDecimal(value) < oneDecimal(values[index - 1]!));
}

// ---------------------------------------------------------------------------------------------
// Rules: the council beside England

interface EnglandRule {
  ruleId: string;
  field: FindingField;
  /** What being worse than England is: most are weaknesses; agency reliance is a threat. */
  worse: Swot;
  /** Whether being well below England is worth saying as a strength. */
  strengthWhenBelow: boolean;
  why?: string;
}

const ENGLAND_RULES: readonly EnglandRule[] = [
  { ruleId: 'turnover-vs-england', field: 'turnover_rate_fte', worse: 'weakness', strengthWhenBelow: true },
  { ruleId: 'vacancy-vs-england', field: 'vacancy_rate_fte', worse: 'weakness', strengthWhenBelow: true },
  // Agency reliance is a threat: cost and continuity for children depend on a market the council does not control.
  {
    ruleId: 'agency-vs-england',
    field: 'agency_rate_fte',
    worse: 'threat',
    strengthWhenBelow: false,
    why: 'leaving the service exposed to agency costs and to workers who can leave at short notice',
  },
  { ruleId: 'caseload-vs-england', field: 'caseload_fte', worse: 'weakness', strengthWhenBelow: false },
  { ruleId: 'absence-vs-england', field: 'absence_rate_fte', worse: 'weakness', strengthWhenBelow: false },
];

function englandEvidence(field: FindingField, censusYear: number, ours: number, england: number, region: number | null | undefined, regionName: string | null): string {
  const parts = [`${FIELD_TEXT[field].label} ${censusYear}: ${figure(field, ours)}`, `England ${figure(field, england)}`];
  if (known(region)) parts.push(`${regionName ?? 'Region'} ${figure(field, region)}`);
  return parts.join('; ');
}

function versusEngland(input: FindingsInput, rule: EnglandRule): ProposedFinding[] {
  const { censusYear } = input;
  const year = yearOf(input, censusYear);
  const ours = year?.measures[rule.field];
  const published = publishedOf(input, censusYear);
  const england = published?.england[rule.field];
  if (!known(ours) || !known(england)) return [];
  const points = difference(ours, england);
  const margin = FIELD_TEXT[rule.field].unit === 'caseload' ? CASELOAD_STRENGTH_MARGIN : STRENGTH_MARGIN_POINTS;
  if (rule.field === 'turnover_rate_fte' && year) {
    // Within the 95% limit for the council's size the gap is chance: neither a concern nor a strength.
    const beyond = turnoverBeyondChance(ours, year.measures.inpost_headcount, england);
    if (beyond === 'within' || points > 0 !== beyond.startsWith('above')) return [];
  }
  const base = {
    ruleId: rule.ruleId,
    evidence: englandEvidence(rule.field, censusYear, ours, england, published?.region[rule.field], input.regionName),
    measure: rule.field,
    value: ours,
    comparator: england,
  };
  const said = `${capitalise(FIELD_TEXT[rule.field].noun)} was ${figure(rule.field, ours)} in ${censusYear}`;
  if (year && withheld(year, rule.field)) {
    // Our figure rests on fewer than 5 people: the finding says which side of England it is, not by how much.
    const hidden = {
      ...base,
      evidence: `${FIELD_TEXT[rule.field].label} ${censusYear}: [c] (built from fewer than ${SMALL_NUMBER_THRESHOLD} people); England ${figure(rule.field, england)}`,
    };
    const noun = `${capitalise(FIELD_TEXT[rule.field].noun)} in ${censusYear}`;
    if (points > 0)
      return [
        {
          ...hidden,
          swot: rule.worse,
          statement: `${noun} was above England's rate (${figure(rule.field, england)}); the council's own figure rests on fewer than ${SMALL_NUMBER_THRESHOLD} people, so it is not given.`,
        },
      ];
    if (rule.strengthWhenBelow && -points >= margin) {
      return [
        {
          ...hidden,
          swot: 'strength',
          statement: `${noun} was well below England's rate (${figure(rule.field, england)}); the council's own figure rests on fewer than ${SMALL_NUMBER_THRESHOLD} people, so it is not given.`,
        },
      ];
    }
    return [];
  }
  if (points > 0) {
    const consequence = rule.why ? `, ${rule.why}` : '';
    return [{ ...base, swot: rule.worse, statement: `${said}, ${gap(rule.field, points)} above England (${figure(rule.field, england)})${consequence}.` }];
  }
  if (rule.strengthWhenBelow && -points >= margin) {
    return [{ ...base, swot: 'strength', statement: `${said}, ${gap(rule.field, points)} below England (${figure(rule.field, england)}).` }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Rules: direction of travel

/** Every one of these is better when lower, so "falling two years running" is good news for all. */
const TREND_FIELDS: readonly FindingField[] = ['turnover_rate_fte', 'vacancy_rate_fte', 'agency_rate_fte', 'caseload_fte', 'absence_rate_fte'];

/** "Turnover rate (FTE), Senior practitioner: 2022 8.0%; 2023 12.0%; 2024 16.0%". */
function trendEvidence(field: FindingField, window: readonly YearFigures[], values: readonly number[], group?: string): string {
  const whose = group === undefined ? '' : `, ${group}`;
  return `${FIELD_TEXT[field].label}${whose}: ${window.map((year, index) => `${year.censusYear} ${figure(field, values[index]!)}`).join('; ')}`;
}

function trendSentence(field: FindingField, window: readonly YearFigures[], values: readonly number[]): string {
  const points = window.map((year, index) => `${figure(field, values[index]!)} in ${year.censusYear}`);
  return `from ${points.slice(0, -1).join(' to ')} and ${points[points.length - 1]}`;
}

/** A council-wide measure better (or worse) each year for two years. */
function councilTrends(input: FindingsInput): ProposedFinding[] {
  const window = trendWindow(input);
  if (!window) return [];
  return TREND_FIELDS.flatMap((field): ProposedFinding[] => {
    const values = window.map((year) => year.measures[field]);
    if (!values.every(known) || window.some((year) => withheld(year, field))) return [];
    const improving = strictlyFalling(values);
    if (!improving && !strictlyRising(values)) return [];
    return [
      {
        ruleId: improving ? 'measure-improving' : 'measure-worsening',
        swot: improving ? 'strength' : 'weakness',
        statement: `${capitalise(FIELD_TEXT[field].noun)} has ${improving ? 'fallen' : 'risen'} two years running, ${trendSentence(field, window, values)}.`,
        evidence: trendEvidence(field, window, values),
        measure: field,
        value: values[values.length - 1]!,
        comparator: values[0]!,
      },
    ];
  });
}

/** A role whose turnover has risen each year for two years, in every year with enough people to name it. */
function roleTurnoverRising(input: FindingsInput): ProposedFinding[] {
  const window = trendWindow(input);
  if (!window) return [];
  const field = 'turnover_rate_fte';
  const roles = [...new Set(window[window.length - 1]!.byRole.map((group) => group.group))].sort();
  return roles.flatMap((role): ProposedFinding[] => {
    const groups = window.map((year) => year.byRole.find((group) => group.group === role));
    if (!groups.every((group): group is GroupWithPeople => group !== undefined && largeEnough(group, field))) return [];
    const values = groups.map((group) => group[field]);
    if (!values.every(known) || !strictlyRising(values)) return [];
    const name = roleName(role);
    return [
      {
        ruleId: 'role-turnover-rising',
        swot: 'weakness',
        statement: `Turnover (FTE) among ${name} staff has risen two years running, ${trendSentence(field, window, values)}.`,
        evidence: trendEvidence(field, window, values, roleLabel(role)),
        measure: field,
        value: values[values.length - 1]!,
        comparator: values[0]!,
        group: role,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Rules: teams beside each other

interface TeamRule {
  ruleId: string;
  field: FindingField;
  sentence: (team: string, ours: string, peers: string, gapText: string) => string;
}

const TEAM_RULES: readonly TeamRule[] = [
  {
    ruleId: 'team-agency-above-peers',
    field: 'agency_rate_fte',
    sentence: (team, ours, peers, gapText) => `Agency workers fill ${ours} of social work FTE in ${theTeam(team)}, ${gapText} above the other teams' typical rate (median ${peers}).`,
  },
  {
    ruleId: 'team-turnover-above-peers',
    field: 'turnover_rate_fte',
    sentence: (team, ours, peers, gapText) => `Turnover (FTE) in ${theTeam(team)} was ${ours}, ${gapText} above the other teams' typical rate (median ${peers}).`,
  },
];

/** Named teams large enough to judge; records with no team are not a team to compare or to name. */
function comparableTeams(year: YearFigures, field: FindingField): GroupMeasures[] {
  return year.byTeam.filter((team) => team.group !== NO_TEAM && largeEnough(team, field) && known(team[field]));
}

function teamsAbovePeers(input: FindingsInput, rule: TeamRule): ProposedFinding[] {
  const year = yearOf(input, input.censusYear);
  if (!year) return [];
  const teams = comparableTeams(year, rule.field).sort((a, b) => a.group.localeCompare(b.group));
  return teams.flatMap((team): ProposedFinding[] => {
    const ours = team[rule.field]!;
    const peers = teams.filter((other) => other.group !== team.group);
    const peerMedian = median(peers.map((other) => other[rule.field]));
    if (peers.length < MIN_PEER_TEAMS || peerMedian === null) return [];
    const points = difference(ours, peerMedian);
    if (points <= TEAM_OUTLIER_POINTS) return [];
    // Turnover must also be above the 95% limit for the team's employed headcount: else it is chance.
    if (rule.field === 'turnover_rate_fte' && !turnoverBeyondChance(ours, team.inpost_headcount, peerMedian).startsWith('above')) return [];
    return [
      {
        ruleId: rule.ruleId,
        swot: 'weakness',
        statement: rule.sentence(team.group, figure(rule.field, ours), figure(rule.field, peerMedian), gap(rule.field, points)),
        evidence: `${FIELD_TEXT[rule.field].label} ${input.censusYear}, ${team.group}: ${figure(rule.field, ours)} (${groupSize(team, rule.field)}); median of ${peers.length} other teams ${figure(rule.field, peerMedian)}`,
        measure: rule.field,
        value: ours,
        comparator: peerMedian,
        group: team.group,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Rules: leavers

function unknownReasons(summary: LeaverSummary): number {
  return [...UNKNOWN_REASONS].reduce((total, reason) => total + summary.byReason[reason], 0);
}

function leaverReasonsMissing(input: FindingsInput): ProposedFinding[] {
  const summary = input.leavers;
  if (!summary || summary.censusYear !== input.censusYear || summary.leavers === 0) return [];
  const missing = unknownReasons(summary);
  const share = percentage(missing, summary.leavers)!;
  if (oneDecimal(share) <= UNKNOWN_REASON_SHARE) return [];
  const parts = [
    [NOT_RECORDED, 'no reason given'],
    ['not_known', 'recorded as not known'],
    ['not_yet_collected', 'not yet collected'],
  ] as const;
  const breakdown = parts.filter(([reason]) => summary.byReason[reason] > 0).map(([reason, words]) => `${summary.byReason[reason]} ${words}`);
  if ([missing, summary.leavers, summary.leavers - missing].some((count) => isSmallNumber(count))) {
    // Built from fewer than 5 people: said without the counts ("3 of 3 leavers" would single people out).
    return [
      {
        ruleId: 'leaver-reasons-not-recorded',
        swot: 'weakness',
        statement: `Leaver data is not being collected: more than one in ten leavers in ${summary.censusYear} have no recorded reason.`,
        evidence: `Leavers ${summary.censusYear} without a known reason: more than ${UNKNOWN_REASON_SHARE}% (counts withheld: fewer than ${SMALL_NUMBER_THRESHOLD} people)`,
        comparator: UNKNOWN_REASON_SHARE,
      },
    ];
  }
  const shownBreakdown = parts.some(([reason]) => isSmallNumber(summary.byReason[reason])) ? [] : breakdown;
  return [
    {
      ruleId: 'leaver-reasons-not-recorded',
      swot: 'weakness',
      statement: `Leaver data is not being collected: ${missing} of ${summary.leavers} leavers (${percentText(share)}) have no recorded reason.`,
      evidence: `Leavers ${summary.censusYear} (headcount): ${summary.leavers}; without a known reason: ${missing}${shownBreakdown.length > 0 ? ` (${shownBreakdown.join(', ')})` : ''}`,
      value: share,
      comparator: UNKNOWN_REASON_SHARE,
    },
  ];
}

function earlyLeavers(input: FindingsInput): ProposedFinding[] {
  const summary = input.leavers;
  if (!summary || summary.censusYear !== input.censusYear || summary.leavers < MIN_LEAVERS_FOR_SHARE) return [];
  const share = percentage(summary.underTwoYearsService, summary.leavers)!;
  if (oneDecimal(share) <= EARLY_LEAVER_SHARE) return [];
  if ([summary.underTwoYearsService, summary.leavers - summary.underTwoYearsService].some((count) => isSmallNumber(count))) {
    return [
      {
        ruleId: 'early-leavers',
        swot: 'weakness',
        statement: `Many social workers leave early: more than a third of leavers in ${summary.censusYear} had worked for the council for under two years.`,
        evidence: `Leavers ${summary.censusYear} with under two years' service: more than ${EARLY_LEAVER_SHARE}% (counts withheld: fewer than ${SMALL_NUMBER_THRESHOLD} people)`,
        comparator: EARLY_LEAVER_SHARE,
      },
    ];
  }
  return [
    {
      ruleId: 'early-leavers',
      swot: 'weakness',
      statement: `Many social workers leave early: ${summary.underTwoYearsService} of ${summary.leavers} leavers in ${summary.censusYear} (${percentText(share)}) had worked for the council for under two years.`,
      evidence: `Leavers ${summary.censusYear} (headcount): ${summary.leavers}; with under two years' service: ${summary.underTwoYearsService} (${percentText(share)})`,
      value: share,
      comparator: EARLY_LEAVER_SHARE,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// All rules

/** Every rule, in the order its findings are listed: the council beside England, trends, groups, leavers. */
export const RULES: ReadonlyArray<(input: FindingsInput) => ProposedFinding[]> = [
  ...ENGLAND_RULES.map((rule) => (input: FindingsInput) => versusEngland(input, rule)),
  councilTrends,
  roleTurnoverRising,
  ...TEAM_RULES.map((rule) => (input: FindingsInput) => teamsAbovePeers(input, rule)),
  leaverReasonsMissing,
  earlyLeavers,
  ...EXIT_INTERVIEW_RULES,
];

/** Every rule's proposals for the census year, in a fixed order so the same figures give the same list. */
export function proposeFindings(input: FindingsInput): ProposedFinding[] {
  return RULES.flatMap((rule) => rule(input));
}

// ---------------------------------------------------------------------------------------------
// Leavers from records

/**
 * The census year's leavers by reason, counted as the census counts leavers_headcount: distinct
 * employed children's services workers whose last day in a post fell in the year. A worker who
 * left two posts that year is counted once, under the post that ended last.
 */
export function summariseLeavers(workers: readonly WorkerRecord[], censusYear: number): LeaverSummary {
  const byReason = Object.fromEntries(leaverReasonCounts(workers, censusYear).map((c) => [c.reason, c.headcount])) as Record<LeaverReasonKey, number>;
  const leavers = lastPostsLeft(workers, censusYear);
  const serviceStart = firstEmployedStart(workers.filter((record) => !record.agency && isCensusRecord(record)));
  const underTwoYearsService = leavers.filter((record) => (serviceStart.get(record.workerId) ?? record.startDate) > addYears(record.endDate!, -2)).length;
  return { censusYear, leavers: leavers.length, byReason, underTwoYearsService };
}

/** Service starts at a worker's first employed post, so a move inside the council does not reset it (as in retention.ts). */
function firstEmployedStart(employed: readonly WorkerRecord[]): Map<string, IsoDate> {
  const starts = new Map<string, IsoDate>();
  for (const record of employed) {
    const known = starts.get(record.workerId);
    if (known === undefined || record.startDate < known) starts.set(record.workerId, record.startDate);
  }
  return starts;
}
