import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  addRecommendationAction,
  recordExecutiveResponse,
  recordMonitoringReview,
  reportProgress,
  setRecommendationOwner,
  setReportRoute,
  setReviewPublished,
  supersedePack,
} from '../../commands/recommendation-tracking.ts';
import { actionsWithRecommendations, getReviewTracking, getScrutinySettings } from '../../db/recommendation-tracking.ts';
import { MONITORING_LABELS, MONITORING_STAGES, monitoringReviews, PROGRESS_LABELS, PROGRESS_STATUSES, RAG_KEY, RESPONSE_CLOCK_LABELS, responseClock } from '../../domain/recommendation-tracking.ts';
import { RESPONSE_LABELS, RESPONSES, type Review } from '../../domain/reviews.ts';
import { trackerRows, type TrackerRow } from '../../reports/recommendation-tracker.ts';
import { actorOf } from '../actor.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { notFound } from '../errors.ts';
import { formError, validateForm, type FormErrors } from '../forms.ts';
import { monitoringForm, ownerForm, parseResponseForm, progressForm, recommendationActionForm, reportRouteForm, supersedeForm } from '../tracking-forms.ts';
import { idParam, reviewOf, reviewPage } from './reviews.ts';
import { getMeeting } from '../../db/reviews.ts';
import { BREAKDOWN_FIELDS, BREAKDOWN_LABELS } from '../../reports/dashboard.ts';
import { buildEvidencePack } from '../../reports/review-pack.ts';
import { isRetainError } from '../../errors.ts';
import { packForm } from '../review-forms.ts';

/**
 * A review's recommendations followed to the end (issue 15): the tracking page (the response
 * clock, the report's route to the executive, the 6- and 12-month reviews, publication), the
 * executive's response to every recommendation at once, and each recommendation's progress page
 * (its timeline, lead officer, target date and actions). Pages are for everyone signed in to the
 * council; changes for officers. Writes are commands (src/commands/recommendation-tracking.ts).
 */

/** The review's tracking as the page shows it: the clock, the rows and the monitoring reviews. */
export async function reviewTrackingOf(app: FastifyInstance, request: FastifyRequest, review: Review) {
  const [tracking, rows, settings] = await Promise.all([
    getReviewTracking(app.db, review.authorityCode, review.id),
    trackerRows(app.db, review.authorityCode, { reviewId: review.id, personalDataAllowed: canSeePersonalData(request.user) }),
    getScrutinySettings(app.db, review.authorityCode),
  ]);
  if (!tracking) throw notFound('There is no such review for this authority.');
  const clock = responseClock({ sentToExecutiveOn: tracking.sentToExecutiveOn, recommendationsAgreedOn: review.recommendationsAgreedOn }, rows, todayIso(), settings.responseMonths);
  const monitoring = monitoringReviews(review, tracking.held).map((m) => ({ ...m, label: MONITORING_LABELS[m.stage] }));
  return { tracking, rows, settings, clock: { ...clock, stateText: RESPONSE_CLOCK_LABELS[clock.state] }, monitoring };
}

export async function register(app: FastifyInstance): Promise<void> {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };

  const trackingPage = async (request: FastifyRequest, review: Review, extra: Record<string, unknown> = {}) => {
    const data = await reviewTrackingOf(app, request, review);
    return reviewPage(request, review, {
      title: 'Tracking',
      ...data,
      ragKey: RAG_KEY,
      routeValues: { sentToExecutiveOn: data.tracking.sentToExecutiveOn ?? '', referencePrefix: data.tracking.referencePrefix ?? '' },
      monitoringValues: Object.fromEntries(data.monitoring.map((m) => [m.stage, { heldOn: m.heldOn ?? '', conclusion: m.conclusion }])),
      publicUrl: `/published/reviews/${review.id}`,
      ...extra,
    });
  };

  app.get('/reviews/:reviewId/tracking', viewer, async (request, reply) => reply.page('reviews/tracking.njk', await trackingPage(request, await reviewOf(app, request))));

  app.post('/reviews/:reviewId/report-route', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(reportRouteForm, request.body);
    if (!form.ok) return reply.code(400).page('reviews/tracking.njk', await trackingPage(request, review, { errors: form.errors, raw: request.body, routeValues: request.body ?? {} }));
    await setReportRoute(app.db, { authorityCode: review.authorityCode, reviewId: review.id, ...form.value }, actorOf(request));
    await request.flash({ type: 'success', heading: form.value.sentToExecutiveOn ? 'The date the report went to the executive is saved' : 'Saved: the report has not gone to the executive yet' });
    return reply.redirect(`/reviews/${review.id}/tracking`, 303);
  });

  for (const stage of MONITORING_STAGES) {
    app.post(`/reviews/:reviewId/monitoring/${stage}`, analyst, async (request, reply) => {
      const review = await reviewOf(app, request);
      const form = validateForm(monitoringForm, request.body);
      if (!form.ok) {
        const errors = renamed(form.errors, stage);
        const body = (request.body ?? {}) as Record<string, unknown>;
        return reply.code(400).page('reviews/tracking.njk', await trackingPage(request, review, { errors, raw: prefixed(body, stage), monitoringStage: stage }));
      }
      await recordMonitoringReview(app.db, { authorityCode: review.authorityCode, reviewId: review.id, stage, ...form.value }, actorOf(request));
      await request.flash({ type: 'success', heading: `${MONITORING_LABELS[stage]} saved` });
      return reply.redirect(`/reviews/${review.id}/tracking#${stage}`, 303);
    });
  }

  for (const [path, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(`/reviews/:reviewId/${path}`, analyst, async (request, reply) => {
      const review = await reviewOf(app, request);
      const outcome = await setReviewPublished(app.db, { authorityCode: review.authorityCode, reviewId: review.id, published }, actorOf(request));
      if (outcome === null) throw notFound('There is no such review for this authority.');
      if (outcome === 'not_sent') {
        return reply
          .code(400)
          .page('reviews/tracking.njk', await trackingPage(request, review, { errors: formError('publish', 'Publish the review once its report has gone to the executive: enter that date first') }));
      }
      await request.flash(
        published
          ? { type: 'success', heading: 'The review is published', text: `Anyone can read it at ${request.protocol}://${request.host}/published/reviews/${review.id}, without signing in.` }
          : { type: 'success', heading: 'The review is no longer published', text: 'Its public page now says it is not found.' },
      );
      return reply.redirect(`/reviews/${review.id}/tracking#publication`, 303);
    });
  }

  // ---- The executive's response ----

  const responsePage = (request: FastifyRequest, review: Review, rows: TrackerRow[], extra: Record<string, unknown> = {}) =>
    reviewPage(request, review, {
      title: 'The executive’s response',
      rows,
      responseChoices: RESPONSES.map((value) => ({ value, text: RESPONSE_LABELS[value] })),
      values: {
        respondedOn: review.recommendationsAgreedOn ?? '',
        ...Object.fromEntries(
          rows.flatMap((r) => [
            [`response_${r.id}`, r.response],
            [`reasons_${r.id}`, r.responseReasons],
            [`decisionReference_${r.id}`, r.decisionReference],
          ]),
        ),
      },
      ...extra,
    });

  app.get('/reviews/:reviewId/response', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const rows = await trackerRows(app.db, review.authorityCode, { reviewId: review.id, personalDataAllowed: true });
    return reply.page('reviews/response-form.njk', responsePage(request, review, rows));
  });

  app.post('/reviews/:reviewId/response', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const rows = await trackerRows(app.db, review.authorityCode, { reviewId: review.id, personalDataAllowed: true });
    const form = parseResponseForm(request.body, rows);
    if (!form.ok) return reply.code(400).page('reviews/response-form.njk', responsePage(request, review, rows, { errors: form.errors, values: request.body ?? {}, raw: request.body }));
    await recordExecutiveResponse(app.db, { authorityCode: review.authorityCode, reviewId: review.id, ...form.value }, actorOf(request));
    await request.flash({ type: 'success', heading: 'The executive’s response is saved', text: 'The 6- and 12-month reviews count from the day it responded.' });
    return reply.redirect(`/reviews/${review.id}/tracking`, 303);
  });

  // ---- One recommendation's progress ----

  const progressPage = async (request: FastifyRequest, review: Review, extra: Record<string, unknown> = {}) => {
    const id = idParam(request, 'recommendationId');
    const officer = canSeePersonalData(request.user);
    const [rows, actions] = await Promise.all([
      trackerRows(app.db, review.authorityCode, { reviewId: review.id, personalDataAllowed: officer }),
      actionsWithRecommendations(app.db, review.authorityCode, { reviewId: review.id }),
    ]);
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound('There is no such recommendation in this review.');
    return reviewPage(request, review, {
      title: `Recommendation ${row.reference}`,
      row,
      officer,
      // An owner's email is where reminders go: officers only.
      actions: actions.filter((a) => a.recommendationId === row.id).map((a) => ({ ...a, ownerEmail: officer ? a.ownerEmail : '', overdue: a.status !== 'done' && a.dueDate < todayIso() })),
      statusChoices: PROGRESS_STATUSES.map((value) => ({ value, text: PROGRESS_LABELS[value] })),
      statusLabels: PROGRESS_LABELS,
      ragKey: RAG_KEY,
      ownerValues: { leadOfficer: row.leadOfficer, leadOfficerEmail: row.leadOfficerEmail, targetDate: row.targetDate ?? '' },
      progressValues: { status: row.status ?? '', revisedDate: '', reason: '', note: '' },
      actionValues: {},
      base: `/reviews/${review.id}`,
      ...extra,
    });
  };

  const progressUrl = (review: Review, request: FastifyRequest) => `/reviews/${review.id}/recommendations/${idParam(request, 'recommendationId')}/progress`;

  app.get('/reviews/:reviewId/recommendations/:recommendationId/progress', viewer, async (request, reply) => {
    return reply.page('reviews/progress.njk', await progressPage(request, await reviewOf(app, request)));
  });

  app.post('/reviews/:reviewId/recommendations/:recommendationId/progress', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const again = async (errors: FormErrors) => reply.code(400).page('reviews/progress.njk', await progressPage(request, review, { errors, progressValues: request.body ?? {}, raw: request.body }));
    const form = validateForm(progressForm, request.body);
    if (!form.ok) return again(form.errors);
    const outcome = await reportProgress(
      app.db,
      { authorityCode: review.authorityCode, reviewId: review.id, recommendationId: idParam(request, 'recommendationId'), change: form.value, today: todayIso() },
      actorOf(request),
    );
    if (outcome === null) throw notFound('There is no such recommendation in this review.');
    if (!outcome.ok) {
      const errors: FormErrors = { summary: [], fields: {} };
      for (const [field, text] of outcome.problems) {
        errors.fields[field] = { text };
        errors.summary.push({ text, href: `#${field}` });
      }
      return again(errors);
    }
    await request.flash({ type: 'success', heading: `Progress recorded: ${PROGRESS_LABELS[form.value.status]}` });
    return reply.redirect(`${progressUrl(review, request)}#timeline`, 303);
  });

  app.post('/reviews/:reviewId/recommendations/:recommendationId/owner', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const again = async (errors: FormErrors) => reply.code(400).page('reviews/progress.njk', await progressPage(request, review, { errors, ownerValues: request.body ?? {}, raw: request.body }));
    const form = validateForm(ownerForm, request.body);
    if (!form.ok) return again(form.errors);
    const outcome = await setRecommendationOwner(
      app.db,
      { authorityCode: review.authorityCode, reviewId: review.id, recommendationId: idParam(request, 'recommendationId'), ...form.value },
      actorOf(request),
    );
    if (outcome === null) throw notFound('There is no such recommendation in this review.');
    if (!outcome.ok) return again(formError(outcome.problems[0]![0], outcome.problems[0]![1]));
    await request.flash({ type: 'success', heading: 'Lead officer and target date saved' });
    return reply.redirect(progressUrl(review, request), 303);
  });

  app.post('/reviews/:reviewId/recommendations/:recommendationId/actions', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(recommendationActionForm, request.body);
    if (!form.ok) {
      const errors = renamed(form.errors, 'action');
      return reply
        .code(400)
        .page('reviews/progress.njk', await progressPage(request, review, { errors, actionValues: request.body ?? {}, raw: prefixed((request.body ?? {}) as Record<string, unknown>, 'action') }));
    }
    const id = await addRecommendationAction(
      app.db,
      { authorityCode: review.authorityCode, reviewId: review.id, recommendationId: idParam(request, 'recommendationId'), ...form.value },
      actorOf(request),
    );
    if (id === null) throw notFound('There is no such recommendation in this review.');
    await request.flash({ type: 'success', heading: 'Action added' });
    return reply.redirect(`${progressUrl(review, request)}#actions`, 303);
  });

  // ---- Evidence packs: a preview before issue; superseded, never changed ----

  // A POST, not a GET: the form carries its CSRF token, which must not end up in a URL. Nothing is written.
  app.post('/reviews/:reviewId/packs/preview', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(packForm, request.body);
    const back = async (text: string) => {
      await request.flash({ type: 'important', heading: 'The pack cannot be previewed', text });
      return reply.redirect(`/reviews/${review.id}/meetings#packs`, 303);
    };
    if (!form.ok) return back(form.errors.summary.map((e) => e.text).join('. '));
    const meeting = form.value.meetingId === null ? null : await getMeeting(app.db, review.authorityCode, review.id, form.value.meetingId);
    if (form.value.meetingId !== null && !meeting) return back('Select a meeting of this review');
    let built: Awaited<ReturnType<typeof buildEvidencePack>>;
    try {
      built = await buildEvidencePack(app.db, review.authorityCode, { asOf: form.value.asOf });
    } catch (error) {
      if (isRetainError(error, 'no_figures')) return back(error.message);
      throw error;
    }
    return reply.page(
      'reviews/pack.njk',
      reviewPage(request, review, {
        title: `Preview: ${form.value.title}`,
        preview: { title: form.value.title, asOf: form.value.asOf, meetingId: form.value.meetingId },
        pack: { censusYear: built.censusYear, asOf: form.value.asOf, content: built.content },
        meeting,
        view: built.content.dashboard,
        breakdownFields: BREAKDOWN_FIELDS,
        breakdownLabels: BREAKDOWN_LABELS,
      }),
    );
  });

  app.post('/reviews/:reviewId/packs/:packId/supersede', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const packId = idParam(request, 'packId');
    const form = validateForm(supersedeForm, request.body);
    if (!form.ok) {
      await request.flash({ type: 'important', heading: 'The pack was not marked superseded', text: form.errors.summary[0]!.text });
      return reply.redirect(`/reviews/${review.id}/packs/${packId}#supersede`, 303);
    }
    const marked = await supersedePack(app.db, { authorityCode: review.authorityCode, reviewId: review.id, packId, reason: form.value.reason }, actorOf(request));
    await request.flash(
      marked
        ? { type: 'success', heading: 'Pack marked superseded', text: 'It is kept exactly as it was issued.' }
        : { type: 'important', heading: 'The pack was already marked superseded, or is not in this review' },
    );
    return reply.redirect(`/reviews/${review.id}/packs/${packId}`, 303);
  });
}

/** A form's errors with its fields renamed `PREFIX_field`, for pages that hold several forms with the same field names. */
function renamed(errors: FormErrors, prefix: string): FormErrors {
  const rename = (field: string) => `${prefix}_${field}`;
  return {
    summary: errors.summary.map((e) => ({ ...e, href: `#${rename(e.href.slice(1))}` })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([field, error]) => [rename(field), error])),
  };
}

/** The body's fields under `PREFIX_` names, so a three-box date shown again after an error keeps what was typed. */
function prefixed(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [`${prefix}_${key}`, value]));
}
