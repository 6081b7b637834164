import type { FastifyInstance } from 'fastify';

export function register(app: FastifyInstance): void {
  app.get('/', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/dashboard', 303));
}
