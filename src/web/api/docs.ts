import type { FastifyInstance } from 'fastify';
import type { ErrorCode } from '../../errors.ts';
import { HTTP_PROBLEMS } from '../problems.ts';
import { openApiDocument } from './openapi.ts';
import { API_PREFIX } from './routes.ts';

/** The codes an API client can meet, with what each means; the problem's `type` points at its row on /api. */
const API_PROBLEMS: [ErrorCode, string][] = [
  ['invalid_year', 'The year is missing or not valid: a census year is 4 digits (the census return: a year Retain holds its schema for); a municipal year is 2025/26 or 2025'],
  ['invalid_date', 'A date is missing or not a real date written YYYY-MM-DD'],
  ['invalid_parameter', 'Another query parameter is not valid; the detail names it'],
  ['bad_request', 'The request holds something not allowed (such as a NUL byte)'],
  ['unauthenticated', 'No session and no valid token'],
  ['forbidden', 'Your role cannot use this, or you do not belong to that authority'],
  ['no_authority', 'You do not belong to any authority yet'],
  ['not_found', 'No such address or record'],
  ['rate_limited', 'Too many requests; wait and try again'],
  ['internal_error', 'Something went wrong in Retain; try again later'],
  ['database_unavailable', 'Retain lost its database connection; nothing was saved, try again'],
];

/**
 * The API's description: the OpenAPI document as JSON, and /api, a page for people saying how to
 * authenticate, listing the endpoints and the error codes. Both public: they describe the API and hold no data.
 */
export function register(app: FastifyInstance): void {
  const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: `${API_PREFIX}${path}`,
      summary: operation.summary,
    })),
  );
  const problems = API_PROBLEMS.map(([code, meaning]) => ({ code, meaning, status: HTTP_PROBLEMS[code].status }));

  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(openApiDocument));

  app.get('/api', { config: { access: 'public' } }, async (request, reply) => {
    const origin = `${request.protocol}://${request.host}`;
    return reply.page('api.njk', { title: 'Retain API', endpoints, problems, origin, openApiUrl: `${API_PREFIX}/openapi.json` });
  });
}
