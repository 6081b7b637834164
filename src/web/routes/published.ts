import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getReviewTracking, getScrutinySettings, publishedReviewAuthority } from '../../db/recommendation-tracking.ts';
import { MONITORING_LABELS, monitoringReviews, RAG_KEY, RESPONSE_CLOCK_LABELS, responseClock } from '../../domain/recommendation-tracking.ts';
import { OUTCOME_LABELS, SWOT, SWOT_LABELS } from '../../domain/reviews.ts';
import { trackerRows } from '../../reports/recommendation-tracker.ts';
import { reviewDossier, type ReviewDossier } from '../../reports/review-dossier.ts';
// The parts, not the barrel review-documents.ts: that one brings docx.ts, which loads on use only.
import { indicatorMeasureLabel, indicatorValue } from '../../reports/review-documents/blocks.ts';
import { committeeReport } from '../../reports/review-documents/committee-report.ts';
import { evaluationReport } from '../../reports/review-documents/evaluation.ts';
import { todayIso } from '../clock.ts';
import { notFound } from '../errors.ts';
import { sendReviewDocument } from '../review-documents.ts';
import { idParam } from './reviews.ts';

/**
 * A published review, read by anyone without signing in (issue 15): what the committee found and
 * recommended, the executive's response and the progress since, and the committee report and
 * evaluation. It is built as a committee sees it (small numbers withheld, accepted findings only)
 * and further holds no personal data: no officer's name or email (lead officers, action owners,
 * the contact officer, who recorded what), no minutes, evidence or packs. An unpublished or
 * unknown review is not found.
 */

/** The review's dossier as the public may read it. */
async function publicDossier(app: FastifyInstance, request: FastifyRequest): Promise<ReviewDossier> {
  const reviewId = idParam(request, 'reviewId');
  const found = await publishedReviewAuthority(app.db, reviewId);
  if (!found) throw notFound('There is no published review here.');
  const dossier = await reviewDossier(app.db, found.authorityCode, reviewId, todayIso(), { personalDataAllowed: false });
  if (!dossier) throw notFound('There is no published review here.');
  return {
    ...dossier,
    review: { ...dossier.review, contactOfficer: '' },
    recommendations: dossier.recommendations.map((r) => ({ ...r, owner: '' })),
    actions: dossier.actions.map((a) => ({ ...a, owner: '' })),
    meetings: [],
    evidence: [],
  };
}

export function register(app: FastifyInstance): void {
  const open = { config: { access: 'public' as const } };

  app.get('/published/reviews/:reviewId', open, async (request, reply) => {
    const dossier = await publicDossier(app, request);
    const { review } = dossier;
    const [tracking, rows, settings] = await Promise.all([
      getReviewTracking(app.db, review.authorityCode, review.id),
      trackerRows(app.db, review.authorityCode, { reviewId: review.id, personalDataAllowed: false }),
      getScrutinySettings(app.db, review.authorityCode),
    ]);
    const clock = responseClock({ sentToExecutiveOn: tracking!.sentToExecutiveOn, recommendationsAgreedOn: review.recommendationsAgreedOn }, rows, todayIso(), settings.responseMonths);
    const accepted = dossier.findings.filter((f) => f.status === 'accepted');
    return reply.page('published/review.njk', {
      title: review.title,
      council: dossier.authority.name,
      review,
      committee: review.scope.scrutinyBoard,
      objectives: review.scope.objectives,
      swot: SWOT.map((kind) => ({ label: SWOT_LABELS[kind], findings: accepted.filter((f) => f.swot === kind) })).filter((group) => group.findings.length > 0),
      rows: rows.map((r) => ({ ...r, updates: r.updates.map(({ by: _by, ...u }) => u) })),
      clock: { ...clock, stateText: RESPONSE_CLOCK_LABELS[clock.state] },
      monitoring: monitoringReviews(review, tracking!.held).map((m) => ({ ...m, label: MONITORING_LABELS[m.stage] })),
      evaluation: dossier.evaluation.indicators.map((e) => ({
        description: e.indicator.description,
        measure: indicatorMeasureLabel(e.indicator.measure, e.indicator.group),
        target: e.indicator.target === null ? null : indicatorValue(e.indicator.measure, e.indicator.target),
        current: e.outcome === 'withheld' ? '[c]' : e.current === null ? null : indicatorValue(e.indicator.measure, e.current),
        outcome: OUTCOME_LABELS[e.outcome],
      })),
      evaluationYear: dossier.evaluation.censusYear,
      ragKey: RAG_KEY,
      publishedAt: tracking!.publishedAt,
      base: `/published/reviews/${review.id}`,
    });
  });

  for (const [slug, build] of [
    ['report', committeeReport],
    ['evaluation', evaluationReport],
  ] as const) {
    for (const format of ['docx', 'pdf'] as const) {
      app.get(`/published/reviews/:reviewId/${slug}.${format}`, open, async (request, reply) => {
        const dossier = await publicDossier(app, request);
        return sendReviewDocument(app, request, reply, dossier, build(dossier), format);
      });
    }
  }
}
