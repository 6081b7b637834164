import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { saveScrutinySettings, sendReminderDigest, uploadTracker } from '../../commands/recommendation-tracking.ts';
import { getScrutinySettings } from '../../db/recommendation-tracking.ts';
import { checkPrefix, digestText, reminderDigest, type TrackerFilter } from '../../domain/recommendation-tracking.ts';
import { formatProblem } from '../../imports/problems.ts';
import { mailServerName, mailSettingsFrom } from '../../mail/smtp.ts';
import { remindersFor, responseClocks, trackerTable, trackerView } from '../../reports/recommendation-tracker.ts';
import { authorityOf } from '../access.ts';
import { actorOf } from '../actor.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { DOWNLOAD_FORMATS, sendTables } from '../downloads.ts';
import { badRequest } from '../errors.ts';
import { formError, validateForm, type FormErrors } from '../forms.ts';
import { registerUploads } from '../uploads.ts';
import { canEdit } from './reviews.ts';

/**
 * The council's recommendations tracker (issue 15): every recommendation of every review, filtered
 * by committee, status, municipal year and lead officer, downloaded as CSV or XLSX and uploaded
 * back with officers' updates (all or nothing); the executive's response clocks; the reminders due
 * from lead officers as an email-ready digest (sent by Retain when SMTP is set up); and the
 * council's reference prefix and response period.
 */

const MAX_TRACKER_BYTES = 5 * 1024 * 1024;
/** Problems listed on the page after a refused upload; the rest are counted. */
const PROBLEMS_SHOWN = 100;

function filterOf(query: unknown): TrackerFilter {
  const q = (query ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof q[name] === 'string' && (q[name] as string).trim() !== '' ? (q[name] as string).trim().slice(0, 200) : undefined);
  const year = Number(text('year'));
  return { committee: text('committee'), status: text('status'), municipalYear: Number.isInteger(year) && year > 1900 && year < 3000 ? year : undefined, owner: text('owner') };
}

function queryOf(filter: TrackerFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of [
    ['committee', filter.committee],
    ['status', filter.status],
    ['year', filter.municipalYear],
    ['owner', filter.owner],
  ] as const) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const settingsForm = z.object({
  referencePrefix: z
    .string()
    .trim()
    .transform((value, context) => {
      const checked = checkPrefix(value);
      if (checked.ok) return checked.value;
      context.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }),
  responseMonths: z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v), 'Enter the number of months in digits, like 2')
    .transform(Number)
    .refine((v) => v >= 1 && v <= 12, 'Enter a number of months from 1 to 12'),
});

export async function register(app: FastifyInstance): Promise<void> {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };
  await registerUploads(app, { fileSize: MAX_TRACKER_BYTES, fields: 3 });

  const trackerPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const authority = authorityOf(request);
    const filter = filterOf(request.query);
    const officer = canSeePersonalData(request.user);
    const [view, clocks, settings, reminders] = await Promise.all([
      trackerView(app.db, authority.code, filter, { personalDataAllowed: officer }),
      responseClocks(app.db, authority.code, todayIso()),
      getScrutinySettings(app.db, authority.code),
      officer ? remindersFor(app.db, authority.code, todayIso()) : Promise.resolve([]),
    ]);
    const query = queryOf(filter);
    return {
      title: 'Recommendations tracker',
      view,
      clocks: clocks.filter((c) => c.state !== 'responded' && c.state !== 'responded_late' && c.state !== 'not_sent'),
      settings,
      canEdit: canEdit(request),
      officer,
      reminderCount: reminders.length,
      overdueCount: reminders.filter((r) => r.overdue).length,
      exports: Object.fromEntries(DOWNLOAD_FORMATS.map((format) => [format, `/tracker/export.${format}${query}`])),
      filtered: query !== '',
      settingsValues: { referencePrefix: settings.referencePrefix, responseMonths: String(settings.responseMonths) },
      ...extra,
    };
  };

  app.get('/tracker', viewer, async (request, reply) => reply.page('tracker/index.njk', await trackerPage(request)));

  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/tracker/export.${format}`, viewer, async (request, reply) => {
      const authority = authorityOf(request);
      const view = await trackerView(app.db, authority.code, filterOf(request.query), { personalDataAllowed: canSeePersonalData(request.user) });
      await request.audit('tracker.downloaded', { authorityCode: authority.code, details: { format, rows: view.rows.length } });
      return sendTables(reply, format, `recommendations-tracker-${authority.code}-${todayIso()}`, [trackerTable(view.rows)]);
    });
  }

  app.post('/tracker/upload', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    if (!request.isMultipart()) throw badRequest('Upload the tracker with the form on the tracker page.');
    const body = request.body as Record<string, unknown>;
    const part = body.file as { type?: string; filename?: string; file?: { truncated: boolean }; toBuffer?: () => Promise<Buffer> } | undefined;
    const bytes = part?.type === 'file' && part.filename ? await part.toBuffer!() : null;
    const problem =
      !bytes || !part?.filename
        ? 'Select the tracker file to upload'
        : part.file?.truncated
          ? 'The file must be smaller than 5 MB'
          : bytes.length === 0
            ? 'The selected file is empty'
            : !/\.(csv|xlsx)$/i.test(part.filename)
              ? 'The selected file must be a CSV or XLSX file'
              : null;
    if (problem) return reply.code(400).page('tracker/index.njk', await trackerPage(request, { errors: formError('file', problem) }));
    const fileName = part!.filename!.split(/[\\/]/).pop()!.slice(0, 200);
    const outcome = await uploadTracker(app.db, { authorityCode: authority.code, fileName, bytes: bytes!, today: todayIso() }, actorOf(request));
    if (!outcome.ok) {
      const problems = outcome.problems.map(formatProblem);
      const errors: FormErrors = formError('file', `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}, so nothing was changed. Correct them and upload it again.`);
      return reply
        .code(400)
        .page(
          'tracker/index.njk',
          await trackerPage(request, { errors, uploadProblems: problems.slice(0, PROBLEMS_SHOWN), moreProblems: Math.max(0, problems.length - PROBLEMS_SHOWN), uploadWarnings: outcome.warnings }),
        );
    }
    await request.flash({
      type: 'success',
      heading: outcome.changed === 0 ? 'The tracker was uploaded: nothing had changed' : `${outcome.changed} recommendation${outcome.changed === 1 ? '' : 's'} updated`,
      text:
        outcome.changed === 0
          ? `All ${outcome.rowCount} rows match what Retain holds.`
          : `${outcome.references.join(', ')}. ${outcome.unchanged} row${outcome.unchanged === 1 ? '' : 's'} had no change.`,
    });
    return reply.redirect('/tracker', 303);
  });

  app.post('/tracker/settings', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const form = validateForm(settingsForm, request.body);
    if (!form.ok) return reply.code(400).page('tracker/index.njk', await trackerPage(request, { errors: form.errors, settingsValues: request.body ?? {} }));
    await saveScrutinySettings(app.db, { authorityCode: authority.code, ...form.value }, actorOf(request));
    await request.flash({
      type: 'success',
      heading: 'Tracker settings saved',
      text: `New recommendations will be numbered like ${form.value.referencePrefix} 2025/26-01; responses are due ${form.value.responseMonths} month${form.value.responseMonths === 1 ? '' : 's'} after a report goes to the executive.`,
    });
    return reply.redirect('/tracker#settings', 303);
  });

  const remindersPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const authority = authorityOf(request);
    const today = todayIso();
    const reminders = await remindersFor(app.db, authority.code, today);
    const messages = reminderDigest(reminders, { councilName: authority.name, today, from: request.user!.displayName });
    const mail = mailSettingsFrom(process.env);
    return {
      title: 'Reminders to lead officers',
      reminders,
      people: messages.map((m) => ({ ...m, reminders: reminders.filter((r) => r.person === m.to) })),
      digest: digestText(messages),
      mailServer: mail ? mailServerName(mail) : null,
      withEmail: messages.filter((m) => m.email).length,
      ...extra,
    };
  };

  app.get('/tracker/reminders', analyst, async (request, reply) => reply.page('tracker/reminders.njk', await remindersPage(request)));

  app.post('/tracker/reminders/send', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const settings = mailSettingsFrom(process.env);
    if (!settings) throw badRequest('Sending email is not set up: copy the digest into an email instead.');
    const page = await remindersPage(request);
    const messages = page.people.filter((p) => p.email).map((p) => ({ person: p.to, to: p.email!, subject: p.subject, text: p.body }));
    if (messages.length === 0) {
      await request.flash({
        type: 'important',
        heading: 'Nothing was sent',
        text: 'Nobody with a reminder due has an email address. Add lead officers’ emails on each recommendation and owners’ on each action, or copy the digest into an email.',
      });
      return reply.redirect('/tracker/reminders', 303);
    }
    const results = await sendReminderDigest(app.db, { authorityCode: authority.code, messages, settings }, actorOf(request));
    const failed = results.filter((r) => !r.ok);
    await request.flash(
      failed.length === 0
        ? { type: 'success', heading: `Reminders sent to ${results.length} ${results.length === 1 ? 'person' : 'people'}`, text: results.map((r) => r.to).join(', ') }
        : { type: 'important', heading: `${results.length - failed.length} of ${results.length} reminders sent`, text: failed.map((f) => `${f.to}: ${f.error}`).join('; ') },
    );
    return reply.redirect('/tracker/reminders', 303);
  });
}
