import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from './errors.ts';

/**
 * Checks on what a request carries that hold for every route, before any handler reads it, so a
 * malformed value is a 404 or 400 rather than a database error (a 500 that names a PostgreSQL
 * error code):
 *
 * - Numeric ids in the path (`:id`, `:reviewId`, ... listed in INTEGER_PARAMS) are whole numbers
 *   from 1 to 2,147,483,647, the range of the `integer` columns they are looked up in. Anything
 *   else names nothing that can exist: 404. (`/reviews/99999999999` used to reach PostgreSQL and
 *   fail with 22003, "out of range for type integer".)
 * - No NUL byte anywhere in the query string or a form: PostgreSQL text cannot hold one (22021),
 *   and no honest form sends one: 400.
 *
 * Runs as a preHandler after the access check, so someone not signed in is still sent to sign in.
 */

/** Path parameters that are database ids (`integer` primary keys). Text ids (uploadId, workerId) are not listed. */
export const INTEGER_PARAMS = new Set(['id', 'reviewId', 'actionId', 'evidenceId', 'findingId', 'meetingId', 'packId', 'recommendationId']);

/** The largest PostgreSQL `integer`. */
export const MAX_DATABASE_ID = 2_147_483_647;

/** True for a path segment that can be a database id: digits only, 1 to MAX_DATABASE_ID, no leading zero. */
export function isDatabaseIdText(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= MAX_DATABASE_ID;
}

/** A number that can be a database id. */
export function isDatabaseId(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_DATABASE_ID;
}

export function registerRequestGuards(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (/%00|\u0000/i.test(request.url)) throw badRequest('The web address holds a character that is not allowed (a NUL byte).');
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (INTEGER_PARAMS.has(name) && !isDatabaseIdText(value)) throw notFound();
    }
    const multipart = /^multipart\//i.test(String(request.headers['content-type'] ?? ''));
    if (!multipart && holdsNul(request.body)) throw badRequest('The form holds a character that is not allowed (a NUL byte).');
  });
}

/** Whether any string in a parsed form or JSON body holds a NUL byte. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1));
}
