import { EXIT_CHANNELS, EXIT_INTERVIEW_STATUSES, EXIT_REASONS, WOULD_RETURN, type ExitInterviewRecord } from '../domain/exit-interviews.ts';
import { parseDate } from '../imports/values.ts';
import { asArray, type FormErrors, type FormResult } from './forms.ts';

/**
 * The exit interview forms: the officer's (every field) and the leaver's own through a link (no
 * status, date, channel or regrettable: those are the council's to record). Plain HTML fields, so
 * both work without JavaScript.
 */

type Body = Record<string, unknown>;

function field(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
}

function oneOf<T extends string>(list: readonly T[], value: string): T | null {
  return (list as readonly string[]).includes(value) ? (value as T) : null;
}

function yesNo(value: string): boolean | null {
  return value === 'yes' ? true : value === 'no' ? false : null;
}

export type InterviewFormValues = Omit<ExitInterviewRecord, 'workerId' | 'leavingDate'>;

function add(errors: FormErrors, name: string, text: string) {
  if (errors.fields[name]) return;
  errors.fields[name] = { text };
  errors.summary.push({ text, href: `#${name}` });
}

/** Reasons, would-return, counter-offer and comments: the part both forms share. */
function answers(body: Body, errors: FormErrors, reasonRequired: boolean) {
  const primary = field(body, 'primaryReason');
  const primaryReason = oneOf(EXIT_REASONS, primary);
  if (primary && !primaryReason) add(errors, 'primaryReason', 'Select the main reason from the list');
  if (!primary && reasonRequired) add(errors, 'primaryReason', 'Select the main reason for leaving');
  const otherReasons = asArray(body.otherReasons).flatMap((value) => {
    const code = typeof value === 'string' ? oneOf(EXIT_REASONS, value) : null;
    return code && code !== primaryReason ? [code] : [];
  });
  const wouldReturnText = field(body, 'wouldReturn');
  const wouldReturn = oneOf(WOULD_RETURN, wouldReturnText);
  if (wouldReturnText && !wouldReturn) add(errors, 'wouldReturn', 'Select yes, no or maybe');
  const comments = field(body, 'comments');
  if (comments.length > 5000) add(errors, 'comments', 'Comments must be 5,000 characters or fewer');
  return { primaryReason, otherReasons: [...new Set(otherReasons)], wouldReturn, counterOffer: yesNo(field(body, 'counterOffer')), comments: comments || null };
}

export function parseOfficerInterviewForm(body: Body): FormResult<InterviewFormValues> {
  const errors: FormErrors = { summary: [], fields: {} };
  const status = oneOf(EXIT_INTERVIEW_STATUSES, field(body, 'status'));
  if (!status) add(errors, 'status', 'Select whether the interview was completed, declined or not offered');
  const dateText = field(body, 'interviewDate');
  let interviewDate: string | null = null;
  if (dateText) {
    const parsed = parseDate(dateText);
    if (parsed.ok) interviewDate = parsed.value;
    else add(errors, 'interviewDate', 'Enter the interview date as a real date, for example 14/01/2026');
  } else if (status === 'completed') add(errors, 'interviewDate', 'Enter the date of the interview');
  const channelText = field(body, 'channel');
  const channel = oneOf(EXIT_CHANNELS, channelText);
  if (channelText && !channel) add(errors, 'channel', 'Select how the interview was held');
  const shared = answers(body, errors, status === 'completed');
  const value = { status: status ?? 'completed', interviewDate, channel, ...shared, regrettable: yesNo(field(body, 'regrettable')) };
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value };
}

export function parseLeaverInterviewForm(body: Body): FormResult<ReturnType<typeof answers>> {
  const errors: FormErrors = { summary: [], fields: {} };
  const value = answers(body, errors, true);
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** What the form shows: stored values, or what was typed when it comes back with errors. */
export function formValues(body: Body): Record<string, unknown> {
  return { ...body, otherReasons: asArray(body.otherReasons) };
}
