import { daysBetween } from './agency.ts';
import { median } from './benchmarks.ts';
import { isInCensusYear } from './census.ts';
import type { RoleCode } from './codes.ts';
import type { IsoDate } from './workforce.ts';

/**
 * The recruitment pipeline (shared/spec/retention-data.md section 3): one application to a post,
 * how far it got, and where candidates were lost. Pure; the census year is passed in. Worked
 * examples for every figure are in recruitment.test.ts.
 */

export const STAGES = ['applied', 'shortlisted', 'interviewed', 'offered', 'accepted', 'started'] as const;
export type Stage = (typeof STAGES)[number];

export const OFFER_OUTCOMES = ['accepted', 'declined', 'pending'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

export const LOSS_REASONS = ['pay', 'counter_offer', 'location', 'role_content', 'timing', 'other_offer', 'not_known', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export const SOURCES = ['job_board', 'council_site', 'social_media', 'referral', 'agency_conversion', 'grow_your_own', 'apprenticeship', 'return_to_practice', 'international', 'other'] as const;
export type Source = (typeof SOURCES)[number];

export const ROUTES = ['experienced', 'newly_qualified', 'apprentice', 'step_up', 'frontline', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const LOSS_REASON_LABELS: Record<LossReason, string> = {
  pay: 'Pay',
  counter_offer: 'Counter-offer',
  location: 'Location',
  role_content: 'Role content',
  timing: 'Timing',
  other_offer: 'Another offer',
  not_known: 'Not known',
  other: 'Other',
};

export const SOURCE_LABELS: Record<Source, string> = {
  job_board: 'Job board',
  council_site: 'Council website',
  social_media: 'Social media',
  referral: 'Referral',
  agency_conversion: 'Agency conversion',
  grow_your_own: 'Grow your own',
  apprenticeship: 'Apprenticeship',
  return_to_practice: 'Return to practice',
  international: 'International',
  other: 'Other',
};

export const ROUTE_LABELS: Record<Route, string> = {
  experienced: 'Experienced',
  newly_qualified: 'Newly qualified',
  apprentice: 'Apprentice',
  step_up: 'Step Up',
  frontline: 'Frontline',
  other: 'Other',
};

/** One application: a row of the `applications` file after validation. */
export interface Application {
  applicationId: string;
  campaign: string;
  role: RoleCode;
  localRole: string | null;
  team: string | null;
  advertDate: IsoDate;
  appliedDate: IsoDate;
  stageReached: Stage;
  offerDate: IsoDate | null;
  offerOutcome: OfferOutcome | null;
  acceptedDate: IsoDate | null;
  startDate: IsoDate | null;
  withdrawn: boolean;
  withdrawalReason: LossReason | null;
  source: Source | null;
  route: Route | null;
}

export interface PipelineGroup {
  key: string | null;
  applications: number;
  offers: number;
  starters: number;
}

/** The figures of `retain recruitment --year Y`, named as the contract names them. */
export interface RecruitmentFigures {
  applications: number;
  offers: number;
  offers_accepted: number;
  offers_declined: number;
  offers_pending: number;
  offer_acceptance_rate: number | null;
  late_stage_losses: number;
  late_stage_loss_rate: number | null;
  median_time_to_offer_days: number | null;
  median_time_to_hire_days: number | null;
  starters: number;
  loss_reasons: Record<LossReason, number>;
  by_source: PipelineGroup[];
  by_route: PipelineGroup[];
  campaigns_readvertised: number;
}

/** The applications of census year Y: `applied_date` from 1 October Y-1 to 30 September Y. */
export function applicationsInYear(applications: readonly Application[], censusYear: number): Application[] {
  return applications.filter((a) => isInCensusYear(a.appliedDate, censusYear));
}

export const hasOffer = (a: Application): boolean => a.offerDate !== null;

/**
 * A late-stage loss: a declined offer, or an accepted offer (including one later withdrawn) whose
 * candidate withdrew before starting (withdrawn and no start date).
 */
export function isLateStageLoss(a: Application): boolean {
  return a.offerOutcome === 'declined' || (a.offerOutcome === 'accepted' && a.withdrawn && a.startDate === null);
}

/** The reason a candidate was lost, when they were: a declined offer or a withdrawal. */
export function lossReasonOf(a: Application): LossReason | null {
  if (a.offerOutcome !== 'declined' && !a.withdrawn) return null;
  return a.withdrawalReason ?? 'not_known';
}

function groups(applications: readonly Application[], keyOf: (a: Application) => string | null): PipelineGroup[] {
  const map = new Map<string | null, PipelineGroup>();
  for (const a of applications) {
    const key = keyOf(a);
    const group = map.get(key) ?? { key, applications: 0, offers: 0, starters: 0 };
    group.applications += 1;
    if (hasOffer(a)) group.offers += 1;
    if (a.startDate !== null) group.starters += 1;
    map.set(key, group);
  }
  return [...map.values()].sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Campaigns (by `campaign`) advertised on more than one distinct date: re-advertised for want of candidates. */
export function readvertisedCampaigns(applications: readonly Application[]): string[] {
  const dates = new Map<string, Set<IsoDate>>();
  for (const a of applications) dates.set(a.campaign, (dates.get(a.campaign) ?? new Set()).add(a.advertDate));
  return [...dates]
    .filter(([, set]) => set.size > 1)
    .map(([campaign]) => campaign)
    .sort();
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : (numerator / denominator) * 100;
}

/**
 * The recruitment figures over the given applications (already cut to the year). Pending offers
 * count as offers but never as accepted or declined, and are left out of the acceptance rate.
 * `loss_reasons` lists every reason code (0 where none), counting each declined offer or
 * withdrawal once (by its `withdrawal_reason`).
 */
export function recruitmentFigures(applications: readonly Application[]): RecruitmentFigures {
  const offers = applications.filter(hasOffer);
  const accepted = offers.filter((a) => a.offerOutcome === 'accepted');
  const declined = offers.filter((a) => a.offerOutcome === 'declined');
  const pending = offers.filter((a) => a.offerOutcome === 'pending');
  const losses = offers.filter(isLateStageLoss);
  const lossReasons = Object.fromEntries(LOSS_REASONS.map((r) => [r, 0])) as Record<LossReason, number>;
  for (const a of applications) {
    const reason = lossReasonOf(a);
    if (reason !== null) lossReasons[reason] += 1;
  }
  return {
    applications: applications.length,
    offers: offers.length,
    offers_accepted: accepted.length,
    offers_declined: declined.length,
    offers_pending: pending.length,
    offer_acceptance_rate: rate(accepted.length, accepted.length + declined.length),
    late_stage_losses: losses.length,
    late_stage_loss_rate: rate(losses.length, offers.length),
    median_time_to_offer_days: median(offers.map((a) => daysBetween(a.appliedDate, a.offerDate!))),
    median_time_to_hire_days: median(accepted.filter((a) => a.acceptedDate !== null).map((a) => daysBetween(a.advertDate, a.acceptedDate!))),
    starters: applications.filter((a) => a.startDate !== null).length,
    loss_reasons: lossReasons,
    by_source: groups(applications, (a) => a.source),
    by_route: groups(applications, (a) => a.route),
    campaigns_readvertised: readvertisedCampaigns(applications).length,
  };
}

export interface FunnelRow {
  key: string;
  applied: number;
  shortlisted: number;
  interviewed: number;
  offered: number;
  accepted: number;
  started: number;
}

/**
 * The funnel: how many applications reached each stage or beyond (an application that started
 * was also shortlisted, interviewed, offered and accepted). Grouped by a key (role or route).
 */
export function funnel(applications: readonly Application[], keyOf: (a: Application) => string): FunnelRow[] {
  const map = new Map<string, FunnelRow>();
  for (const a of applications) {
    const key = keyOf(a);
    const row = map.get(key) ?? { key, applied: 0, shortlisted: 0, interviewed: 0, offered: 0, accepted: 0, started: 0 };
    const reached = STAGES.indexOf(a.stageReached);
    for (const [index, stage] of STAGES.entries()) if (index <= reached) row[stage] += 1;
    map.set(key, row);
  }
  return [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
