import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addAction, addMeeting, changeAction, changeMeeting, issuePack, saveMinutes, setActionStatus } from '../../commands/review-meetings.ts';
import { getAction, getMeeting, listActions, listMeetings, listPacks } from '../../db/reviews.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, isOverdue, type Meeting, type Review } from '../../domain/reviews.ts';
import { BREAKDOWN_FIELDS, BREAKDOWN_LABELS, HEADLINE_MEASURES } from '../../reports/dashboard.ts';
import { packSupersessions } from '../../db/recommendation-tracking.ts';
import type { PackContent, PackSource } from '../../reports/review-pack.ts';
import { minutesInputFor } from '../../reports/review-dossier.ts';
import { issuedPack } from '../../reports/issued-packs.ts';
import { memoUntilWrite } from '../../db/write-epoch.ts';
import type { StoredPack } from '../../db/reviews.ts';
import { notFound } from '../errors.ts';
import { formError, validateForm, type FormErrors } from '../forms.ts';
import { sendPdf } from '../pdf.ts';
import { sendReviewDocument } from '../review-documents.ts';
import { longDate } from '../../domain/format.ts';
import { meetingMinutes } from '../../reports/review-documents/minutes.ts';
import { renderView } from '../render.ts';
import { actionEditForm, actionForm, actionStatusForm, packForm, parseMeetingForm, parseMinutesForm, rowIndexes } from '../review-forms.ts';
import { todayIso } from '../clock.ts';
import { actorOf } from '../actor.ts';
import { idParam, reviewOf, reviewPage } from './reviews.ts';
import { isRetainError } from '../../errors.ts';

/**
 * A review's meetings (the planner: number, date, subject, information required from which
 * officer, officers attending), their minutes, the actions arising, and the evidence packs issued
 * for them. Viewers read; analysts and admins write.
 */

async function meetingOf(app: FastifyInstance, request: FastifyRequest, review: Review): Promise<Meeting> {
  const meeting = await getMeeting(app.db, review.authorityCode, review.id, idParam(request, 'meetingId'));
  if (!meeting) throw notFound('There is no such meeting in this review.');
  return meeting;
}

/** Rows for the planner form: those held plus blanks. */
function meetingFormView(meeting: Partial<Pick<Meeting, 'date' | 'subject' | 'informationRequired' | 'officersAttending'>>) {
  const items = meeting.informationRequired ?? [];
  return {
    values: { date: meeting.date ?? '', subject: meeting.subject ?? '', officersAttending: (meeting.officersAttending ?? []).join('\n') },
    infoRows: [...items, ...Array.from({ length: Math.max(2, 4 - items.length) }, () => ({ item: '', officer: '' }))],
  };
}

function minutesFormView(meeting: Meeting) {
  const minutes = meeting.minutes ?? {
    present: [],
    officers: meeting.officersAttending,
    apologies: [],
    items: meeting.informationRequired.map((i) => ({ title: i.item, notes: '', resolutions: '' })),
  };
  const items = minutes.items;
  return {
    values: { present: minutes.present.join('\n'), officers: minutes.officers.join('\n'), apologies: minutes.apologies.join('\n') },
    itemRows: [...items, ...Array.from({ length: Math.max(2, 4 - items.length) }, () => ({ title: '', notes: '', resolutions: '' }))],
  };
}

export function packTitleFor(review: Review, pack: Pick<StoredPack, 'title'>): string {
  return `${pack.title} — ${review.title}`;
}

/** A frozen pack as standalone HTML, in the data pack's layout, with the pack's own cover and sources. */
export function renderPackHtml(app: FastifyInstance, review: Review, pack: StoredPack<PackContent, PackSource[]>, meeting: Meeting | null): Promise<string> {
  return renderView(app.views, 'datapack.njk', {
    view: pack.content.dashboard,
    title: packTitleFor(review, pack),
    produced: longDate(pack.issuedAt),
    breakdownFields: BREAKDOWN_FIELDS,
    breakdownLabels: BREAKDOWN_LABELS,
    headlineMeasures: HEADLINE_MEASURES,
    pack: { ...pack, reviewTitle: review.title, meeting, asOfText: longDate(pack.asOf), issuedText: longDate(pack.issuedAt) },
  });
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };

  const meetingsPage = async (request: FastifyRequest, review: Review, extra: Record<string, unknown> = {}) => {
    const [meetings, actions, packs] = await Promise.all([
      listMeetings(app.db, review.authorityCode, review.id),
      listActions(app.db, review.authorityCode, review.id),
      listPacks(app.db, review.authorityCode, review.id),
    ]);
    const today = todayIso();
    // Issue 15: packs marked superseded are listed with the mark.
    const supersessions = Object.fromEntries(await packSupersessions(app.db, review.authorityCode, review.id));
    return reviewPage(request, review, {
      supersessions,
      title: 'Meetings and actions',
      meetings,
      actions: actions.map((action) => ({ ...action, overdue: isOverdue(action, today), meeting: meetings.find((m) => m.id === action.meetingId) ?? null })),
      packs,
      statusChoices: ACTION_STATUSES.map((value) => ({ value, text: ACTION_STATUS_LABELS[value] })),
      statusLabels: ACTION_STATUS_LABELS,
      actionValues: {},
      packValues: { asOf: today, title: `Evidence pack ${packs.length + 1}` },
      anticipated: review.scope.anticipatedMeetings,
      ...extra,
    });
  };

  app.get('/reviews/:reviewId/meetings', viewer, async (request, reply) => {
    const review = await reviewOf(app, request);
    return reply.page('reviews/meetings.njk', await meetingsPage(request, review));
  });

  app.get('/reviews/:reviewId/meetings/new', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meetings = await listMeetings(app.db, review.authorityCode, review.id);
    return reply.page('reviews/meeting-form.njk', reviewPage(request, review, { title: `Plan meeting ${meetings.length + 1}`, action: `/reviews/${review.id}/meetings`, ...meetingFormView({}) }));
  });

  app.post('/reviews/:reviewId/meetings', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = parseMeetingForm((request.body ?? {}) as Record<string, unknown>);
    if (!form.ok) {
      return reply
        .code(400)
        .page('reviews/meeting-form.njk', reviewPage(request, review, { title: 'Plan a meeting', action: `/reviews/${review.id}/meetings`, errors: form.errors, ...typedMeeting(request.body) }));
    }
    const meeting = await addMeeting(app.db, { authorityCode: review.authorityCode, reviewId: review.id, plan: form.value }, actorOf(request));
    await request.flash({ type: 'success', heading: `Meeting ${meeting.number} planned for ${longDate(meeting.date)}` });
    return reply.redirect(`/reviews/${review.id}/meetings/${meeting.id}`, 303);
  });

  app.get('/reviews/:reviewId/meetings/:meetingId', viewer, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meeting = await meetingOf(app, request, review);
    const [actions, packs] = await Promise.all([listActions(app.db, review.authorityCode, review.id), listPacks(app.db, review.authorityCode, review.id)]);
    const today = todayIso();
    return reply.page(
      'reviews/meeting.njk',
      reviewPage(request, review, {
        title: `Meeting ${meeting.number}: ${meeting.subject}`,
        meeting,
        actions: actions.filter((a) => a.meetingId === meeting.id).map((a) => ({ ...a, overdue: isOverdue(a, today) })),
        packs: packs.filter((p) => p.meetingId === meeting.id),
        statusLabels: ACTION_STATUS_LABELS,
      }),
    );
  });

  // The minutes (or, before the meeting, the agenda) to circulate, as Word and as PDF.
  for (const format of ['docx', 'pdf'] as const) {
    app.get(`/reviews/:reviewId/meetings/:meetingId/minutes.${format}`, viewer, async (request, reply) => {
      // Only what the minutes hold (not the whole dossier with its evaluation and packs).
      const review = await reviewOf(app, request);
      const input = await minutesInputFor(app.db, review, idParam(request, 'meetingId'), todayIso());
      const doc = input && meetingMinutes(input, idParam(request, 'meetingId'));
      if (!doc) throw notFound('There is no such meeting in this review.');
      return sendReviewDocument(app, request, reply, input, doc, format);
    });
  }

  app.get('/reviews/:reviewId/meetings/:meetingId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meeting = await meetingOf(app, request, review);
    return reply.page(
      'reviews/meeting-form.njk',
      reviewPage(request, review, { title: `Change meeting ${meeting.number}`, action: `/reviews/${review.id}/meetings/${meeting.id}/edit`, ...meetingFormView(meeting) }),
    );
  });

  app.post('/reviews/:reviewId/meetings/:meetingId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meeting = await meetingOf(app, request, review);
    const form = parseMeetingForm((request.body ?? {}) as Record<string, unknown>);
    if (!form.ok) {
      return reply
        .code(400)
        .page(
          'reviews/meeting-form.njk',
          reviewPage(request, review, { title: `Change meeting ${meeting.number}`, action: `/reviews/${review.id}/meetings/${meeting.id}/edit`, errors: form.errors, ...typedMeeting(request.body) }),
        );
    }
    if (!(await changeMeeting(app.db, { authorityCode: review.authorityCode, reviewId: review.id, meetingId: meeting.id, plan: form.value }, actorOf(request))))
      throw notFound('There is no such meeting in this review.');
    await request.flash({ type: 'success', heading: `Meeting ${meeting.number} saved` });
    return reply.redirect(`/reviews/${review.id}/meetings/${meeting.id}`, 303);
  });

  app.get('/reviews/:reviewId/meetings/:meetingId/minutes', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meeting = await meetingOf(app, request, review);
    return reply.page('reviews/minutes-form.njk', reviewPage(request, review, { title: `Minutes of meeting ${meeting.number}`, meeting, ...minutesFormView(meeting) }));
  });

  app.post('/reviews/:reviewId/meetings/:meetingId/minutes', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const meeting = await meetingOf(app, request, review);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseMinutesForm(body);
    if (!form.ok) {
      const typedItems = rowIndexes(body, ['item_title', 'item_notes', 'item_resolutions']).map((i) => ({
        title: String(body[`item_title_${i}`] ?? ''),
        notes: String(body[`item_notes_${i}`] ?? ''),
        resolutions: String(body[`item_resolutions_${i}`] ?? ''),
      }));
      return reply.code(400).page(
        'reviews/minutes-form.njk',
        reviewPage(request, review, {
          title: `Minutes of meeting ${meeting.number}`,
          meeting,
          errors: form.errors,
          values: body,
          itemRows: [...typedItems, { title: '', notes: '', resolutions: '' }],
        }),
      );
    }
    if (!(await saveMinutes(app.db, { authorityCode: review.authorityCode, reviewId: review.id, meetingId: meeting.id, minutes: form.value }, actorOf(request))))
      throw notFound('There is no such meeting in this review.');
    await request.flash({ type: 'success', heading: `Minutes of meeting ${meeting.number} saved` });
    return reply.redirect(`/reviews/${review.id}/meetings/${meeting.id}`, 303);
  });

  app.post('/reviews/:reviewId/actions', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(actionForm, request.body);
    if (!form.ok) return reply.code(400).page('reviews/meetings.njk', await meetingsPage(request, review, { errors: form.errors, actionValues: request.body ?? {} }));
    if (form.value.meetingId !== null && !(await getMeeting(app.db, review.authorityCode, review.id, form.value.meetingId))) {
      return reply.code(400).page('reviews/meetings.njk', await meetingsPage(request, review, { errors: formError('meetingId', 'Select a meeting of this review'), actionValues: request.body ?? {} }));
    }
    const action = await addAction(app.db, { authorityCode: review.authorityCode, reviewId: review.id, action: form.value }, actorOf(request));
    await request.flash({ type: 'success', heading: 'Action added', text: `${action.description} — ${action.owner}, due ${longDate(action.dueDate)}` });
    return reply.redirect(`/reviews/${review.id}/meetings#actions`, 303);
  });

  app.post('/reviews/:reviewId/actions/:actionId', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const actionId = idParam(request, 'actionId');
    const form = validateForm(actionStatusForm, request.body);
    if (!form.ok) return reply.code(400).page('reviews/meetings.njk', await meetingsPage(request, review, { errors: form.errors }));
    if (!(await setActionStatus(app.db, { authorityCode: review.authorityCode, reviewId: review.id, actionId, status: form.value.status }, actorOf(request))))
      throw notFound('There is no such action in this review.');
    await request.flash({ type: 'success', heading: `Action marked ${ACTION_STATUS_LABELS[form.value.status].toLowerCase()}` });
    return reply.redirect(`/reviews/${review.id}/meetings#actions`, 303);
  });

  const actionOf = async (request: FastifyRequest, review: Review) => {
    const action = await getAction(app.db, review.authorityCode, review.id, idParam(request, 'actionId'));
    if (!action) throw notFound('There is no such action in this review.');
    return action;
  };
  const actionFormPage = async (request: FastifyRequest, review: Review, values: Record<string, unknown>, errors?: FormErrors) => {
    const meetings = await listMeetings(app.db, review.authorityCode, review.id);
    return reviewPage(request, review, {
      title: 'Change an action',
      action: `/reviews/${review.id}/actions/${(request.params as { actionId: string }).actionId}/edit`,
      values,
      meetings,
      statusChoices: ACTION_STATUSES.map((value) => ({ value, text: ACTION_STATUS_LABELS[value] })),
      ...(errors ? { errors } : {}),
    });
  };

  app.get('/reviews/:reviewId/actions/:actionId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const action = await actionOf(request, review);
    return reply.page('reviews/action-form.njk', await actionFormPage(request, review, { ...action, meetingId: action.meetingId ?? '' }));
  });

  app.post('/reviews/:reviewId/actions/:actionId/edit', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const action = await actionOf(request, review);
    const form = validateForm(actionEditForm, request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!form.ok) return reply.code(400).page('reviews/action-form.njk', await actionFormPage(request, review, body, form.errors));
    if (form.value.meetingId !== null && !(await getMeeting(app.db, review.authorityCode, review.id, form.value.meetingId))) {
      return reply.code(400).page('reviews/action-form.njk', await actionFormPage(request, review, body, formError('meetingId', 'Select a meeting of this review')));
    }
    if (!(await changeAction(app.db, { authorityCode: review.authorityCode, reviewId: review.id, actionId: action.id, action: form.value }, actorOf(request))))
      throw notFound('There is no such action in this review.');
    await request.flash({ type: 'success', heading: 'Action saved' });
    return reply.redirect(`/reviews/${review.id}/meetings#action-${action.id}`, 303);
  });

  app.post('/reviews/:reviewId/packs', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = validateForm(packForm, request.body);
    const again = (errors: FormErrors) => meetingsPage(request, review, { errors, packValues: request.body ?? {} }).then((page) => reply.code(400).page('reviews/meetings.njk', page));
    if (!form.ok) return again(renameFields(form.errors, { title: 'pack_title', meetingId: 'pack_meetingId' }));
    const meeting = form.value.meetingId === null ? null : await getMeeting(app.db, review.authorityCode, review.id, form.value.meetingId);
    if (form.value.meetingId !== null && !meeting) return again(formError('pack_meetingId', 'Select a meeting of this review'));
    let pack: Awaited<ReturnType<typeof issuePack>>;
    try {
      pack = await issuePack(app.db, { authorityCode: review.authorityCode, reviewId: review.id, meetingId: meeting?.id ?? null, asOf: form.value.asOf, title: form.value.title }, actorOf(request));
    } catch (error) {
      if (isRetainError(error, 'no_figures')) return again(formError('asOf', error.message));
      throw error;
    }
    await request.flash({
      type: 'success',
      heading: `${pack.title} issued`,
      text: `Figures for census year ${pack.censusYear}, as of ${longDate(pack.asOf)}. It will not change when more data is imported.`,
    });
    return reply.redirect(`/reviews/${review.id}/packs/${pack.id}`, 303);
  });

  const packOf = async (request: FastifyRequest) => {
    const review = await reviewOf(app, request);
    // The same shared object while the pack stands, so its page is rendered once (issuedPack).
    const pack = await issuedPack(app.db, review.authorityCode, review.id, idParam(request, 'packId'));
    if (!pack) throw notFound('There is no such evidence pack in this review.');
    const meetingId = pack.meetingId;
    const meeting =
      meetingId === null
        ? null
        : await memoUntilWrite(app.db, `meeting\u0000${review.authorityCode}\u0000${review.id}\u0000${meetingId}`, () => getMeeting(app.db, review.authorityCode, review.id, meetingId));
    return { review, pack, meeting };
  };

  app.get('/reviews/:reviewId/packs/:packId', viewer, async (request, reply) => {
    const { review, pack, meeting } = await packOf(request);
    const supersession = (await packSupersessions(app.db, review.authorityCode, review.id)).get(pack.id) ?? null;
    return reply.page(
      'reviews/pack.njk',
      reviewPage(request, review, { title: pack.title, pack, meeting, supersession, view: pack.content.dashboard, breakdownFields: BREAKDOWN_FIELDS, breakdownLabels: BREAKDOWN_LABELS }),
    );
  });

  app.get('/reviews/:reviewId/packs/:packId/pack.html', viewer, async (request, reply) => {
    const { review, pack, meeting } = await packOf(request);
    return reply.type('text/html; charset=utf-8').send(await renderPackHtml(app, review, pack, meeting));
  });

  app.get('/reviews/:reviewId/packs/:packId/pack.pdf', viewer, async (request, reply) => {
    const { review, pack, meeting } = await packOf(request);
    return sendPdf(app, reply, {
      html: await renderPackHtml(app, review, pack, meeting),
      title: packTitleFor(review, pack),
      footer: `Issued ${longDate(pack.issuedAt)}; figures as of ${longDate(pack.asOf)}`,
      fileName: `evidence-pack-${review.id}-${pack.id}.pdf`,
      name: 'evidence pack',
    });
  });
}

/** The pack form shares a page with the action form, so its fields have their own ids. */
function renameFields(errors: FormErrors, names: Record<string, string>): FormErrors {
  const rename = (name: string) => names[name] ?? name;
  return {
    summary: errors.summary.map((e) => ({ ...e, href: `#${rename(e.href.slice(1))}` })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([name, message]) => [rename(name), message])),
  };
}

function typedMeeting(body: unknown) {
  const raw = (body ?? {}) as Record<string, unknown>;
  return {
    // The date's three boxes are kept as typed (src/web/date-fields.ts), as well as a date typed whole.
    values: {
      date: raw.date ?? '',
      'date-day': raw['date-day'],
      'date-month': raw['date-month'],
      'date-year': raw['date-year'],
      subject: raw.subject ?? '',
      officersAttending: raw.officersAttending ?? '',
    },
    infoRows: rowIndexes(raw, ['info_item', 'info_officer']).map((i) => ({ item: String(raw[`info_item_${i}`] ?? ''), officer: String(raw[`info_officer_${i}`] ?? '') })),
  };
}
