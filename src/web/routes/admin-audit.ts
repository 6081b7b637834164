import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../db/audit.ts';

const PAGE_SIZE = 50;

/** The audit log, newest first: every sign-in and every change to data. */
export function register(app: FastifyInstance): void {
  app.get('/admin/audit', { config: { access: 'admin' } }, async (request, reply) => {
    const query = request.query as { page?: unknown; action?: unknown };
    // Past the last page shows an empty page; a page number no log could reach is the first page.
    const page = typeof query.page === 'string' && /^\d{1,7}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
    const action = (typeof query.action === 'string' && query.action.trim().slice(0, 200)) || undefined;
    const { entries, total } = await listAudit(app.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, action });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (n: number) => `/admin/audit?page=${n}${action ? `&action=${encodeURIComponent(action)}` : ''}`;
    return reply.page('admin/audit.njk', {
      title: 'Audit log',
      entries,
      total,
      action,
      pagination: {
        ...(page > 1 ? { previous: { href: link(page - 1) } } : {}),
        ...(page < pages ? { next: { href: link(page + 1) } } : {}),
        items: pageNumbers(page, pages).map((n) => (n === null ? { ellipsis: true } : { number: n, href: link(n), current: n === page })),
      },
    });
  });
}

/** First, last, and the current page with its neighbours; gaps become ellipses. */
function pageNumbers(current: number, last: number): (number | null)[] {
  const wanted = [...new Set([1, current - 1, current, current + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of wanted) {
    if (out.length > 0 && n - (out[out.length - 1] as number) > 1) out.push(null);
    out.push(n);
  }
  return out;
}
