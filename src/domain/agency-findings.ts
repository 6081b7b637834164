import type { AgencyFigures } from './agency.ts';
import { isSmallNumber, SMALL_NUMBER_THRESHOLD } from './disclosure.ts';
import type { ProposedFinding } from './findings.ts';
import { isLateStageLoss, type Application, type RecruitmentFigures } from './recruitment.ts';
import { pounds } from './format.ts';

/**
 * Findings rules on agency cover and recruitment (issue 12), proposed beside the census rules in
 * src/domain/findings.ts. Each proposes nothing when its figures are missing or rest on fewer than
 * 5 assignments or applications (findings go into committee documents, read by viewers).
 */

export interface AgencyFindingsInput {
  censusYear: number;
  /** Agency figures for the census year and the year before; null when the council has no assignments. */
  agency: AgencyFigures | null;
  previousAgency: AgencyFigures | null;
  recruitment: RecruitmentFigures | null;
  /** The year's applications (for late-stage losses by reason). */
  applications: readonly Application[];
}

/** Offer acceptance below this is a concern (issue 12). */
export const OFFER_ACCEPTANCE_CONCERN = 70;

function premiumPerFte(f: AgencyFigures | null): number | null {
  if (!f || f.assignments < SMALL_NUMBER_THRESHOLD || f.agency_fte_average === 0 || f.no_salary_assignments === f.assignments) return null;
  return f.agency_premium / f.agency_fte_average;
}

/** The premium over employed cost per agency FTE rose from last year: a weakness. */
export function agencyPremiumRising(input: AgencyFindingsInput): ProposedFinding[] {
  const now = premiumPerFte(input.agency);
  const before = premiumPerFte(input.previousAgency);
  if (now === null || before === null || now <= before) return [];
  return [
    {
      ruleId: 'agency-premium-rising',
      swot: 'weakness',
      statement: `The extra cost of agency cover over employing staff rose to ${pounds(now)} a year per full-time agency worker, from ${pounds(before)} the year before.`,
      evidence: `Agency premium per agency FTE: ${input.censusYear - 1} ${pounds(before)}; ${input.censusYear} ${pounds(now)} (premium ${pounds(input.agency!.agency_premium)} over ${input.agency!.agency_fte_average.toFixed(1)} FTE)`,
      value: now,
      comparator: before,
    },
  ];
}

/** Assignments above the price cap without sign-off, under 3 years' PQE or inside the cool-off: a weakness. */
export function agencyNonCompliant(input: AgencyFindingsInput): ProposedFinding[] {
  const f = input.agency;
  if (!f) return [];
  const ids = new Set([...f.over_cap, ...f.pqe_under_3_years, ...f.cool_off_breaches]);
  if (ids.size === 0) return [];
  const count = (n: number) => (isSmallNumber(n) ? 'fewer than 5' : String(n));
  return [
    {
      ruleId: 'agency-non-compliant',
      swot: 'weakness',
      statement: `${isSmallNumber(ids.size) ? 'Fewer than 5' : ids.size} agency assignments in ${input.censusYear} did not meet DfE’s statutory guidance on agency social workers.`,
      evidence: `Above the price cap without sign-off: ${count(f.over_cap.length)}; under 3 years’ post-qualifying experience: ${count(f.pqe_under_3_years.length)}; within 3 months of leaving a permanent post here: ${count(f.cool_off_breaches.length)} (of ${count(f.assignments)} assignments)`,
      value: isSmallNumber(ids.size) ? null : ids.size,
    },
  ];
}

/** Offer acceptance below 70% (with at least 5 decided offers): a weakness. */
export function offerAcceptanceLow(input: AgencyFindingsInput): ProposedFinding[] {
  const r = input.recruitment;
  if (!r || r.offer_acceptance_rate === null) return [];
  const decided = r.offers_accepted + r.offers_declined;
  if (decided < SMALL_NUMBER_THRESHOLD || isSmallNumber(r.offers_declined) || isSmallNumber(r.offers_accepted) || r.offer_acceptance_rate >= OFFER_ACCEPTANCE_CONCERN) return [];
  return [
    {
      ruleId: 'offer-acceptance-low',
      swot: 'weakness',
      statement: `Only ${r.offer_acceptance_rate.toFixed(0)}% of job offers made in ${input.censusYear} were accepted, below the ${OFFER_ACCEPTANCE_CONCERN}% the council would expect.`,
      evidence: `Offers accepted ${r.offers_accepted}, declined ${r.offers_declined} (pending offers left out): ${r.offer_acceptance_rate.toFixed(1)}%`,
      value: r.offer_acceptance_rate,
      comparator: OFFER_ACCEPTANCE_CONCERN,
    },
  ];
}

/** Candidates lost after an offer because of pay or a counter-offer (5 or more): a threat. */
export function lateStageLossesForPay(input: AgencyFindingsInput): ProposedFinding[] {
  const lost = input.applications.filter((a) => isLateStageLoss(a) && (a.withdrawalReason === 'pay' || a.withdrawalReason === 'counter_offer'));
  if (lost.length < SMALL_NUMBER_THRESHOLD || !input.recruitment) return [];
  const pay = lost.filter((a) => a.withdrawalReason === 'pay').length;
  const counter = lost.length - pay;
  const part = (n: number) => (isSmallNumber(n) ? 'fewer than 5' : String(n));
  return [
    {
      ruleId: 'late-stage-losses-pay',
      swot: 'threat',
      statement: `${lost.length} candidates offered a post in ${input.censusYear} were lost for pay or a counter-offer from their employer.`,
      evidence: `Late-stage losses for pay: ${part(pay)}; for a counter-offer: ${part(counter)}; of ${input.recruitment.late_stage_losses} late-stage losses and ${input.recruitment.offers} offers`,
      value: lost.length,
    },
  ];
}

export function proposeAgencyFindings(input: AgencyFindingsInput): ProposedFinding[] {
  return [agencyPremiumRising, agencyNonCompliant, offerAcceptanceLow, lateStageLossesForPay].flatMap((rule) => rule(input));
}
