import type { z } from 'zod';
import { RetainError, type ErrorCode } from '../../errors.ts';

/** Which code a bad query parameter answers with: the year and date have their own. */
const PARAMETER_CODES: Record<string, ErrorCode> = { year: 'invalid_year', date: 'invalid_date', on: 'invalid_date' };

/**
 * Parses a query string with zod, or throws a 400 naming the first bad parameter, e.g.
 * `{ code: 'invalid_year', detail: 'year: give the census year as four digits, e.g. 2024' }`.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'query');
  throw new RetainError(PARAMETER_CODES[name] ?? 'invalid_parameter', `${name}: ${issue?.message ?? 'not valid'}`);
}
