import { z } from 'zod';
import { checkPrefix, PROGRESS_STATUSES } from '../domain/recommendation-tracking.ts';
import { RESPONSES, type RecommendationResponse } from '../domain/reviews.ts';
import type { FormErrors, FormResult } from './forms.ts';
import { joinDateParts } from './date-fields.ts';
import { EMAIL, isoDate, optionalDate, optionalEmail, text } from './review-forms.ts';

/** The forms of a review's tracking pages (issue 15). Dates are GOV.UK's three boxes, or typed whole. */

export const reportRouteForm = z.object({
  sentToExecutiveOn: optionalDate('Enter the date the report went to the executive as a real date, for example 15 9 2025'),
  referencePrefix: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const checked = checkPrefix(value);
      if (checked.ok) return checked.value;
      context.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }),
});

export const monitoringForm = z.object({
  heldOn: optionalDate('Enter the date the committee held the review as a real date, for example 4 5 2026'),
  conclusion: text(4000, 'Conclusion'),
});

export const progressForm = z.object({
  status: z.enum(PROGRESS_STATUSES, { error: 'Select the status: achieved, on track, slipped, not achieved or no longer monitored' }),
  revisedDate: optionalDate('Enter the revised date as a real date, for example 30 9 2026'),
  reason: text(4000, 'Reason'),
  note: text(4000, 'Update'),
});

export const ownerForm = z.object({
  leadOfficer: text(200, 'Lead officer'),
  leadOfficerEmail: text(254, 'Email').refine((value) => value === '' || EMAIL.test(value), 'Enter an email address in the right format, like name@council.gov.uk'),
  targetDate: optionalDate('Enter the target date as a real date, for example 31 3 2026'),
});

export const recommendationActionForm = z.object({
  description: text(1000, 'Action').min(1, 'Enter the action'),
  owner: text(200, 'Owner').min(1, 'Enter who owns the action'),
  ownerEmail: optionalEmail(),
  dueDate: isoDate('Enter the due date as a real date, for example 28 2 2026'),
});

export const supersedeForm = z.object({
  reason: text(1000, 'Reason').min(1, 'Enter why the pack is superseded, for example “Replaced by pack 3 after the workers file was corrected”'),
});

export interface ResponseForm {
  respondedOn: string | null;
  responses: Array<{ recommendationId: number; response: RecommendationResponse; reasons: string; decisionReference: string }>;
}

/** The executive's response: the day, then for each recommendation (fields suffixed with its id) the response, reasons and decision reference. */
export function parseResponseForm(rawBody: unknown, recommendations: ReadonlyArray<{ id: number; reference: string }>): FormResult<ResponseForm> {
  const body = joinDateParts((rawBody ?? {}) as Record<string, unknown>);
  const errors: FormErrors = { summary: [], fields: {} };
  const fail = (field: string, message: string) => {
    if (errors.fields[field]) return;
    errors.fields[field] = { text: message };
    errors.summary.push({ text: message, href: `#${field}` });
  };
  const day = optionalDate('Enter the date the executive responded as a real date, for example 4 11 2025').safeParse(typeof body.respondedOn === 'string' ? body.respondedOn.trim() : '');
  if (!day.success) fail('respondedOn', day.error.issues[0]!.message);
  const responses: ResponseForm['responses'] = [];
  for (const r of recommendations) {
    const response = z.enum(RESPONSES).safeParse(body[`response_${r.id}`]);
    if (!response.success) {
      fail(`response_${r.id}`, `Select the response to ${r.reference}`);
      continue;
    }
    const reasons = text(4000, `The reasons for ${r.reference}`).safeParse(typeof body[`reasons_${r.id}`] === 'string' ? body[`reasons_${r.id}`] : '');
    const reference = text(100, `The decision reference for ${r.reference}`).safeParse(typeof body[`decisionReference_${r.id}`] === 'string' ? body[`decisionReference_${r.id}`] : '');
    if (!reasons.success) fail(`reasons_${r.id}`, reasons.error.issues[0]!.message);
    if (!reference.success) fail(`decisionReference_${r.id}`, reference.error.issues[0]!.message);
    if ((response.data === 'rejected' || response.data === 'partly_accepted') && reasons.success && reasons.data === '') {
      fail(`reasons_${r.id}`, `Enter the executive’s reasons for ${response.data === 'rejected' ? 'rejecting' : 'only partly accepting'} ${r.reference}`);
    }
    responses.push({ recommendationId: r.id, response: response.data, reasons: reasons.success ? reasons.data : '', decisionReference: reference.success ? reference.data : '' });
  }
  const respondedOn = day.success ? day.data : null;
  if (respondedOn === null && responses.some((r) => r.response !== 'awaiting')) fail('respondedOn', 'Enter the date the executive responded');
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value: { respondedOn, responses } };
}
