import type { IsoDate } from './workforce.ts';

/**
 * A scrutiny review of social worker recruitment and retention, as councils run them: a committee
 * or task-and-finish group scopes it, meets several times, takes evidence, records actions, makes
 * recommendations to the cabinet member and evaluates the effect a year later. These are the
 * records and the rules about them (no I/O, no clock: "today" is passed in).
 */

/** Measures an indicator of success can be tied to, with the census year's figure as the live value. */
export const INDICATOR_MEASURES = [
  'turnover_rate_fte',
  'turnover_rate_headcount',
  'vacancy_rate_fte',
  'agency_rate_fte',
  'agency_rate_headcount',
  'caseload_fte',
  'absence_rate_fte',
  'inpost_fte',
  'starters_fte',
  'leavers_fte',
] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

/** Lower is better for rates of leaving, vacancy, agency use, caseload and absence; higher for staff in post and starters. */
export const LOWER_IS_BETTER: Record<IndicatorMeasure, boolean> = {
  turnover_rate_fte: true,
  turnover_rate_headcount: true,
  vacancy_rate_fte: true,
  agency_rate_fte: true,
  agency_rate_headcount: true,
  caseload_fte: true,
  absence_rate_fte: true,
  inpost_fte: false,
  starters_fte: false,
  leavers_fte: true,
};

/** A team, or a DfE role, an indicator is tracked for (issue 15); none: the whole council. */
export interface IndicatorGroup {
  by: 'team' | 'role';
  /** The team's name as the workers file writes it, or the role code (case_holder, team_manager ...). */
  name: string;
}

export interface SuccessIndicator {
  /** What success looks like, in the committee's words. */
  description: string;
  /** The Retain measure it is tracked by, if any; baseline and target are in that measure's units. */
  measure: IndicatorMeasure | null;
  baseline: number | null;
  target: number | null;
  /** Tracked for one team or role rather than the whole council; absent in scopes saved before issue 15. */
  group?: IndicatorGroup | null;
}

export interface RiskItem {
  risk: string;
  /** How it is managed or mitigated. */
  management: string;
}

export interface KeyDate {
  date: IsoDate;
  event: string;
}

export const METHODS = ['senior_managers', 'focus_groups', 'exit_interviews', 'other_councils', 'surveys', 'site_visits'] as const;
export type ReviewMethod = (typeof METHODS)[number];

export const METHOD_LABELS: Record<ReviewMethod, string> = {
  senior_managers: 'Meetings with senior managers',
  focus_groups: 'Focus groups with staff',
  exit_interviews: 'Review of exit interviews',
  other_councils: "Review of other councils' policies",
  surveys: 'Surveys',
  site_visits: 'Site visits',
};

/** The staff groups focus groups are usually held with. */
export const FOCUS_GROUPS = ['newly_qualified', 'established', 'team_managers', 'agency'] as const;
export type FocusGroup = (typeof FOCUS_GROUPS)[number];
export const FOCUS_GROUP_LABELS: Record<FocusGroup, string> = {
  newly_qualified: 'Newly qualified social workers (ASYE)',
  established: 'Established social workers',
  team_managers: 'Team managers',
  agency: 'Agency social workers',
};

/** Every section of a council scoping document. Text sections are free text; empty is allowed while drafting. */
export interface ReviewScope {
  objectives: string[];
  indicators: SuccessIndicator[];
  /** Defaults to 12 months after the recommendations are agreed (see `evaluationDateFor`). */
  evaluationDate: IsoDate | null;
  inScope: string;
  excluded: string;
  linkedStrategies: string;
  methods: ReviewMethod[];
  focusGroups: FocusGroup[];
  otherMethods: string;
  risks: RiskItem[];
  equalityImplications: string;
  keyDates: KeyDate[];
  anticipatedMeetings: number | null;
  scrutinyBoard: string;
  cabinetPortfolios: string;
  reportingDate: IsoDate | null;
  /** Where the report goes, e.g. "Scrutiny Board, then Executive Board". */
  reportingRoute: string;
  /** Report of, e.g. "Head of Democratic Services". */
  reportOf: string;
  communications: string;
}

export function emptyScope(): ReviewScope {
  return {
    objectives: [],
    indicators: [],
    evaluationDate: null,
    inScope: '',
    excluded: '',
    linkedStrategies: '',
    methods: [],
    focusGroups: [],
    otherMethods: '',
    risks: [],
    equalityImplications: '',
    keyDates: [],
    anticipatedMeetings: null,
    scrutinyBoard: '',
    cabinetPortfolios: '',
    reportingDate: null,
    reportingRoute: '',
    reportOf: '',
    communications: '',
  };
}

export interface Review {
  id: number;
  authorityCode: string;
  title: string;
  scope: ReviewScope;
  /** When the cabinet member agreed the recommendations; the evaluation date runs from here. */
  recommendationsAgreedOn: IsoDate | null;
  contactOfficer: string;
  createdAt: string;
  updatedAt: string;
}

export interface InformationItem {
  item: string;
  officer: string;
}

export interface MinutesItem {
  title: string;
  notes: string;
  resolutions: string;
}

export interface Minutes {
  present: string[];
  officers: string[];
  apologies: string[];
  items: MinutesItem[];
}

export interface Meeting {
  id: number;
  reviewId: number;
  number: number;
  date: IsoDate;
  subject: string;
  informationRequired: InformationItem[];
  officersAttending: string[];
  minutes: Minutes | null;
}

export const ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done' };

export interface ReviewAction {
  id: number;
  reviewId: number;
  meetingId: number | null;
  description: string;
  owner: string;
  /** Where reminders of it are sent; empty when none is recorded. Officers only. */
  ownerEmail: string;
  dueDate: IsoDate;
  status: ActionStatus;
}

export const SWOT = ['strength', 'weakness', 'opportunity', 'threat'] as const;
export type Swot = (typeof SWOT)[number];

/** What kind of other evidence a review considered (the review_evidence table's kind). */
export const EVIDENCE_KINDS = ['document', 'focus_group', 'other_council_policy', 'survey', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const SWOT_LABELS: Record<Swot, string> = {
  strength: 'Strengths',
  weakness: 'Weaknesses',
  opportunity: 'Opportunities',
  threat: 'Threats',
};

/** One finding's heading: "Weakness", not "Weaknesses". */
export const SWOT_SINGULAR: Record<Swot, string> = { strength: 'Strength', weakness: 'Weakness', opportunity: 'Opportunity', threat: 'Threat' };

export const FINDING_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface Finding {
  id: number;
  reviewId: number;
  /** The rule that proposed it; null for a finding an officer wrote. */
  ruleId: string | null;
  swot: Swot;
  statement: string;
  evidence: string;
  status: FindingStatus;
}

// 'noted' (issue 15): the executive takes note without accepting or rejecting, as many councils' responses do.
export const RESPONSES = ['awaiting', 'accepted', 'partly_accepted', 'rejected', 'noted'] as const;
export type RecommendationResponse = (typeof RESPONSES)[number];
export const RESPONSE_LABELS: Record<RecommendationResponse, string> = {
  awaiting: 'Awaiting response',
  accepted: 'Accepted',
  partly_accepted: 'Partly accepted',
  rejected: 'Rejected',
  noted: 'Noted',
};

export const IMPLEMENTATION_STATUSES = ['not_started', 'in_progress', 'implemented', 'not_implemented'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
export const IMPLEMENTATION_LABELS: Record<ImplementationStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
  not_implemented: 'Not implemented',
};

export interface ProgressUpdate {
  date: IsoDate;
  text: string;
}

export interface Recommendation {
  id: number;
  reviewId: number;
  number: number;
  text: string;
  /** "Cabinet member for Children's Services", "Cabinet". */
  addressedTo: string;
  response: RecommendationResponse;
  responseReasons: string;
  decisionDate: IsoDate | null;
  owner: string;
  financialImplications: string;
  /** Investment approved per year, in pounds. */
  investmentPerYear: number | null;
  implementationStatus: ImplementationStatus;
  updates: ProgressUpdate[];
  progressReviewDate: IsoDate | null;
}

/**
 * The recommendations whose investment counts: all but those the executive rejected or only noted
 * (issue 15). Neither will be funded, so its cost is not part of what the review asks for or what
 * has been agreed; one awaiting a response, accepted or partly accepted counts at the amount
 * recorded. The recommendations page and the committee report both total with this rule.
 */
export function costedRecommendations<R extends Pick<Recommendation, 'response' | 'investmentPerYear'>>(recommendations: readonly R[]): R[] {
  return recommendations.filter((r) => r.response !== 'rejected' && r.response !== 'noted' && r.investmentPerYear !== null);
}

/**
 * The investment per year the recommendations ask for, in pounds, by that rule. Worked example:
 * £120,000 accepted, £50,000 rejected, £30,000 awaiting a response and one with no amount give
 * £150,000.
 */
export function investmentPerYearTotal(recommendations: readonly Pick<Recommendation, 'response' | 'investmentPerYear'>[]): number {
  return costedRecommendations(recommendations).reduce((sum, r) => sum + r.investmentPerYear!, 0);
}

/** Twelve months after the recommendations were agreed, unless the scope names a date. */
export function evaluationDateFor(scope: Pick<ReviewScope, 'evaluationDate'>, recommendationsAgreedOn: IsoDate | null): IsoDate | null {
  if (scope.evaluationDate) return scope.evaluationDate;
  if (!recommendationsAgreedOn) return null;
  return addMonths(recommendationsAgreedOn, 12);
}

/** Calendar months later, clamped to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function isOverdue(action: Pick<ReviewAction, 'dueDate' | 'status'>, today: IsoDate): boolean {
  return action.status !== 'done' && action.dueDate < today;
}

export type IndicatorOutcome = 'met' | 'not_met' | 'no_target' | 'no_figure' | 'withheld';

export interface IndicatorEvaluation {
  indicator: SuccessIndicator;
  current: number | null;
  outcome: IndicatorOutcome;
  /** Change from the baseline, in the measure's units (positive = went up). */
  change: number | null;
}

/**
 * Whether an indicator was met: the current figure has reached the target in the direction that
 * counts as better for that measure (lower turnover, higher staff in post). Equal to the target is met.
 * A figure withheld from the reader (fewer than 5 people behind it) is neither met nor missed.
 */
export function evaluateIndicator(indicator: SuccessIndicator, current: number | null, withheld = false): IndicatorEvaluation {
  if (withheld) return { indicator, current: null, outcome: 'withheld', change: null };
  const change = current !== null && indicator.baseline !== null ? current - indicator.baseline : null;
  if (!indicator.measure || indicator.target === null) return { indicator, current, outcome: 'no_target', change };
  if (current === null) return { indicator, current, outcome: 'no_figure', change };
  const met = LOWER_IS_BETTER[indicator.measure] ? current <= indicator.target : current >= indicator.target;
  return { indicator, current, outcome: met ? 'met' : 'not_met', change };
}

export const OUTCOME_LABELS: Record<IndicatorOutcome, string> = {
  met: 'Met',
  not_met: 'Not met',
  no_target: 'No measurable target',
  no_figure: 'No figure yet',
  withheld: 'Withheld (fewer than 5 people)',
};
