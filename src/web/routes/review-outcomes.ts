import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addFinding, addRecommendation, changeRecommendation, decideFinding, proposeFindings } from '../../commands/review-outcomes.ts';
import { setRecommendationsAgreedOn } from '../../commands/reviews.ts';
import { getRecommendation, listFindings, listRecommendations, type RecommendationFields } from '../../db/reviews.ts';
import {
  IMPLEMENTATION_LABELS,
  IMPLEMENTATION_STATUSES,
  OUTCOME_LABELS,
  RESPONSE_LABELS,
  RESPONSES,
  SWOT,
  SWOT_LABELS,
  SWOT_SINGULAR,
  investmentPerYearTotal,
  type IndicatorMeasure,
  type Recommendation,
  type Review,
} from '../../domain/reviews.ts';
import { pounds } from '../../domain/format.ts';
import { changeText, indicatorMeasureLabel, indicatorValue } from '../../reports/review-documents/blocks.ts';
import { publishedYears } from '../../db/benchmarks.ts';
import { coverageOf } from '../../reports/coverage.ts';
import { redactFinding, redactRecommendation, smallFiguresQuoted, withheldFiguresFor } from '../../reports/withheld.ts';
import { censusYearAsOf, censusYearLabel, completeCensusYears } from '../../domain/coverage.ts';
import { SMALL_NUMBER_THRESHOLD } from '../../domain/disclosure.ts';
import type { Flash } from '../../db/schema.ts';
import { metricsSeries } from '../../reports/metrics.ts';
import { evaluationOf } from '../../reports/review-dossier.ts';
import { canSeePersonalData } from '../auth.ts';
import { notFound } from '../errors.ts';
import { validateForm } from '../forms.ts';
import { agreedForm, findingDecisionForm, newFindingForm, recommendationForm } from '../review-forms.ts';
import { todayIso } from '../clock.ts';
import { actorOf } from '../actor.ts';
import { idParam, reviewOf, reviewPage } from './reviews.ts';

/**
 * What a review concludes: findings (proposed by the rules in src/domain/findings.ts from the
 * council's figures, then accepted, edited or rejected by officers, gathered as a SWOT),
 * recommendations to the cabinet member with the response and progress, and the evaluation of
 * each indicator of success against the live figures.
 */

const swotChoices = SWOT.map((value) => ({ value, text: SWOT_SINGULAR[value] }));

async function findingsPage(app: FastifyInstance, request: FastifyRequest, review: Review, extra: Record<string, unknown> = {}) {
  const [all, series, published, coverage, withheld] = await Promise.all([
    listFindings(app.db, review.authorityCode, review.id),
    metricsSeries(app.db, review.authorityCode),
    publishedYears(app.db),
    coverageOf(app.db, review.authorityCode),
    withheldFiguresFor(app.db, review.authorityCode),
  ]);
  const officer = canSeePersonalData(request.user);
  // Viewers see accepted findings only, with any small figure their words quote shown as [c];
  // officers see everything, and each finding that quotes a small figure carries a warning.
  const findings = officer
    ? all.map((f) => ({ ...f, quoted: smallFiguresQuoted(f, withheld).map((q) => q.text) }))
    : all.filter((f) => f.status === 'accepted').map((f) => ({ ...redactFinding(f, withheld), quoted: [] as string[] }));
  // Findings come from census years that have ended and that the data holds whole (src/domain/coverage.ts).
  const years = completeCensusYears(series.censusYears, coverage).filter((year) => censusYearAsOf(todayIso(), [year]) !== null);
  const inProgress = series.censusYears.filter((year) => !years.includes(year)).map((year) => censusYearLabel(year, coverage));
  // Most rules compare with England: offer first the latest year DfE has published, when there is one.
  const comparable = years.filter((year) => published.includes(year));
  const accepted = findings.filter((f) => f.status === 'accepted');
  return reviewPage(request, review, {
    title: 'Findings',
    proposed: findings.filter((f) => f.status === 'proposed'),
    rejected: findings.filter((f) => f.status === 'rejected'),
    inProgressYears: inProgress,
    swot: SWOT.map((kind) => ({ kind, label: SWOT_LABELS[kind], findings: accepted.filter((f) => f.swot === kind) })),
    acceptedCount: accepted.length,
    swotChoices,
    years,
    defaultYear: comparable[comparable.length - 1] ?? years[years.length - 1] ?? null,
    publishedYears: published,
    newFinding: {},
    ...extra,
  });
}

/**
 * What an officer is told after accepting or writing a finding: a warning when its words quote a
 * figure built from fewer than 5 people, which scrutiny members and committee documents show as [c].
 */
async function findingSavedFlash(app: FastifyInstance, review: Review, heading: string, finding: { statement: string; evidence: string }): Promise<Flash> {
  const quoted = smallFiguresQuoted(finding, await withheldFiguresFor(app.db, review.authorityCode));
  if (quoted.length === 0) return { type: 'success', heading };
  return {
    type: 'important',
    heading: `${heading}, but it quotes a figure built from fewer than ${SMALL_NUMBER_THRESHOLD} people`,
    text: `It quotes ${quoted.map((q) => `“${q.text}”`).join(', ')}. Scrutiny members and committee documents will see [c] in its place. Change the wording to say it without the figure.`,
  };
}

/** The review's recommendations as the reader may see them: for a viewer, any small figure their words quote is [c]. */
async function recommendationsFor(app: FastifyInstance, request: FastifyRequest, review: Review): Promise<Recommendation[]> {
  const recommendations = await listRecommendations(app.db, review.authorityCode, review.id);
  if (canSeePersonalData(request.user)) return recommendations;
  const withheld = await withheldFiguresFor(app.db, review.authorityCode);
  return recommendations.map((r) => redactRecommendation(r, withheld));
}

export async function recommendationsPage(app: FastifyInstance, request: FastifyRequest) {
  const review = await reviewOf(app, request);
  const recommendations = await recommendationsFor(app, request, review);
  const investment = investmentPerYearTotal(recommendations);
  return reviewPage(request, review, {
    title: 'Recommendations',
    recommendations,
    responseLabels: RESPONSE_LABELS,
    implementationLabels: IMPLEMENTATION_LABELS,
    investmentText: investment > 0 ? pounds(investment) : null,
    agreedValues: { recommendationsAgreedOn: review.recommendationsAgreedOn ?? '' },
    // Invest-to-save scenarios attached to these recommendations (src/web/routes/pay.ts attaches them).
    scenarios: await (await import('../../reports/business-case.ts')).scenariosForRecommendations(
      app.db,
      review.authorityCode,
      recommendations.map((r) => r.id),
      todayIso(),
    ),
  });
}

function recommendationFormView(values: Partial<Record<string, unknown>>) {
  return {
    values,
    responseChoices: RESPONSES.map((value) => ({ value, text: RESPONSE_LABELS[value], checked: (values.response ?? 'awaiting') === value })),
    implementationChoices: IMPLEMENTATION_STATUSES.map((value) => ({ value, text: IMPLEMENTATION_LABELS[value], selected: (values.implementationStatus ?? 'not_started') === value })),
  };
}

function recommendationValues(r: Recommendation) {
  return {
    text: r.text,
    addressedTo: r.addressedTo,
    response: r.response,
    responseReasons: r.responseReasons,
    decisionDate: r.decisionDate ?? '',
    owner: r.owner,
    financialImplications: r.financialImplications,
    investmentPerYear: r.investmentPerYear ?? '',
    implementationStatus: r.implementationStatus,
    progressReviewDate: r.progressReviewDate ?? '',
  };
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };

  // ---- Findings ----

  app.get('/reviews/:reviewId/findings', viewer, async (request, reply) => {
    const review = await reviewOf(app, request);
    return reply.page('reviews/findings.njk', await findingsPage(app, request, review));
  });

  app.post('/reviews/:reviewId/findings/propose', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const page = await findingsPage(app, request, review);
    const years = page.years as number[];
    const form = validateForm(
      z.object({
        censusYear: z.coerce
          .number({ error: 'Select a census year' })
          .int()
          .refine((year) => years.includes(year), 'Select a census year the council’s data holds whole'),
      }),
      request.body,
    );
    if (!form.ok) return reply.code(400).page('reviews/findings.njk', { ...page, errors: form.errors });
    const { added } = await proposeFindings(app.db, { authorityCode: review.authorityCode, reviewId: review.id, censusYear: form.value.censusYear }, actorOf(request));
    await request.flash({
      type: 'success',
      heading: added === 0 ? 'No new findings' : `${added} new finding${added === 1 ? '' : 's'} proposed`,
      text:
        added === 0
          ? `The figures for census year ${form.value.censusYear} give no finding that is not already listed.`
          : `From the figures for census year ${form.value.censusYear}. Accept, edit or reject each one.`,
    });
    return reply.redirect(`/reviews/${review.id}/findings`, 303);
  });

  app.post('/reviews/:reviewId/findings', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(newFindingForm, request.body);
    if (!form.ok) return reply.code(400).page('reviews/findings.njk', await findingsPage(app, request, review, { errors: form.errors, newFinding: request.body ?? {} }));
    await addFinding(app.db, { authorityCode: review.authorityCode, reviewId: review.id, ...form.value }, actorOf(request));
    await request.flash(await findingSavedFlash(app, review, 'Finding added', form.value));
    return reply.redirect(`/reviews/${review.id}/findings#swot-view`, 303);
  });

  app.post('/reviews/:reviewId/findings/:findingId', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const findingId = idParam(request, 'findingId');
    const form = validateForm(findingDecisionForm, request.body);
    if (!form.ok) {
      const errors = { summary: form.errors.summary.map((e) => ({ ...e, href: `#finding-${findingId}` })), fields: {} };
      return reply.code(400).page('reviews/findings.njk', await findingsPage(app, request, review, { errors }));
    }
    const status = form.value.decision === 'accept' ? 'accepted' : 'rejected';
    const decided = await decideFinding(
      app.db,
      { authorityCode: review.authorityCode, reviewId: review.id, findingId, status, statement: form.value.statement, swot: form.value.swot },
      actorOf(request),
    );
    if (!decided) throw notFound('There is no such finding in this review.');
    await request.flash(status === 'accepted' ? await findingSavedFlash(app, review, 'Finding accepted', decided) : { type: 'success', heading: 'Finding rejected' });
    return reply.redirect(`/reviews/${review.id}/findings`, 303);
  });

  // ---- Recommendations ----

  app.get('/reviews/:reviewId/recommendations', viewer, async (request, reply) => reply.page('reviews/recommendations.njk', await recommendationsPage(app, request)));

  app.post('/reviews/:reviewId/agreed', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(agreedForm, request.body);
    if (!form.ok) return reply.code(400).page('reviews/recommendations.njk', { ...(await recommendationsPage(app, request)), errors: form.errors, agreedValues: request.body ?? {} });
    await setRecommendationsAgreedOn(app.db, { authorityCode: review.authorityCode, reviewId: review.id, on: form.value.recommendationsAgreedOn }, actorOf(request));
    await request.flash({ type: 'success', heading: form.value.recommendationsAgreedOn ? 'Date the recommendations were agreed saved' : 'Date the recommendations were agreed cleared' });
    return reply.redirect(`/reviews/${review.id}/recommendations`, 303);
  });

  app.get('/reviews/:reviewId/recommendations/new', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const portfolio = review.scope.cabinetPortfolios ? `Cabinet Member for ${review.scope.cabinetPortfolios}` : '';
    return reply.page(
      'reviews/recommendation-form.njk',
      reviewPage(request, review, { title: 'Add a recommendation', action: `/reviews/${review.id}/recommendations`, isNew: true, ...recommendationFormView({ addressedTo: portfolio }) }),
    );
  });

  const readRecommendation = (request: FastifyRequest) => {
    const form = validateForm(recommendationForm, request.body);
    if (!form.ok) return form;
    const { updateText, ...fields } = form.value;
    return { ok: true as const, value: { fields: fields as RecommendationFields, updateText } };
  };

  app.post('/reviews/:reviewId/recommendations', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = readRecommendation(request);
    if (!form.ok) {
      return reply.code(400).page(
        'reviews/recommendation-form.njk',
        reviewPage(request, review, {
          title: 'Add a recommendation',
          action: `/reviews/${review.id}/recommendations`,
          isNew: true,
          errors: form.errors,
          ...recommendationFormView((request.body ?? {}) as Record<string, unknown>),
        }),
      );
    }
    const update = form.value.updateText ? { date: todayIso(), text: form.value.updateText } : null;
    const recommendation = await addRecommendation(app.db, { authorityCode: review.authorityCode, reviewId: review.id, fields: form.value.fields, update }, actorOf(request));
    await request.flash({ type: 'success', heading: `Recommendation ${recommendation.number} added` });
    return reply.redirect(`/reviews/${review.id}/recommendations#recommendation-${recommendation.number}`, 303);
  });

  const recommendationOf = async (request: FastifyRequest, review: Review) => {
    const found = await getRecommendation(app.db, review.authorityCode, review.id, idParam(request, 'recommendationId'));
    if (!found) throw notFound('There is no such recommendation in this review.');
    return found;
  };

  app.get('/reviews/:reviewId/recommendations/:recommendationId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const recommendation = await recommendationOf(request, review);
    return reply.page(
      'reviews/recommendation-form.njk',
      reviewPage(request, review, {
        title: `Recommendation ${recommendation.number}`,
        action: `/reviews/${review.id}/recommendations/${recommendation.id}/edit`,
        recommendation,
        ...recommendationFormView(recommendationValues(recommendation)),
      }),
    );
  });

  app.post('/reviews/:reviewId/recommendations/:recommendationId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const recommendation = await recommendationOf(request, review);
    const form = readRecommendation(request);
    if (!form.ok) {
      return reply.code(400).page(
        'reviews/recommendation-form.njk',
        reviewPage(request, review, {
          title: `Recommendation ${recommendation.number}`,
          action: `/reviews/${review.id}/recommendations/${recommendation.id}/edit`,
          recommendation,
          errors: form.errors,
          ...recommendationFormView((request.body ?? {}) as Record<string, unknown>),
        }),
      );
    }
    const update = form.value.updateText ? { date: todayIso(), text: form.value.updateText } : null;
    if (!(await changeRecommendation(app.db, { authorityCode: review.authorityCode, reviewId: review.id, recommendationId: recommendation.id, fields: form.value.fields, update }, actorOf(request)))) {
      throw notFound('There is no such recommendation in this review.');
    }
    await request.flash({ type: 'success', heading: `Recommendation ${recommendation.number} saved` });
    return reply.redirect(`/reviews/${review.id}/recommendations#recommendation-${recommendation.number}`, 303);
  });

  // ---- Evaluation ----

  app.get('/reviews/:reviewId/evaluation', viewer, async (request, reply) => {
    const review = await reviewOf(app, request);
    const [evaluation, recommendations] = await Promise.all([
      evaluationOf(app.db, review, todayIso(), { personalDataAllowed: canSeePersonalData(request.user) }),
      recommendationsFor(app, request, review),
    ]);
    const figure = (measure: IndicatorMeasure | null, value: number | null) => (value === null ? null : indicatorValue(measure, value));
    return reply.page(
      'reviews/evaluation.njk',
      reviewPage(request, review, {
        title: 'Evaluation',
        evaluation,
        rows: evaluation.indicators.map((e) => ({
          ...e,
          measureText: indicatorMeasureLabel(e.indicator.measure, e.indicator.group),
          baselineText: figure(e.indicator.measure, e.indicator.baseline),
          targetText: figure(e.indicator.measure, e.indicator.target),
          currentText: e.outcome === 'withheld' ? '[c]' : figure(e.indicator.measure, e.current),
          changeText: e.change === null ? null : changeText(e.indicator.measure, e.change),
          outcomeText: OUTCOME_LABELS[e.outcome],
        })),
        recommendations,
        responseLabels: RESPONSE_LABELS,
        implementationLabels: IMPLEMENTATION_LABELS,
      }),
    );
  });
}
