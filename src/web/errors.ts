import { RetainError } from '../errors.ts';

/**
 * The web's errors are the one family's (src/errors.ts), re-exported so routes import them from
 * beside themselves; the error handler in app.ts turns any of them into a GOV.UK page, or problem
 * JSON under /api (src/web/problems.ts). Only the web's own kinds are made here.
 */
export { badRequest, forbidden, notFound, unauthenticated } from '../errors.ts';

export const csrfRejected = () => new RetainError('csrf', 'This form has expired or did not come from Retain. Go back, reload the page and try again.');

export const rateLimited = (message: string) => new RetainError('rate_limited', message);
