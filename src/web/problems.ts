import { isConnectionLost } from '../db/connection-errors.ts';
import { RetainError, type ErrorCode } from '../errors.ts';

/**
 * The one map from an error to what the web answers: an HTTP status and an RFC 9457 problem
 * (`application/problem+json` under /api, the error page elsewhere). `title` is the same for every
 * problem of a code (the page's heading); `detail` is this occurrence's message.
 */
export const HTTP_PROBLEMS: Record<ErrorCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: 'Sorry, there is a problem with your request' },
  unauthenticated: { status: 401, title: 'You need to sign in' },
  forbidden: { status: 403, title: 'You do not have permission to see this page' },
  csrf: { status: 403, title: 'This form has expired' },
  not_found: { status: 404, title: 'Page not found' },
  upload_not_found: { status: 404, title: 'Page not found' },
  too_large: { status: 413, title: 'The file is too large' },
  rate_limited: { status: 429, title: 'Too many attempts' },
  invalid_year: { status: 400, title: 'The census year is missing or not valid' },
  invalid_date: { status: 400, title: 'The date is missing or not valid' },
  invalid_parameter: { status: 400, title: 'A query parameter is not valid' },
  invalid_input: { status: 400, title: 'Sorry, there is a problem with your request' },
  usage: { status: 400, title: 'Sorry, there is a problem with your request' },
  checksum_mismatch: { status: 400, title: 'Sorry, there is a problem with your request' },
  conflict: { status: 409, title: 'This cannot be done as things stand' },
  no_authority: { status: 403, title: 'You do not have permission to see this page' },
  unknown_authority: { status: 404, title: 'Page not found' },
  ambiguous_authority: { status: 400, title: 'Sorry, there is a problem with your request' },
  no_figures: { status: 404, title: 'There are no figures for this' },
  incomplete_census_year: { status: 409, title: 'The census year is still in progress' },
  pdf_unavailable: { status: 503, title: 'The PDF is not available' },
  data_directory_in_use: { status: 503, title: 'Sorry, the service could not reach its database' },
  database_unavailable: { status: 503, title: 'Sorry, the service could not reach its database' },
  internal_error: { status: 500, title: 'Sorry, there is a problem with the service' },
};

/** RFC 9457 problem details, with Retain's stable `code` as an extension member. */
export interface Problem {
  /** `/api#problem-CODE`: the /api page lists each code (a relative reference, resolved against this server). */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
}

/** Codes for errors Fastify and its plugins raise with only a status (a body too large, a bad content type). */
const CODE_FOR_STATUS: Record<number, ErrorCode> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 413: 'too_large', 429: 'rate_limited' };

export type ProblemLog = 'error' | 'warn' | null;

/**
 * What to answer for anything a route threw, and whether to log it. A RetainError answers with its
 * code's status and its message. Otherwise: a lost database connection is 503 (nothing was saved);
 * a PostgreSQL data exception (SQLSTATE class 22: a value out of range, a NUL byte, a bad date)
 * that the route's checks missed is the request's fault, 400 (request-guards.ts catches the known
 * cases first; this is the safety net); an error Fastify raised with a 4xx status keeps it; the rest
 * is 500. Never the text of an unexpected error: it may hold SQL or personal data.
 */
export function problemFor(thrown: unknown): { problem: Problem; log: ProblemLog } {
  if (thrown instanceof RetainError) {
    const { status } = HTTP_PROBLEMS[thrown.code];
    return { problem: problemOf(thrown.code, thrown.message, status), log: status >= 500 ? 'error' : null };
  }
  const error = (thrown ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown };
  const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : undefined;
  if (statusCode === undefined && isConnectionLost(thrown)) {
    return {
      problem: problemOf('database_unavailable', 'The connection to the database was lost while this was being done, so nothing was saved. Try again.'),
      log: 'error',
    };
  }
  if (statusCode === undefined && typeof error.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code)) {
    return { problem: problemOf('bad_request', 'A value in the request is not valid.'), log: 'warn' };
  }
  if (statusCode !== undefined && statusCode < 500) {
    return { problem: problemOf(CODE_FOR_STATUS[statusCode] ?? 'bad_request', String(error.message ?? ''), statusCode), log: null };
  }
  return { problem: problemOf('internal_error', 'Try again later.', statusCode ?? 500), log: 'error' };
}

export function problemOf(code: ErrorCode, detail: string, status = HTTP_PROBLEMS[code].status): Problem {
  return { type: `/api#problem-${code}`, title: HTTP_PROBLEMS[code].title, status, detail, code };
}
