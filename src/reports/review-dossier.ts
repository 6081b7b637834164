import { evaluateIndicator, evaluationDateFor, isOverdue, type Finding, type IndicatorEvaluation, type Meeting, type Recommendation, type Review, type ReviewAction } from '../domain/reviews.ts';
import { suppressedFields, suppressSmallNumbers } from '../domain/disclosure.ts';
import type { GroupFigures } from '../domain/measures.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { getAuthority } from '../db/authorities.ts';
import { referencesOf } from '../db/recommendation-tracking.ts';
import type { Db } from '../db/database.ts';
import { getMeeting, getReview, listActions, listEvidence, listFindings, listMeetings, listPacks, listRecommendations, type EvidenceItem, type StoredPack } from '../db/reviews.ts';
import { censusYearAsOf, completeCensusYears } from '../domain/coverage.ts';
import { councilFigures } from './metrics.ts';
import { issuedPack } from './issued-packs.ts';
import { redactFinding, redactRecommendation, withheldFiguresFor } from './withheld.ts';
import type { PackContent, PackSource } from './review-pack.ts';

/**
 * Everything about one review in one read: what the review pages, the scoping document, the
 * committee report and the evaluation report are made from.
 */
export interface ReviewDossier {
  review: Review;
  authority: { code: string; name: string };
  meetings: Meeting[];
  actions: (ReviewAction & { overdue: boolean })[];
  findings: Finding[];
  recommendations: ReferencedRecommendation[];
  evidence: EvidenceItem[];
  packs: Omit<StoredPack, 'content' | 'sources'>[];
  /** The most recently issued pack, whole: the committee report's evidence. */
  latestPack: StoredPack<PackContent, PackSource[]> | null;
  evaluation: ReviewEvaluation;
  today: IsoDate;
  /**
   * The figures the council's tables withhold from viewers, as sentences could quote them
   * (withheldFiguresFor): documents for committee are checked against them before they are written.
   */
  withheldFigures: string[];
}

/** A recommendation with the council's reference for it ("CYP 2025/26-03", issue 15), which committee documents print. */
export interface ReferencedRecommendation extends Recommendation {
  reference: string;
}

export interface ReviewEvaluation {
  /** Twelve months after the recommendations were agreed, unless the scope names a date. */
  date: IsoDate | null;
  /** True on or after the evaluation date. */
  due: boolean;
  /** The census year the current figures are for (the latest loaded); null with no data. */
  censusYear: number | null;
  indicators: IndicatorEvaluation[];
}

/**
 * `personalDataAllowed` false (viewers: scrutiny members, and every document for committee)
 * withholds a live figure built from fewer than 5 people, as the dashboard does, and gives only
 * accepted findings, with any small figure their words quote replaced by [c]; proposed and
 * rejected findings are the officers' working and never reach a viewer. Packs are suppressed
 * whoever reads them.
 */
export async function reviewDossier(
  db: Db,
  authorityCode: string,
  reviewId: number,
  today: IsoDate,
  options: { personalDataAllowed: boolean; review?: Review } = { personalDataAllowed: true },
): Promise<ReviewDossier | null> {
  // The review when the caller has just read it (the web's access check), else read here.
  const review = options.review?.authorityCode === authorityCode && options.review.id === reviewId ? options.review : await getReview(db, authorityCode, reviewId);
  if (!review) return null;
  const authority = await getAuthority(db, authorityCode);
  const [meetings, actions, findings, listed, references, evidence, packs] = await Promise.all([
    listMeetings(db, authorityCode, reviewId),
    listActions(db, authorityCode, reviewId),
    listFindings(db, authorityCode, reviewId),
    listRecommendations(db, authorityCode, reviewId),
    referencesOf(db, authorityCode, reviewId),
    listEvidence(db, authorityCode, reviewId),
    listPacks(db, authorityCode, reviewId),
  ]);
  const recommendations = listed.map((r) => ({ ...r, reference: references.get(r.id) ?? '' }));
  const withheldFigures = await withheldFiguresFor(db, authorityCode);
  const shownFindings = options.personalDataAllowed ? findings : findings.filter((finding) => finding.status === 'accepted').map((finding) => redactFinding(finding, withheldFigures));
  const last = packs[packs.length - 1];
  // Frozen when issued: the same shared object each time (issuedPack), not decoded again.
  const latestPack = last ? await issuedPack(db, authorityCode, reviewId, last.id) : null;
  return {
    review,
    authority: { code: authorityCode, name: authority?.name ?? authorityCode },
    meetings,
    // An owner's email is for officers: where reminders go, never shown to a committee or the public.
    actions: actions.map((action) => ({ ...action, ownerEmail: options.personalDataAllowed ? action.ownerEmail : '', overdue: isOverdue(action, today) })),
    findings: shownFindings,
    recommendations: options.personalDataAllowed ? recommendations : recommendations.map((r) => redactRecommendation(r, withheldFigures)),
    evidence,
    packs,
    latestPack,
    evaluation: await evaluationOf(db, review, today, options),
    today,
    withheldFigures,
  };
}

/**
 * Each indicator against the live figures: the council-wide measures of the latest census year
 * that has ended by `today` and that the data holds whole (src/domain/coverage.ts), the same figures as the dashboard and `retain metrics` (indicators are
 * council-wide totals, not small-number breakdowns).
 */
export async function evaluationOf(db: Db, review: Review, today: IsoDate, options: { personalDataAllowed: boolean } = { personalDataAllowed: true }): Promise<ReviewEvaluation> {
  const date = evaluationDateFor(review.scope, review.recommendationsAgreedOn);
  // The council's one load (councilFigures), shared with the dashboard, findings and withheld figures.
  const { censusYears, series, coverage } = await councilFigures(db, review.authorityCode);
  // A year in progress never marks an indicator met: only years the data holds whole are evaluated.
  const censusYear = censusYearAsOf(today, completeCensusYears(censusYears, coverage));
  const figures = series.find((year) => year.censusYear === censusYear) ?? null;
  const withheld = figures && !options.personalDataAllowed ? suppressSmallNumbers(figures.measures, figures.people).suppressed : new Set<string>();
  const latest = figures?.measures ?? null;
  // An indicator tied to one team or role (issue 15) reads that group's figures, withheld from a
  // viewer when built from fewer than 5 people, as the dashboard's team and role tables are.
  const groups = censusYear !== null && review.scope.indicators.some((i) => i.group) ? await groupFigures(db, review.authorityCode, censusYear) : null;
  return {
    date,
    due: date !== null && today >= date,
    censusYear,
    indicators: review.scope.indicators.map((indicator) => {
      if (indicator.group) {
        const group = groups?.[indicator.group.by].find((g) => g.group === indicator.group!.name) ?? null;
        const hidden = group && !options.personalDataAllowed ? suppressedFields(group.people) : new Set<string>();
        return evaluateIndicator(indicator, indicator.measure && group ? group.measures[indicator.measure] : null, indicator.measure !== null && hidden.has(indicator.measure));
      }
      return evaluateIndicator(indicator, indicator.measure && latest ? latest[indicator.measure] : null, indicator.measure !== null && withheld.has(indicator.measure));
    }),
  };
}

/** The census year's figures by team and by role, for indicators tied to one: from the council's one load. */
async function groupFigures(db: Db, authorityCode: string, censusYear: number): Promise<Record<'team' | 'role', GroupFigures[]>> {
  const year = await (await councilFigures(db, authorityCode)).year(censusYear);
  return { team: year.teams, role: year.roles };
}

/** What a meeting's minutes (or agenda) are made from: the review, the council, the meeting and its actions. */
export type MinutesInput = Pick<ReviewDossier, 'review' | 'authority' | 'meetings' | 'actions' | 'today' | 'withheldFigures'>;

/**
 * A meeting's minutes need the review, the meeting, its actions and the figures withheld from a
 * committee, not the whole dossier with its evaluation and packs: four small reads (the withheld
 * figures come from the council's one load, kept per data version). Null when the review has no
 * such meeting.
 */
export async function minutesInputFor(db: Db, review: Review, meetingId: number, today: IsoDate): Promise<MinutesInput | null> {
  const { authorityCode, id } = review;
  const [meeting, authority, actions, withheldFigures] = await Promise.all([
    getMeeting(db, authorityCode, id, meetingId),
    getAuthority(db, authorityCode),
    listActions(db, authorityCode, id),
    withheldFiguresFor(db, authorityCode),
  ]);
  if (!meeting) return null;
  return {
    review,
    authority: { code: authorityCode, name: authority?.name ?? authorityCode },
    meetings: [meeting],
    actions: actions.filter((action) => action.meetingId === meeting.id).map((action) => ({ ...action, overdue: isOverdue(action, today) })),
    today,
    withheldFigures,
  };
}
