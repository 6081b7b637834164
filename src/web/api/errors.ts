import type { z } from 'zod';
import { httpError, type HttpError } from '../errors.ts';

/**
 * The API's error codes. Clients branch on `code`, so these never change meaning; the message is
 * for people. The error handler in app.ts sends them as `{ error: { code, message } }`.
 */
export const API_ERROR_CODES = [
  'invalid_year',
  'invalid_date',
  'invalid_parameter',
  'unauthenticated',
  'forbidden',
  'no_authority',
  'not_found',
  'rate_limited',
  'internal_error',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export function apiError(statusCode: number, code: ApiErrorCode, message: string): HttpError {
  return httpError(statusCode, code, message);
}

/** Which code a bad query parameter answers with: the year and date have their own. */
const PARAMETER_CODES: Record<string, ApiErrorCode> = { year: 'invalid_year', date: 'invalid_date', on: 'invalid_date' };

/**
 * Parses a query string with zod, or throws a 400 naming the first bad parameter, e.g.
 * `{ code: 'invalid_year', message: 'year: give the census year as four digits, e.g. 2024' }`.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'query');
  throw apiError(400, PARAMETER_CODES[name] ?? 'invalid_parameter', `${name}: ${issue?.message ?? 'not valid'}`);
}
