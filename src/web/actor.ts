import type { FastifyRequest } from 'fastify';
import type { Actor } from '../commands/actor.ts';

/**
 * The signed-in user as a command's actor. A command writes its own audit entry in its own
 * transaction, so the request is marked audited: the fallback entry (src/web/session.ts) would
 * only repeat it.
 */
export function actorOf(request: FastifyRequest): Actor {
  request.audited = true;
  return { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip };
}
