import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { canSeePersonalData, roleAllows, ROLE_NAMES, type Access } from './auth.ts';
import { csrfTokenFor } from './access.ts';
import { takeFlash } from './session.ts';
import { sharedViewId } from '../reports/shared-views.ts';

const require = createRequire(import.meta.url);

// The `pounds` filter's format, as review-documents.ts writes pounds: imported from there, it
// brought the docx library into every start of the web app.
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
export const VIEWS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'views');
/** node_modules/govuk-frontend/dist, so templates can `{% from "govuk/components/.../macro.njk" import ... %}`. */
export const GOVUK_FRONTEND_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** The service navigation. An item shows when the user's role allows it and its page exists. */
export interface NavItem {
  text: string;
  href: string;
  access: Access;
  /** Paths that mark the item as the current section; defaults to `href`. */
  section?: string;
}

export const NAVIGATION: NavItem[] = [
  { text: 'Dashboard', href: '/dashboard', access: 'viewer' },
  { text: 'Workforce', href: '/workforce', access: 'analyst' },
  { text: 'Agency', href: '/agency', access: 'viewer' },
  { text: 'Recruitment', href: '/recruitment', access: 'viewer' },
  { text: 'Caseloads', href: '/caseloads', access: 'viewer' },
  { text: 'Retention', href: '/retention', access: 'viewer' },
  { text: 'Early warning', href: '/early-warning', access: 'viewer' },
  { text: 'Leavers', href: '/leavers', access: 'viewer' },
  { text: 'Surveys', href: '/surveys', access: 'viewer' },
  { text: 'Imports', href: '/imports', access: 'analyst' },
  { text: 'Reviews', href: '/reviews', access: 'viewer' },
  { text: 'Settings', href: '/settings', access: 'analyst' },
  { text: 'Pay', href: '/pay', access: 'analyst', section: '/pay' },
  { text: 'Scenarios', href: '/scenarios', access: 'analyst' },
  { text: 'Admin', href: '/admin/users', access: 'admin', section: '/admin' },
];

export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const dateTime = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  /** `24 November 2026 at 09:54` (UK time), the GOV.UK style. */
  env.addFilter('dateTime', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    return dateTime.format(new Date(value as string)).replace(', ', ' at ');
  });
  /** A 'YYYY-MM-DD' date as `30 September 2024`. */
  env.addFilter('date', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    return date.format(new Date(typeof value === 'string' && value.length === 10 ? `${value}T00:00:00Z` : (value as string)));
  });
  /** 250000 as `£250,000`, as the review documents print it. */
  env.addFilter('pounds', (value: unknown) => (typeof value === 'number' ? POUNDS.format(value) : ''));
  /** A stored 'YYYY-MM-DD' as typed in a form, `14/01/2026`; anything else (what someone typed) as it is. */
  env.addFilter('formDate', (value: unknown) => {
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
  });
  env.addFilter('roleName', (role: keyof typeof ROLE_NAMES) => ROLE_NAMES[role] ?? role);
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  /** A number to one decimal place always (75.0, not 75). */
  env.addFilter('oneDecimal', (value: unknown) => (typeof value === 'number' ? value.toFixed(1) : ''));
  /** `{ email: 'a@b', authorities: ['202'] }` as `email: a@b; authorities: 202`. */
  env.addFilter('auditDetails', (details: Record<string, unknown> | null) =>
    Object.entries(details ?? {})
      .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
      .join('; '),
  );
  return env;
}

export function renderView(env: nunjucks.Environment, template: string, context: object): Promise<string> {
  return new Promise((resolve, reject) => {
    env.render(template, context, (error, html) => (error ? reject(error) : resolve(html ?? '')));
  });
}

/** Adds `reply.page(template, data)`. Status codes are set with `reply.code()` before it. */
export function registerPages(app: FastifyInstance): void {
  app.decorate('views', createViews());
  const pages = new PageCache(PAGE_CACHE_BYTES);
  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const context = { ...(await layoutContext(app, this.request, this)), ...data };
    const html = Object.values(data).some((value) => sharedViewId(value) !== undefined)
      ? await pages.render(template, context, () => renderView(app.views, template, { ...context, csrfToken: CSRF_SLOT, cspNonce: NONCE_SLOT }))
      : await renderView(app.views, template, context);
    return this.type('text/html; charset=utf-8').send(html);
  });
}

/**
 * Reusing rendered pages. A page whose data holds a shared view (src/reports/shared-views.ts: the
 * dashboard's, built once per data version) is rendered once for each distinct set of inputs,
 * with markers where the per-request parts go, and then served by filling in this request's CSRF
 * token and CSP nonce: Nunjucks costs far more than the queries. The key is the template and
 * every other input (the signed-in user, their authorities, the navigation, the URL, the flash,
 * the page's own data) as JSON, with each shared view by its identity, so any change to an input
 * renders afresh; a new data version is a new view. Entries are kept least recently used first,
 * up to a total size.
 */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024;
// Letters and digits only, so that autoescaping leaves them as they are.
const CSRF_SLOT = 'retainslotcsrf7d41c9';
const NONCE_SLOT = 'retainslotnonce3b8e52';
const SLOTS = new RegExp(`(${CSRF_SLOT}|${NONCE_SLOT})`);

interface CachedPage {
  /** The HTML split at the slots: text, slot name, text, slot name, ..., text. */
  parts: string[];
  size: number;
}

class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  async render(template: string, context: Record<string, unknown>, draw: () => Promise<string>): Promise<string> {
    const key = `${template}\u0000${JSON.stringify(context, (name, value: unknown) => {
      if (name === 'csrfToken' || name === 'cspNonce') return undefined;
      const id = sharedViewId(value);
      return id === undefined ? value : `#shared-view-${id}`;
    })}`;
    let page = this.entries.get(key);
    if (page) {
      this.entries.delete(key);
    } else {
      const html = await draw();
      page = { parts: html.split(SLOTS), size: html.length * 2 + key.length * 2 };
      this.bytes += page.size;
      while (this.bytes > this.maxBytes && this.entries.size > 0) {
        const [oldestKey, oldest] = this.entries.entries().next().value!;
        this.entries.delete(oldestKey);
        this.bytes -= oldest.size;
      }
    }
    this.entries.set(key, page);
    const csrf = String(context.csrfToken ?? '');
    const nonce = String(context.cspNonce ?? '');
    let html = '';
    for (const [index, part] of page.parts.entries()) html += index % 2 === 0 ? part : part === CSRF_SLOT ? csrf : nonce;
    return html;
  }
}

/**
 * What every page gets. Templates extend "layout.njk" and may use: `title` (the page's h1 and
 * <title>), `errors` (FormErrors, for the error summary), `user`, `authority`, `authorities`,
 * `csrfToken`, `flash`, `canSeePersonalData`, `currentPath`, `cspNonce`.
 */
async function layoutContext(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const user = request.user;
  const currentPath = request.url.split('?')[0] ?? '/';
  const navigation = NAVIGATION.filter(
    (item) => user && roleAllows(user.role, item.access) && app.hasRoute({ method: 'GET', url: item.href }),
  ).map((item) => {
    const section = item.section ?? item.href;
    const active = currentPath === section || currentPath.startsWith(`${section}/`);
    return { text: item.text, href: item.href, active };
  });
  return {
    user,
    authority: request.authority,
    authorities: request.authorities,
    canSeePersonalData: canSeePersonalData(user),
    csrfToken: csrfTokenFor(app, request, reply),
    flash: await takeFlash(app, request),
    navigation,
    currentPath,
    currentUrl: request.url,
    cspNonce: request.cspNonce,
    startupNotice: app.webSettings.startupNotice(),
  };
}
