import type { z } from 'zod';
import { joinDateParts } from './date-fields.ts';

/** Errors shaped for the GOV.UK error summary (`summary`) and each field's error message (`fields`). */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/**
 * Validates a form body with zod. The first message per field wins; the summary links to the
 * field by id, so give each input `id` = its name (GOV.UK macros do for the first radio/checkbox).
 */
export function validateForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  // Dates asked as three boxes (GOV.UK's date input) are read as one field.
  const parsed = schema.safeParse(joinDateParts(body) ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FormErrors = { summary: [], fields: {} };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors.fields[field]) continue;
    errors.fields[field] = { text: issue.message };
    errors.summary.push({ text: issue.message, href: `#${field}` });
  }
  return { ok: false, errors };
}

/** One error, for checks made after validation (e.g. "email already used"). */
export function formError(field: string, text: string): FormErrors {
  return { summary: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}

/** Checkbox groups arrive as a string, an array or nothing; this makes them an array. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}
