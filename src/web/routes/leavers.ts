import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answerExitInterviewByLink, createExitInterviewLink, exitInterviewLinkState, recordExitInterview, setExitInterviewTarget, type Actor } from '../../commands/exit-interviews.ts';
import { exitInterviewFor, exitInterviewLinksFor, retentionSettings } from '../../db/exit-interviews.ts';
import { workerHistory } from '../../db/register.ts';
import { ROLE_LABELS } from '../../domain/codes.ts';
import {
  EXIT_CHANNEL_LABELS,
  EXIT_CHANNELS,
  EXIT_INTERVIEW_STATUSES,
  EXIT_REASON_LABELS,
  EXIT_REASONS,
  EXIT_STATUS_LABELS,
  serviceBand,
  serviceStartOf,
  SERVICE_BAND_LABELS,
} from '../../domain/exit-interviews.ts';
import { equalityView } from '../../reports/equality.ts';
import { latestLeavingYear, leaversInput, leaversViewOf, leavingYears } from '../../reports/leavers.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { badRequest, notFound } from '../errors.ts';
import { formValues, parseLeaverInterviewForm, parseOfficerInterviewForm } from '../exit-interview-form.ts';
import { formError, type FormErrors } from '../forms.ts';
import { isRetainError } from '../../errors.ts';
import { CENSUS_YEAR_MESSAGE, requestedCensusYear } from '../year-query.ts';

/**
 * Leavers and exit interviews. The figures page is for everyone signed in (viewers see small
 * numbers withheld and no individual leaving); a leaver's page, their interview and comments are
 * personal data, for analysts and admins, and every view of one is audited. A leaver answers their
 * own interview through a one-use link without signing in.
 */

function actorOf(request: FastifyRequest): Actor {
  return { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip };
}

export function leaverHref(workerId: string, leavingDate: string): string {
  return `/leavers/${encodeURIComponent(workerId)}/${leavingDate}`;
}

const choices = {
  reasons: EXIT_REASONS.map((code) => ({ value: code, text: EXIT_REASON_LABELS[code] })),
  statuses: EXIT_INTERVIEW_STATUSES.map((code) => ({ value: code, text: EXIT_STATUS_LABELS[code] })),
  channels: EXIT_CHANNELS.map((code) => ({ value: code, text: EXIT_CHANNEL_LABELS[code] })),
};

export function register(app: FastifyInstance): void {
  registerEquality(app);
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };
  const open = { config: { access: 'public' as const } };

  app.get('/leavers', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const [input, settings] = await Promise.all([leaversInput(app.db, authority.code), retentionSettings(app.db, authority.code)]);
    const asked = requestedCensusYear(request.query);
    const latest = latestLeavingYear(input.workers);
    if (asked === 'invalid') throw badRequest(CENSUS_YEAR_MESSAGE);
    const year = asked ?? latest ?? Number(todayIso().slice(0, 4));
    const personal = canSeePersonalData(request.user);
    const view = leaversViewOf(input, year, settings.exitInterviewRateTarget, personal);
    return reply.page('leavers/index.njk', {
      title: 'Leavers and exit interviews',
      view,
      yearChoices: [...new Set([...view.years, year])]
        .sort()
        .reverse()
        .map((y) => ({ value: String(y), text: `${y} (year to 30 September ${y})`, selected: y === year })),
      leavings: view.leavings.map((leaving) => ({ ...leaving, href: leaverHref(leaving.workerId, leaving.endDate) })),
      target: settings.exitInterviewRateTarget,
    });
  });

  app.post('/leavers/target', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const raw = String((request.body as Record<string, unknown>).target ?? '')
      .trim()
      .replace(/%$/, '');
    const target = raw === '' ? null : Number(raw);
    if (target !== null && !(Number.isFinite(target) && target >= 0 && target <= 100)) throw badRequest('The target is a percentage from 0 to 100, or blank for none.');
    await setExitInterviewTarget(app.db, { authorityCode: authority.code, target }, actorOf(request));
    request.audited = true;
    await request.flash({ type: 'success', heading: target === null ? 'Exit-interview rate target removed' : `Exit-interview rate target set to ${target}%` });
    return reply.redirect('/leavers', 303);
  });

  async function leaverContext(request: FastifyRequest) {
    const authority = authorityOf(request);
    const { workerId, leavingDate } = request.params as { workerId: string; leavingDate: string };
    const history = await workerHistory(app.db, authority.code, workerId);
    const ending = history?.posts.filter((post) => post.endDate === leavingDate) ?? [];
    if (!history || ending.length === 0) throw notFound('There is no leaving with this worker ID and date.');
    const post = [...ending].sort((a, b) => b.fte - a.fte)[0]!;
    const start = serviceStartOf(
      history.posts.filter((p) => !p.agency),
      leavingDate,
    );
    return { authority, workerId, leavingDate, post, serviceStart: start, band: SERVICE_BAND_LABELS[serviceBand(start, leavingDate)] };
  }

  async function leaverPage(request: FastifyRequest, errors?: FormErrors, typed?: Record<string, unknown>) {
    const context = await leaverContext(request);
    const [interview, links] = await Promise.all([
      exitInterviewFor(app.db, context.authority.code, context.workerId, context.leavingDate),
      exitInterviewLinksFor(app.db, context.authority.code, context.workerId, context.leavingDate),
    ]);
    // Interview answers and comments are personal data: every view is audited.
    await request.audit('exit_interview.viewed', { authorityCode: context.authority.code, details: { workerId: context.workerId, leavingDate: context.leavingDate, recorded: interview !== null } });
    const values =
      typed ??
      (interview
        ? {
            ...interview,
            regrettable: interview.regrettable === null ? '' : interview.regrettable ? 'yes' : 'no',
            counterOffer: interview.counterOffer === null ? '' : interview.counterOffer ? 'yes' : 'no',
          }
        : { status: '', otherReasons: [] });
    return {
      title: `Leaver ${context.workerId}`,
      ...context,
      roleText: ROLE_LABELS[context.post.role],
      interview: interview
        ? {
            ...interview,
            statusText: EXIT_STATUS_LABELS[interview.status],
            channelText: interview.channel ? EXIT_CHANNEL_LABELS[interview.channel] : null,
            primaryText: interview.primaryReason ? EXIT_REASON_LABELS[interview.primaryReason] : null,
            otherText: interview.otherReasons.map((r) => EXIT_REASON_LABELS[r]).join(', '),
          }
        : null,
      links,
      now: new Date(),
      values,
      errors,
      choices,
      action: leaverHref(context.workerId, context.leavingDate),
      workerHref: `/workforce/${encodeURIComponent(context.workerId)}`,
    };
  }

  app.get('/leavers/:workerId/:leavingDate', analyst, async (request, reply) => reply.page('leavers/leaver.njk', await leaverPage(request)));

  app.post('/leavers/:workerId/:leavingDate/interview', analyst, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseOfficerInterviewForm(body);
    if (!form.ok) return reply.code(400).page('leavers/leaver.njk', await leaverPage(request, form.errors, formValues(body)));
    const { authority, workerId, leavingDate } = await leaverContext(request);
    try {
      await recordExitInterview(app.db, { authorityCode: authority.code, record: { workerId, leavingDate, ...form.value } }, actorOf(request));
    } catch (error) {
      if (isRetainError(error, 'not_found')) return reply.code(400).page('leavers/leaver.njk', await leaverPage(request, formError('status', error.message), formValues(body)));
      throw error;
    }
    request.audited = true;
    await request.flash({ type: 'success', heading: 'Exit interview saved' });
    return reply.redirect(leaverHref(workerId, leavingDate), 303);
  });

  app.post('/leavers/:workerId/:leavingDate/link', analyst, async (request, reply) => {
    const { authority, workerId, leavingDate } = await leaverContext(request);
    const { token, expiresAt } = await createExitInterviewLink(app.db, { authorityCode: authority.code, workerId, leavingDate, now: new Date() }, actorOf(request));
    request.audited = true;
    const origin = `${request.protocol}://${request.host}`;
    await request.flash({
      type: 'success',
      heading: 'Link created: send it to the leaver',
      text: `It works once, without signing in, until ${expiresAt.toISOString().slice(0, 10)}. It is shown only now.`,
      secret: `${origin}/exit-interview/${token}`,
    });
    return reply.redirect(leaverHref(workerId, leavingDate), 303);
  });

  // The leaver's own form: no sign-in; the token is the key, and it works once.
  const closedMessages = {
    unknown: 'This link is not recognised. Check you copied all of it, or ask the council for a new one.',
    expired: 'This link has expired. Ask the council for a new one if you would still like to answer.',
    used: 'This exit interview has already been answered through this link. Thank you.',
    answered: 'Your exit interview has already been recorded. Thank you.',
  } as const;

  app.get('/exit-interview/:token', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const { state } = await exitInterviewLinkState(app.db, token, new Date());
    if (state !== 'open') return reply.code(state === 'unknown' ? 404 : 410).page('leavers/answer-closed.njk', { title: 'Exit interview', message: closedMessages[state] });
    return reply.page('leavers/answer.njk', { title: 'Your exit interview', values: { otherReasons: [] }, choices, action: `/exit-interview/${token}` });
  });

  app.post('/exit-interview/:token', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseLeaverInterviewForm(body);
    if (!form.ok) {
      const { state } = await exitInterviewLinkState(app.db, token, new Date());
      if (state !== 'open') return reply.code(state === 'unknown' ? 404 : 410).page('leavers/answer-closed.njk', { title: 'Exit interview', message: closedMessages[state] });
      return reply.code(400).page('leavers/answer.njk', { title: 'Your exit interview', values: formValues(body), errors: form.errors, choices, action: `/exit-interview/${token}` });
    }
    const state = await answerExitInterviewByLink(app.db, { token, answers: form.value, now: new Date(), today: todayIso() }, actorOf(request));
    if (state !== 'open') return reply.code(state === 'unknown' ? 404 : 409).page('leavers/answer-closed.njk', { title: 'Exit interview', message: closedMessages[state] });
    return reply.page('leavers/answer-done.njk', { title: 'Thank you' });
  });
}

/** Equality monitoring: starters, leavers, turnover and in-post shares by gender, ethnicity and age band. */
export function registerEquality(app: FastifyInstance): void {
  app.get('/equality', { config: { access: 'viewer' as const } }, async (request, reply) => {
    const authority = authorityOf(request);
    const asked = requestedCensusYear(request.query);
    if (asked === 'invalid') throw badRequest(CENSUS_YEAR_MESSAGE);
    const input = await leaversInput(app.db, authority.code);
    const years = leavingYears(input.workers);
    const year = asked ?? latestLeavingYear(input.workers) ?? Number(todayIso().slice(0, 4));
    const view = await equalityView(app.db, authority.code, year, canSeePersonalData(request.user));
    return reply.page('leavers/equality.njk', {
      title: 'Equality monitoring',
      view,
      yearChoices: [...new Set([...years, year])]
        .sort()
        .reverse()
        .map((y) => ({ value: String(y), text: `${y} (year to 30 September ${y})`, selected: y === year })),
    });
  });
}
