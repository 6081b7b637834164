import { z } from 'zod';
import {
  ACTION_STATUSES,
  FOCUS_GROUPS,
  IMPLEMENTATION_STATUSES,
  INDICATOR_MEASURES,
  METHODS,
  RESPONSES,
  SWOT,
  type IndicatorGroup,
  type InformationItem,
  type Minutes,
  type ReviewScope,
} from '../domain/reviews.ts';
import { parseDate } from '../imports/values.ts';
import { ROLE_CODES } from '../domain/codes.ts';
import { joinDateParts } from './date-fields.ts';
import { asArray, type FormErrors, type FormResult } from './forms.ts';

/**
 * The review forms. Repeating parts (indicators, risks, key dates, information items, agenda items)
 * are numbered fields (`indicator_description_0`, ...) so the forms work without JavaScript: the
 * page shows the rows held plus a few blank ones, and a blank row is dropped.
 */

export const text = (max: number, label: string) => z.string().trim().max(max, `${label} must be ${max} characters or fewer`);

/** An email address as a form takes one: something@somewhere.tld, no spaces or brackets. */
export const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** An email address that may be left out (a form without the field gives ''). */
export const optionalEmail = () =>
  z.preprocess(
    (value) => value ?? '',
    text(254, 'Email').refine((value) => value === '' || EMAIL.test(value), 'Enter an email address in the right format, like name@council.gov.uk'),
  );
/**
 * A date typed as people in councils write them: 14/01/2026, 14 January 2026 or 2026-01-14 (the
 * import's date reader, less Excel serial numbers, which nobody types). Kept as 'YYYY-MM-DD'.
 */
export const isoDate = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .transform((value, context) => {
      const parsed = /^\d+(\.\d+)?$/.test(value) ? null : parseDate(value);
      if (parsed?.ok) return parsed.value;
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
export const optionalDate = (message: string) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), isoDate(message).optional()).transform((v) => v ?? null);
/**
 * What is wrong with a number as typed, in plain words (issue 15, item 7): a % sign or a number in
 * words is named as such, rather than zod's "expected number, received NaN".
 */
export function numberProblem(typed: string, what: string, example: string): string {
  if (typed.includes('%')) return `Enter ${what} without the % sign, like ${example}`;
  if (/^[a-z][a-z\s-]*$/i.test(typed)) return `Enter ${what} in digits, like ${example}, not in words`;
  return `Enter ${what} as a number, like ${example}`;
}

/**
 * An optional number: empty is null; thousands commas and a leading £ (money) are allowed; anything
 * else is refused with numberProblem's words. `whole`: a whole number, within `min` and `max`.
 */
export const optionalNumber = (what: string, example: string, options: { whole?: boolean; min?: number; max?: number; tooSmall?: string; tooBig?: string } = {}) =>
  z.unknown().transform((value, context) => {
    const typed = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
    if (typed === '') return null;
    const cleaned = typed
      .replace(/^£\s*/, '')
      .replace(/,(?=\d{3}\b)/g, '')
      .replace(/\s+/g, '');
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) {
      context.addIssue({ code: 'custom', message: numberProblem(typed, what, example) });
      return z.NEVER;
    }
    const number = Number(cleaned);
    const problem =
      options.whole && !Number.isInteger(number)
        ? `Enter ${what} as a whole number, like ${example}`
        : options.min !== undefined && number < options.min
          ? (options.tooSmall ?? `Enter ${what} of ${options.min} or more`)
          : options.max !== undefined && number > options.max
            ? (options.tooBig ?? `Enter ${what} of ${options.max} or fewer`)
            : null;
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return number;
  });

type Body = Record<string, unknown>;

function field(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/** Lines of a textarea, trimmed, blanks dropped. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The indexes of numbered rows present in the body (`prefix_0`, `prefix_1` ...), in order. */
export function rowIndexes(body: Body, prefixes: string[]): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(body)) {
    for (const prefix of prefixes) {
      const match = key.startsWith(`${prefix}_`) ? /^(\d+)$/.exec(key.slice(prefix.length + 1)) : null;
      if (match) found.add(Number(match[1]));
    }
  }
  return [...found].sort((a, b) => a - b);
}

function collect(errors: FormErrors, id: string, message: string): void {
  if (errors.fields[id]) return;
  errors.fields[id] = { text: message };
  errors.summary.push({ text: message, href: `#${id}` });
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, id: string, errors: FormErrors): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  collect(errors, id, parsed.error.issues[0]?.message ?? 'Enter a valid value');
  return undefined;
}

/**
 * Who an indicator is tracked for (issue 15): '' the whole council, `team:NAME` or `role:CODE`, as
 * the scope form's select offers them.
 */
const indicatorGroup = (i: number) =>
  z.string().transform((value, context): IndicatorGroup | null => {
    if (value === '') return null;
    const [by, ...rest] = value.split(':');
    const name = rest.join(':').trim();
    if (by === 'team' && name !== '' && name.length <= 255) return { by, name };
    if (by === 'role' && (ROLE_CODES as readonly string[]).includes(name)) return { by, name };
    context.addIssue({ code: 'custom', message: `Select who indicator ${i + 1} is for from the list: the whole council, a team or a role` });
    return z.NEVER;
  });

export interface ScopeForm {
  title: string;
  contactOfficer: string;
  scope: ReviewScope;
}

/** The scoping form: every section of the council's scoping document. */
export function parseScopeForm(posted: Body): FormResult<ScopeForm> {
  const body = joinDateParts(posted);
  const errors: FormErrors = { summary: [], fields: {} };
  const title = parseWith(text(200, 'Title').min(1, 'Enter the review’s title'), field(body, 'title'), 'title', errors) ?? '';
  const longText = (name: string, label: string) => parseWith(text(10_000, label), field(body, name), name, errors) ?? '';

  const indicators: ReviewScope['indicators'] = [];
  for (const i of rowIndexes(body, ['indicator_description', 'indicator_measure', 'indicator_baseline', 'indicator_target', 'indicator_group'])) {
    const description = field(body, `indicator_description_${i}`).trim();
    const measureText = field(body, `indicator_measure_${i}`);
    const baselineText = field(body, `indicator_baseline_${i}`);
    const targetText = field(body, `indicator_target_${i}`);
    const groupText = field(body, `indicator_group_${i}`);
    if (!description && !measureText && !baselineText.trim() && !targetText.trim()) continue;
    const group = parseWith(indicatorGroup(i), groupText, `indicator_group_${i}`, errors);
    if (!description) collect(errors, `indicator_description_${i}`, `Enter what indicator ${i + 1} measures`);
    const measure =
      measureText === '' ? null : parseWith(z.enum(INDICATOR_MEASURES, { error: `Select a measure for indicator ${i + 1} from the list` }), measureText, `indicator_measure_${i}`, errors);
    const baseline = parseWith(optionalNumber(`indicator ${i + 1}’s baseline`, '18.5'), baselineText, `indicator_baseline_${i}`, errors);
    const target = parseWith(optionalNumber(`indicator ${i + 1}’s target`, '15'), targetText, `indicator_target_${i}`, errors);
    if (measure && target === null) collect(errors, `indicator_target_${i}`, `Enter a target for indicator ${i + 1}, or choose no measure`);
    indicators.push({ description, measure: measure ?? null, baseline: baseline ?? null, target: target ?? null, ...(group ? { group } : {}) });
  }

  const risks: ReviewScope['risks'] = [];
  for (const i of rowIndexes(body, ['risk', 'risk_management'])) {
    const risk = field(body, `risk_${i}`).trim();
    const management = field(body, `risk_management_${i}`).trim();
    if (!risk && !management) continue;
    if (!risk) collect(errors, `risk_${i}`, `Enter risk ${i + 1}, or clear how it is managed`);
    if (!management) collect(errors, `risk_management_${i}`, `Enter how risk ${i + 1} is managed`);
    risks.push({ risk, management });
  }

  const keyDates: ReviewScope['keyDates'] = [];
  for (const i of rowIndexes(body, ['key_date', 'key_date_event'])) {
    const dateText = field(body, `key_date_${i}`).trim();
    const event = field(body, `key_date_event_${i}`).trim();
    if (!dateText && !event) continue;
    const date = parseWith(isoDate(`Enter key date ${i + 1} as a real date, for example 31/03/2026`), dateText, `key_date_${i}`, errors);
    if (!event) collect(errors, `key_date_event_${i}`, `Enter what happens on key date ${i + 1}`);
    keyDates.push({ date: date ?? dateText, event });
  }

  const methods = parseWith(z.array(z.enum(METHODS, { error: 'Select methods from the list' })), asArray(body.methods), 'methods', errors) ?? [];
  const focusGroups = parseWith(z.array(z.enum(FOCUS_GROUPS, { error: 'Select focus groups from the list' })), asArray(body.focusGroups), 'focusGroups', errors) ?? [];
  const anticipatedMeetings = parseWith(
    optionalNumber('the number of meetings', '5', { whole: true, min: 1, max: 50, tooSmall: 'Enter at least 1 meeting', tooBig: 'Enter 50 meetings or fewer' }),
    field(body, 'anticipatedMeetings').trim(),
    'anticipatedMeetings',
    errors,
  );

  const scope: ReviewScope = {
    objectives: lines(longText('objectives', 'Objectives')),
    indicators,
    evaluationDate: parseWith(optionalDate('Enter the evaluation date as a real date, for example 31/03/2027'), field(body, 'evaluationDate').trim(), 'evaluationDate', errors) ?? null,
    inScope: longText('inScope', 'What is in scope'),
    excluded: longText('excluded', 'What is excluded'),
    linkedStrategies: longText('linkedStrategies', 'Linked strategies'),
    methods,
    focusGroups,
    otherMethods: longText('otherMethods', 'Other methods'),
    risks,
    equalityImplications: longText('equalityImplications', 'Equality and diversity implications'),
    keyDates: keyDates.sort((a, b) => a.date.localeCompare(b.date)),
    anticipatedMeetings: anticipatedMeetings ?? null,
    scrutinyBoard: parseWith(text(200, 'Scrutiny board'), field(body, 'scrutinyBoard'), 'scrutinyBoard', errors) ?? '',
    cabinetPortfolios: parseWith(text(500, 'Cabinet member portfolios'), field(body, 'cabinetPortfolios'), 'cabinetPortfolios', errors) ?? '',
    reportingDate: parseWith(optionalDate('Enter the reporting date as a real date, for example 30/06/2026'), field(body, 'reportingDate').trim(), 'reportingDate', errors) ?? null,
    reportingRoute: longText('reportingRoute', 'Reporting route'),
    reportOf: parseWith(text(200, 'Report of'), field(body, 'reportOf'), 'reportOf', errors) ?? '',
    communications: longText('communications', 'Communications involvement'),
  };
  const contactOfficer = parseWith(text(300, 'Contact officer'), field(body, 'contactOfficer'), 'contactOfficer', errors) ?? '';
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value: { title, contactOfficer, scope } };
}

export interface MeetingForm {
  date: string;
  subject: string;
  informationRequired: InformationItem[];
  officersAttending: string[];
}

export function parseMeetingForm(posted: Body): FormResult<MeetingForm> {
  const body = joinDateParts(posted);
  const errors: FormErrors = { summary: [], fields: {} };
  const date = parseWith(isoDate('Enter the meeting date as a real date, for example 14/01/2026'), field(body, 'date').trim(), 'date', errors) ?? '';
  const subject = parseWith(text(300, 'Subject').min(1, 'Enter what the meeting is about'), field(body, 'subject'), 'subject', errors) ?? '';
  const informationRequired: InformationItem[] = [];
  for (const i of rowIndexes(body, ['info_item', 'info_officer'])) {
    const item = field(body, `info_item_${i}`).trim();
    const officer = field(body, `info_officer_${i}`).trim();
    if (!item && !officer) continue;
    if (!item) collect(errors, `info_item_${i}`, `Enter the information needed in row ${i + 1}, or clear the officer`);
    if (!officer) collect(errors, `info_officer_${i}`, `Enter the officer responsible for “${item}”`);
    informationRequired.push({ item, officer });
  }
  const officersAttending = lines(field(body, 'officersAttending'));
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value: { date, subject, informationRequired, officersAttending } };
}

export function parseMinutesForm(body: Body): FormResult<Minutes> {
  const errors: FormErrors = { summary: [], fields: {} };
  const items: Minutes['items'] = [];
  for (const i of rowIndexes(body, ['item_title', 'item_notes', 'item_resolutions'])) {
    const title = field(body, `item_title_${i}`).trim();
    const notes = field(body, `item_notes_${i}`).trim();
    const resolutions = field(body, `item_resolutions_${i}`).trim();
    if (!title && !notes && !resolutions) continue;
    if (!title) collect(errors, `item_title_${i}`, `Enter a title for item ${i + 1}`);
    items.push({ title, notes, resolutions });
  }
  const present = lines(field(body, 'present'));
  if (present.length === 0) collect(errors, 'present', 'Enter who was present, one name per line');
  const minutes = { present, officers: lines(field(body, 'officers')), apologies: lines(field(body, 'apologies')), items };
  return errors.summary.length > 0 ? { ok: false, errors } : { ok: true, value: minutes };
}

export const actionForm = z.object({
  description: text(1000, 'Action').min(1, 'Enter the action'),
  owner: text(200, 'Owner').min(1, 'Enter who owns the action'),
  ownerEmail: optionalEmail(),
  dueDate: isoDate('Enter the due date as a real date, for example 28/02/2026'),
  meetingId: z.preprocess((v) => (v === '' || v === undefined ? null : Number(v)), z.number().int().nullable()),
});

export const actionStatusForm = z.object({ status: z.enum(ACTION_STATUSES, { error: 'Select a status' }) });

export const actionEditForm = actionForm.extend(actionStatusForm.shape);

export const packForm = z.object({
  asOf: isoDate('Enter the date the figures are as of, for example 30/09/2025'),
  title: text(200, 'Title').min(1, 'Enter a title for the pack'),
  meetingId: z.preprocess((v) => (v === '' || v === undefined ? null : Number(v)), z.number().int().nullable()),
});

export const findingDecisionForm = z.object({
  decision: z.enum(['accept', 'reject'], { error: 'Choose accept or reject' }),
  statement: text(2000, 'Finding').min(1, 'Enter the finding'),
  swot: z.enum(SWOT, { error: 'Select strength, weakness, opportunity or threat' }),
});

export const newFindingForm = z.object({
  statement: text(2000, 'Finding').min(1, 'Enter the finding'),
  evidence: text(2000, 'Evidence'),
  swot: z.enum(SWOT, { error: 'Select strength, weakness, opportunity or threat' }),
});

export const recommendationForm = z.object({
  text: text(4000, 'Recommendation').min(1, 'Enter the recommendation'),
  addressedTo: text(300, 'Addressed to').min(1, 'Enter who the recommendation is to, for example the Cabinet Member for Children’s Services'),
  response: z.enum(RESPONSES, { error: 'Select the response' }),
  responseReasons: text(4000, 'Reasons'),
  decisionDate: optionalDate('Enter the decision date as a real date, for example 15/04/2026'),
  owner: text(200, 'Owner'),
  financialImplications: text(4000, 'Financial implications'),
  investmentPerYear: optionalNumber('the investment per year in pounds', '250000'),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES, { error: 'Select the implementation status' }),
  progressReviewDate: optionalDate('Enter the progress review date as a real date, for example 15/04/2027'),
  updateText: text(4000, 'Update'),
});

export const agreedForm = z.object({
  recommendationsAgreedOn: optionalDate('Enter the date the recommendations were agreed, for example 15/04/2026'),
});

export const evidenceKinds = ['document', 'focus_group', 'other_council_policy', 'survey', 'other'] as const;
export const EVIDENCE_KIND_LABELS: Record<(typeof evidenceKinds)[number], string> = {
  document: 'Document',
  focus_group: 'Focus group notes',
  other_council_policy: 'Another council’s policy',
  survey: 'Survey results',
  other: 'Other',
};
export const evidenceForm = z.object({
  kind: z.enum(evidenceKinds, { error: 'Select what kind of evidence this is' }),
  title: text(300, 'Title').min(1, 'Enter a title for the evidence'),
  notes: text(20_000, 'Notes'),
});
