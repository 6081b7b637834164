import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setSessionAuthority } from '../../db/sessions.ts';
import { safeNextPath } from '../auth.ts';
import { validateForm } from '../forms.ts';

/** Choosing which authority to look at, for users bound to several. Kept in the session. */
export function register(app: FastifyInstance): void {
  app.get('/authority', { config: { access: 'viewer' } }, async (request, reply) => {
    const next = safeNextPath((request.query as { next?: unknown }).next);
    return reply.page('authority.njk', { title: 'Choose an authority', next });
  });

  app.post('/authority', { config: { access: 'viewer' } }, async (request, reply) => {
    const form = validateForm(
      z.object({
        authority: z.string({ error: 'Select an authority' }).refine((code) => request.authorities.some((a) => a.code === code), 'Select an authority'),
        next: z.string().optional(),
      }),
      request.body,
    );
    if (!form.ok) {
      return reply.code(400).page('authority.njk', { title: 'Choose an authority', errors: form.errors });
    }
    if (request.session) await setSessionAuthority(app.db, request.session.idHash, form.value.authority);
    // Looking at another authority changes no data, so it is not an audit entry.
    request.audited = true;
    return reply.redirect(safeNextPath(form.value.next) ?? '/dashboard', 303);
  });
}
