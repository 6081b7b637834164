import type { FastifyInstance } from 'fastify';
import { openApiDocument } from './openapi.ts';
import { API_PREFIX } from './routes.ts';

/**
 * The API's description: the OpenAPI document as JSON, and /api, a page for people saying how to
 * authenticate and listing the endpoints. Both public: they describe the API and hold no data.
 */
export function register(app: FastifyInstance): void {
  const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: `${API_PREFIX}${path}`,
      summary: operation.summary,
      analystOnly: operation.tags.includes('Data'),
    })),
  );

  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(openApiDocument),
  );

  app.get('/api', { config: { access: 'public' } }, async (request, reply) => {
    const origin = `${request.protocol}://${request.host}`;
    return reply.page('api.njk', { title: 'Retain API', endpoints, origin, openApiUrl: `${API_PREFIX}/openapi.json` });
  });
}
