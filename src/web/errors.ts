/**
 * Errors a route may throw. The error handler in app.ts turns them into a GOV.UK page, or JSON
 * under /api. `code` is stable, for API clients and tests.
 */
export interface HttpError extends Error {
  statusCode: number;
  code: string;
}

export function httpError(statusCode: number, code: string, message: string): HttpError {
  return Object.assign(new Error(message), { statusCode, code });
}

export const badRequest = (message = 'The request could not be understood.') => httpError(400, 'bad_request', message);
export const unauthenticated = (message = 'Sign in to continue.') => httpError(401, 'unauthenticated', message);
export const forbidden = (message = 'You do not have permission to see this page.') => httpError(403, 'forbidden', message);
export const notFound = (message = 'Page not found.') => httpError(404, 'not_found', message);
export const csrfRejected = () =>
  httpError(403, 'csrf', 'This form has expired or did not come from Retain. Go back, reload the page and try again.');
