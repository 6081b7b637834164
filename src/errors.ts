/**
 * Retain's one error family. Every error a person is meant to read (on a page, from the API, from
 * the command line) is a RetainError with a stable `code`; the message is for people and may
 * change, the code never changes meaning. Each code is mapped once to an HTTP status and problem
 * JSON (src/web/problems.ts) and once to a CLI exit code (src/cli/errors.ts); both maps are typed
 * `Record<ErrorCode, ...>`, so a new code does not compile until it has both.
 *
 * Anything else thrown (a failed query, a bug) is unexpected: the web answers 500 without its
 * text, the CLI prints it with a hint to set RETAIN_DEBUG.
 *
 * No imports: the domain throws these too, and must stay free of I/O.
 */

export const ERROR_CODES = [
  // The request itself (web and API).
  'bad_request',
  'unauthenticated',
  'forbidden',
  'csrf',
  'not_found',
  'upload_not_found',
  'too_large',
  'rate_limited',
  // An API query parameter that is missing or not valid.
  'invalid_year',
  'invalid_date',
  'invalid_parameter',
  // Use cases and the domain.
  'invalid_input',
  'usage',
  'checksum_mismatch',
  'conflict',
  'no_authority',
  'unknown_authority',
  'ambiguous_authority',
  'no_figures',
  'incomplete_census_year',
  // The service's surroundings.
  'pdf_unavailable',
  'data_directory_in_use',
  'database_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class RetainError extends Error {
  readonly code: ErrorCode;
  /** Facts for code that handles the error (the census year, the lock holder); never shown as they are. */
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetainError';
    this.code = code;
    this.details = details;
  }
}

/** True for a RetainError, and (given codes) only one with one of them: `isRetainError(error, 'not_found')`. */
export function isRetainError(error: unknown, ...codes: ErrorCode[]): error is RetainError {
  return error instanceof RetainError && (codes.length === 0 || codes.includes(error.code));
}

// ---- Factories: one per code a use case throws, so the code and its usual wording stay together.

export const badRequest = (message = 'The request could not be understood.') => new RetainError('bad_request', message);
export const unauthenticated = (message = 'Sign in to continue.') => new RetainError('unauthenticated', message);
export const forbidden = (message = 'You do not have permission to see this page.') => new RetainError('forbidden', message);
export const notFound = (message = 'Page not found.') => new RetainError('not_found', message);
export const invalidInput = (message: string, details: Record<string, unknown> = {}) => new RetainError('invalid_input', message, details);
export const conflict = (message: string) => new RetainError('conflict', message);
export const noFigures = (message: string) => new RetainError('no_figures', message);
export const pdfUnavailable = (message: string) => new RetainError('pdf_unavailable', message);

/** No authority with this code: a mistyped `--authority`, or a council not imported yet. */
export function unknownAuthority(authorityCode: string, message = `No authority with code "${authorityCode}"`): RetainError {
  return new RetainError('unknown_authority', message, { authorityCode });
}

/** Several authorities and none named: the CLI asks for `--authority`. */
export function ambiguousAuthority(authorityCodes: readonly string[], message: string): RetainError {
  return new RetainError('ambiguous_authority', message, { authorityCodes });
}

/** No authority to act on: none in the database yet (CLI), or none the user is bound to (web). */
export const noAuthority = (message: string) => new RetainError('no_authority', message);
