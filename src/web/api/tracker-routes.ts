import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { TRACKER_STATUSES, type TrackerStatus } from '../../domain/recommendation-tracking.ts';
import { recommendationTracking, responseClocks, trackerView, type TrackerRow } from '../../reports/recommendation-tracker.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { notFound } from '../errors.ts';
import { isDatabaseId } from '../request-guards.ts';
import { parseQuery } from './errors.ts';
import { trackerQuery } from './params.ts';
import type { RecommendationTracking, Tracker } from './schemas.ts';

type Reply<S extends z.ZodType> = Promise<z.input<S>>;

/**
 * The recommendations tracker in the JSON API (issue 15): the council's tracker with the page's
 * filters, and one recommendation's tracking. Reads only, from src/reports/recommendation-tracker.ts
 * as the pages read it, so they cannot disagree. Viewers get the words with any figure built from
 * fewer than 5 people as [c], and no lead officer's email or who recorded an update.
 * Registered by routes.ts, under its checks of `:authority`.
 */
export function register(app: FastifyInstance, prefix: string): void {
  const viewer = { config: { access: 'viewer' as const } };
  const authorityParam = (request: FastifyRequest) => (request.params as { authority: string }).authority;

  app.get(`${prefix}/authorities/:authority/tracker`, viewer, async (request): Reply<typeof Tracker> => {
    const authorityCode = authorityParam(request);
    const query = parseQuery(trackerQuery, request.query);
    const officer = canSeePersonalData(request.user);
    const filter = { committee: query.committee || undefined, status: query.status, municipalYear: query.year, owner: query.owner || undefined };
    const [view, clocks] = await Promise.all([trackerView(app.db, authorityCode, filter, { personalDataAllowed: officer }), responseClocks(app.db, authorityCode, todayIso())]);
    return {
      authorityCode,
      filter: { committee: filter.committee ?? null, status: filter.status ?? null, year: filter.municipalYear ?? null, owner: filter.owner ?? null },
      total: view.total,
      counts: Object.fromEntries(TRACKER_STATUSES.map((status) => [status, view.counts[status] ?? 0])) as Record<TrackerStatus, number>,
      recommendations: view.rows.map((row) => trackerRecommendationJson(row, officer)),
      responseClocks: clocks.map(({ reviewId, reviewTitle, state, stateText, sentOn, dueDate, respondedOn, daysLeft, awaiting }) => ({
        reviewId,
        reviewTitle,
        state,
        stateText,
        sentOn,
        dueDate,
        respondedOn,
        daysLeft,
        awaiting,
      })),
    };
  });

  app.get(`${prefix}/authorities/:authority/reviews/:reviewId/recommendations/:recommendationId`, viewer, async (request): Reply<typeof RecommendationTracking> => {
    const authorityCode = authorityParam(request);
    const params = request.params as { reviewId: string; recommendationId: string };
    const reviewId = Number(params.reviewId);
    const recommendationId = Number(params.recommendationId);
    const officer = canSeePersonalData(request.user);
    const found =
      isDatabaseId(reviewId) && isDatabaseId(recommendationId) ? await recommendationTracking(app.db, authorityCode, reviewId, recommendationId, todayIso(), { personalDataAllowed: officer }) : null;
    if (!found) throw notFound(`No recommendation ${params.recommendationId} in review ${params.reviewId} of authority ${authorityCode}.`);
    const { clock, monitoring, actions, row } = found;
    return {
      authorityCode,
      recommendation: { ...trackerRecommendationJson(row, officer), updates: row.updates },
      responseClock: {
        state: clock.state,
        stateText: clock.stateText,
        sentOn: clock.sentOn,
        dueDate: clock.dueDate,
        respondedOn: clock.respondedOn,
        daysLeft: clock.daysLeft,
        awaiting: clock.awaiting,
      },
      monitoring: monitoring.map(({ stage, label, dueDate, since, heldOn, conclusion }) => ({ stage, label, dueDate, since, heldOn, conclusion })),
      actions: actions.map(({ id, description, owner, ownerEmail, dueDate, status, overdue }) => ({
        id,
        description,
        owner,
        ownerEmail: officer && ownerEmail.trim() !== '' ? ownerEmail : null,
        dueDate,
        status,
        overdue,
      })),
    };
  });
}

/** A tracker row as the API gives it: named fields only (the row carries the review's scope and dates for the clocks). */
function trackerRecommendationJson(row: TrackerRow, officer: boolean) {
  return {
    id: row.id,
    reviewId: row.reviewId,
    reviewTitle: row.reviewTitle,
    committee: row.committee,
    number: row.number,
    reference: row.reference,
    municipalYear: row.municipalYear,
    municipalYearText: row.municipalYearText,
    text: row.text,
    executiveMember: row.executiveMember,
    response: row.response,
    responseText: row.responseText,
    responseReasons: row.responseReasons,
    decisionDate: row.decisionDate,
    decisionReference: row.decisionReference,
    leadOfficer: row.leadOfficer,
    leadOfficerEmail: officer && row.leadOfficerEmail.trim() !== '' ? row.leadOfficerEmail : null,
    status: row.status,
    trackerStatus: row.statusKey as TrackerStatus,
    statusText: row.statusText,
    rag: row.rag,
    implementationStatus: row.implementationStatus,
    targetDate: row.targetDate,
    revisedDate: row.revisedDate,
    dueBy: row.dueBy,
    slipReason: row.slipReason,
    latestUpdate: row.latestUpdate,
  };
}
