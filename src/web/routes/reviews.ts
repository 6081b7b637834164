import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addEvidence, removeEvidence, saveScope, startReview } from '../../commands/reviews.ts';
import { getEvidenceFile, getReview, listReviews } from '../../db/reviews.ts';
import { emptyScope, FOCUS_GROUP_LABELS, FOCUS_GROUPS, INDICATOR_MEASURES, METHOD_LABELS, METHODS, type Review } from '../../domain/reviews.ts';
import { indicatorMeasureLabel } from '../../reports/review-documents/blocks.ts';
import { committeeReport } from '../../reports/review-documents/committee-report.ts';
import { evaluationReport } from '../../reports/review-documents/evaluation.ts';
import { scopingDocument } from '../../reports/review-documents/scoping.ts';
import { reviewDossier, type ReviewDossier } from '../../reports/review-dossier.ts';
import { shareView } from '../../reports/shared-views.ts';
import { keepsReads, memoUntilWrite } from '../../db/write-epoch.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData, roleAllows } from '../auth.ts';
import { badRequest, notFound } from '../errors.ts';
import { validateForm, type FormErrors } from '../forms.ts';
import { registerUploads } from '../uploads.ts';
import { sendReviewDocument } from '../review-documents.ts';
import { todayIso } from '../clock.ts';
import { EVIDENCE_KIND_LABELS, evidenceForm, evidenceKinds, parseScopeForm, rowIndexes } from '../review-forms.ts';
import { teamsForAuthority } from '../../db/workers.ts';
import { responseClocks } from '../../reports/recommendation-tracker.ts';
import { ROLE_CODES, ROLE_LABELS } from '../../domain/codes.ts';
import { isDatabaseId } from '../request-guards.ts';
import { actorOf } from '../actor.ts';

/**
 * Scrutiny reviews: the list, a review's overview, its scoping document and other evidence.
 * Everyone signed in to the authority reads them (scrutiny members are viewers: they see the
 * records and aggregate figures only); officers (analysts and admins) change them.
 */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** The review named in the URL, within the user's current authority; another council's is not found. */
export async function reviewOf(app: FastifyInstance, request: FastifyRequest): Promise<Review> {
  const code = authorityOf(request).code;
  const id = idParam(request, 'reviewId');
  // Kept on PGlite until anything is written (src/db/write-epoch.ts): shared, so not to be changed.
  const review = await memoUntilWrite(app.db, `review\u0000${code}\u0000${id}`, () => getReview(app.db, code, id));
  if (!review) throw notFound('There is no such review for this authority.');
  return review;
}

/**
 * The review as the reader may see it. `forCommittee`: as a committee sees it whoever downloads it
 * (small numbers withheld, accepted findings only): every review document goes to a committee.
 */
export async function dossierOf(app: FastifyInstance, request: FastifyRequest, options: { forCommittee?: boolean } = {}): Promise<ReviewDossier> {
  const review = await reviewOf(app, request);
  const personalDataAllowed = !options.forCommittee && canSeePersonalData(request.user);
  const today = todayIso();
  // On PGlite kept until anything is written (src/db/write-epoch.ts), and then shared: the same
  // dossier for every request until a change, so a review's pages are rendered once per change.
  const dossier = await memoUntilWrite(app.db, `dossier\u0000${review.authorityCode}\u0000${review.id}\u0000${today}\u0000${personalDataAllowed}`, () =>
    reviewDossier(app.db, review.authorityCode, review.id, today, { personalDataAllowed, review }),
  );
  if (!dossier) throw notFound('There is no such review for this authority.');
  return keepsReads(app.db) ? shareView(dossier) : dossier;
}

/** A numeric id from the URL; anything else is not found. */
export function idParam(request: FastifyRequest, name: string): number {
  const id = Number((request.params as Record<string, string>)[name]);
  if (!isDatabaseId(id)) throw notFound();
  return id;
}

export function canEdit(request: FastifyRequest): boolean {
  return roleAllows(request.user?.role, 'analyst');
}

/** The overview page's context (also shown again, with errors, when adding evidence fails). */
function overviewPage(request: FastifyRequest, dossier: ReviewDossier, extra: Record<string, unknown> = {}) {
  return reviewPage(request, dossier.review, {
    title: dossier.review.title,
    dossier,
    overdue: dossier.actions.filter((action) => action.overdue),
    counts: {
      openActions: dossier.actions.filter((action) => action.status !== 'done').length,
      acceptedFindings: dossier.findings.filter((finding) => finding.status === 'accepted').length,
    },
    methodLabels: METHOD_LABELS,
    focusGroupLabels: FOCUS_GROUP_LABELS,
    evidenceKinds: evidenceKinds.map((value) => ({ value, text: EVIDENCE_KIND_LABELS[value] })),
    evidenceKindLabels: EVIDENCE_KIND_LABELS,
    measureLabels: Object.fromEntries(measureChoices.map((c) => [c.value, c.text])),
    maxEvidenceText: '10 MB',
    ...extra,
  });
}

/** What the review pages share: the sub-navigation and who may edit. */
export function reviewPage<T extends Record<string, unknown>>(request: FastifyRequest, review: Review, data: T) {
  return { review, canEdit: canEdit(request), base: `/reviews/${review.id}`, ...data };
}

const measureChoices = INDICATOR_MEASURES.map((measure) => ({ value: measure, text: indicatorMeasureLabel(measure) }));

/** The scope form's rows: those held plus blank ones to add more without JavaScript. */
/**
 * Who an indicator can be tracked for (issue 15): the whole council, each team in the council's
 * workers data, or each DfE role; values as review-forms.ts reads them (`team:NAME`, `role:CODE`).
 */
async function indicatorGroupOptions(app: FastifyInstance, review: Review): Promise<Array<{ value: string; text: string }>> {
  const teams = await teamsForAuthority(app.db, review.authorityCode);
  // A team an indicator names is offered even if the data no longer has it, so saving keeps it.
  const named = review.scope.indicators.flatMap((i) => (i.group?.by === 'team' ? [i.group.name] : []));
  return [
    { value: '', text: 'The whole council' },
    ...[...new Set([...teams, ...named])].sort().map((team) => ({ value: `team:${team}`, text: `Team: ${team}` })),
    ...ROLE_CODES.map((role) => ({ value: `role:${role}`, text: `Role: ${ROLE_LABELS[role]}` })),
  ];
}

function scopeFormView(review: Pick<Review, 'title' | 'contactOfficer' | 'scope'>) {
  const pad = <T>(rows: T[], blank: T, extra: number, minimum: number) => [...rows, ...Array.from({ length: Math.max(extra, minimum - rows.length) }, () => blank)];
  return {
    values: review,
    indicatorRows: pad(review.scope.indicators, { description: '', measure: null, baseline: null, target: null }, 2, 4),
    riskRows: pad(review.scope.risks, { risk: '', management: '' }, 2, 4),
    keyDateRows: pad(review.scope.keyDates, { date: '', event: '' }, 2, 5),
    measureChoices,
    methodChoices: METHODS.map((value) => ({ value, text: METHOD_LABELS[value], checked: review.scope.methods.includes(value) })),
    focusGroupChoices: FOCUS_GROUPS.map((value) => ({ value, text: FOCUS_GROUP_LABELS[value], checked: review.scope.focusGroups.includes(value) })),
  };
}

export async function register(app: FastifyInstance): Promise<void> {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };
  await registerUploads(app, { fileSize: MAX_EVIDENCE_BYTES, fields: 6 });

  app.get('/reviews', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const reviews = await listReviews(app.db, authority.code, todayIso());
    return reply.page('reviews/index.njk', { title: 'Scrutiny reviews', reviews, canEdit: canEdit(request) });
  });

  app.get('/reviews/new', analyst, async (_request, reply) => reply.page('reviews/new.njk', { title: 'Start a scrutiny review', values: {} }));

  app.post('/reviews', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const form = validateForm(z.object({ title: z.string().trim().min(1, 'Enter the review’s title').max(200, 'Title must be 200 characters or fewer') }), request.body);
    if (!form.ok) return reply.code(400).page('reviews/new.njk', { title: 'Start a scrutiny review', errors: form.errors, values: request.body ?? {} });
    const review = await startReview(app.db, { authorityCode: authority.code, title: form.value.title, scope: emptyScope() }, actorOf(request));
    await request.flash({ type: 'success', heading: 'Review started', text: 'Now fill in its scope: objectives, indicators of success, methods and key dates.' });
    return reply.redirect(`/reviews/${review.id}/scope`, 303);
  });

  app.get('/reviews/:reviewId', viewer, async (request, reply) => {
    const dossier = await dossierOf(app, request);
    // The executive's response clock (issue 15), once the report has gone to it.
    const [clock] = await responseClocks(app.db, dossier.review.authorityCode, todayIso(), { reviewId: dossier.review.id });
    return reply.page('reviews/overview.njk', overviewPage(request, dossier, { clock: clock ?? null }));
  });

  app.get('/reviews/:reviewId/scope', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    return reply.page('reviews/scope.njk', reviewPage(request, review, { title: 'Scope the review', ...scopeFormView(review), groupOptions: await indicatorGroupOptions(app, review) }));
  });

  app.post('/reviews/:reviewId/scope', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const form = parseScopeForm((request.body ?? {}) as Record<string, unknown>);
    if (!form.ok) {
      // Show what was typed, so nothing the officer wrote is lost to one mistake.
      const typed = parseScopeFormLoosely(request.body);
      return reply.code(400).page(
        'reviews/scope.njk',
        reviewPage(request, review, {
          title: 'Scope the review',
          errors: form.errors,
          ...scopeFormView({ ...review, ...typed }),
          raw: request.body,
          groupOptions: await indicatorGroupOptions(app, review),
        }),
      );
    }
    await saveScope(
      app.db,
      { authorityCode: review.authorityCode, reviewId: review.id, title: form.value.title, contactOfficer: form.value.contactOfficer, scope: form.value.scope },
      actorOf(request),
    );
    await request.flash({ type: 'success', heading: 'Scope saved' });
    return reply.redirect(`/reviews/${review.id}`, 303);
  });

  app.post('/reviews/:reviewId/evidence', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    if (!request.isMultipart()) throw badRequest('Add evidence with the form on the review’s page.');
    const body = request.body as Record<string, unknown>;
    const value = (name: string) => {
      const part = body[name] as { value?: unknown } | undefined;
      return part && typeof part === 'object' && 'value' in part ? part.value : undefined;
    };
    const form = validateForm(evidenceForm, { kind: value('kind'), title: value('title'), notes: value('notes') ?? '' });
    const part = body.file as { type?: string; filename?: string; mimetype?: string; file?: { truncated: boolean }; toBuffer?: () => Promise<Buffer> } | undefined;
    const hasFile = part?.type === 'file' && !!part.filename;
    const bytes = hasFile ? await part.toBuffer!() : null;
    const errors: FormErrors = form.ok ? { summary: [], fields: {} } : form.errors;
    if (hasFile && part.file?.truncated) {
      errors.fields.file = { text: 'The file must be smaller than 10 MB' };
      errors.summary.push({ text: 'The file must be smaller than 10 MB', href: '#file' });
    }
    if (!form.ok || errors.summary.length > 0) {
      const page = overviewPage(request, await dossierOf(app, request), { errors, evidenceValues: { kind: value('kind'), title: value('title'), notes: value('notes') } });
      return reply.code(400).page('reviews/overview.njk', page);
    }
    const file = hasFile && bytes && bytes.length > 0 ? { name: part.filename!, contentType: part.mimetype ?? 'application/octet-stream', bytes } : null;
    await addEvidence(app.db, { authorityCode: review.authorityCode, reviewId: review.id, ...form.value, file }, actorOf(request));
    await request.flash({ type: 'success', heading: `Evidence added: ${form.value.title}` });
    return reply.redirect(`/reviews/${review.id}#evidence`, 303);
  });

  app.post('/reviews/:reviewId/evidence/:evidenceId/remove', analyst, async (request, reply) => {
    const review = await reviewOf(app, request);
    const removed = await removeEvidence(app.db, { authorityCode: review.authorityCode, reviewId: review.id, evidenceId: idParam(request, 'evidenceId') }, actorOf(request));
    if (!removed) throw notFound('There is no such evidence in this review.');
    await request.flash({ type: 'success', heading: `Evidence removed: ${removed.title}` });
    return reply.redirect(`/reviews/${review.id}#evidence`, 303);
  });

  // The review's documents, as Word and as PDF; both are written from the same ReviewDocument.
  for (const [slug, build] of [
    ['scoping', scopingDocument],
    ['report', committeeReport],
    ['evaluation', evaluationReport],
  ] as const) {
    for (const format of ['docx', 'pdf'] as const) {
      app.get(`/reviews/:reviewId/${slug}.${format}`, viewer, async (request, reply) => {
        const dossier = await dossierOf(app, request, { forCommittee: true });
        return sendReviewDocument(app, request, reply, dossier, build(dossier), format);
      });
    }
  }

  app.get('/reviews/:reviewId/evidence/:evidenceId', viewer, async (request, reply) => {
    const review = await reviewOf(app, request);
    const file = await getEvidenceFile(app.db, review.authorityCode, review.id, idParam(request, 'evidenceId'));
    if (!file) throw notFound('There is no such file for this review.');
    const safeName = file.fileName.replace(/[^A-Za-z0-9._ -]+/g, '_');
    // Always a download, never shown inline: an uploaded HTML file must not run as this site.
    return reply.header('content-disposition', `attachment; filename="${safeName}"`).header('x-content-type-options', 'nosniff').type('application/octet-stream').send(Buffer.from(file.bytes));
  });
}

/** What the scope form held when it failed validation, kept as typed for the page. */
function parseScopeFormLoosely(body: unknown): Pick<Review, 'title' | 'contactOfficer' | 'scope'> {
  const raw = (body ?? {}) as Record<string, unknown>;
  const get = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
  const rows = <T>(prefixes: string[], make: (i: number) => T, isBlank: (row: T) => boolean): T[] =>
    rowIndexes(raw, prefixes)
      .map(make)
      .filter((row) => !isBlank(row));
  const asList = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);
  return {
    title: get('title'),
    contactOfficer: get('contactOfficer'),
    scope: {
      ...emptyScope(),
      objectives: get('objectives').split(/\r?\n/),
      indicators: rows(
        ['indicator_description', 'indicator_measure', 'indicator_baseline', 'indicator_target'],
        (i) => ({
          description: get(`indicator_description_${i}`),
          measure: (get(`indicator_measure_${i}`) || null) as never,
          baseline: get(`indicator_baseline_${i}`) as never,
          target: get(`indicator_target_${i}`) as never,
          group: (get(`indicator_group_${i}`).includes(':') ? { by: get(`indicator_group_${i}`).split(':')[0], name: get(`indicator_group_${i}`).split(':').slice(1).join(':') } : null) as never,
        }),
        (row) => !row.description && !row.measure && !row.baseline && !row.target,
      ),
      evaluationDate: get('evaluationDate') || null,
      inScope: get('inScope'),
      excluded: get('excluded'),
      linkedStrategies: get('linkedStrategies'),
      methods: asList(raw.methods) as never,
      focusGroups: asList(raw.focusGroups) as never,
      otherMethods: get('otherMethods'),
      risks: rows(
        ['risk', 'risk_management'],
        (i) => ({ risk: get(`risk_${i}`), management: get(`risk_management_${i}`) }),
        (row) => !row.risk && !row.management,
      ),
      equalityImplications: get('equalityImplications'),
      keyDates: rows(
        ['key_date', 'key_date_event'],
        (i) => ({ date: get(`key_date_${i}`), event: get(`key_date_event_${i}`) }),
        (row) => !row.date && !row.event,
      ),
      anticipatedMeetings: get('anticipatedMeetings') as never,
      scrutinyBoard: get('scrutinyBoard'),
      cabinetPortfolios: get('cabinetPortfolios'),
      reportingDate: get('reportingDate') || null,
      reportingRoute: get('reportingRoute'),
      reportOf: get('reportOf'),
      communications: get('communications'),
    },
  };
}
