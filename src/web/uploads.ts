import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from './auth.ts';
import { forbidden } from './errors.ts';

/**
 * File uploads for the routes of one module (imports, review evidence), with that module's limits.
 * Only a signed-in analyst's multipart body is read: @fastify/multipart parses uploads before the
 * access check (preHandler) runs, so without this anyone could make the server buffer the files.
 */
export async function registerUploads(app: FastifyInstance, limits: { fileSize: number; fields: number }): Promise<void> {
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.isMultipart()) return;
    if (!request.user) return reply.redirect('/sign-in', 303);
    if (!roleAllows(request.user.role, 'analyst')) throw forbidden();
  });
  await app.register(multipart, {
    attachFieldsToBody: true,
    // Over the size limit the file arrives truncated and the form says so, rather than an error page.
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileSize, files: 1, fields: limits.fields, parts: limits.fields + 1 },
  });
}
