import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dateParts } from './date-fields.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { canSeePersonalData, roleAllows, ROLE_NAMES, type Access } from './auth.ts';
import { csrfTokenFor } from './access.ts';
import { dateTime, longDate, oneDecimal, pounds } from '../domain/format.ts';
import { takeFlash } from './session.ts';
import { sharedViewId } from '../reports/shared-views.ts';

const require = createRequire(import.meta.url);

export const VIEWS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'views');
/** node_modules/govuk-frontend/dist, so templates can `{% from "govuk/components/.../macro.njk" import ... %}`. */
export const GOVUK_FRONTEND_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/**
 * GOV.UK Frontend's page template runs one inline script (it marks the body `js-enabled`). Its
 * hash goes in the Content Security Policy beside the request's nonce, as GOV.UK Frontend
 * documents: a page reused between requests (a shared view's) then needs no nonce in its markup,
 * so it can be sent as bytes already made. Worked out from the template installed, so it follows
 * an upgrade; null (pages then carry the nonce, as all fresh pages do) if the script is not found.
 */
export const GOVUK_INLINE_SCRIPT_HASH: string | null = (() => {
  const template = readFileSync(join(GOVUK_FRONTEND_DIST, 'govuk', 'template.njk'), 'utf8');
  const script = /<script[^>]*>(document\.body\.className[^<]*)<\/script>/.exec(template)?.[1];
  return script === undefined ? null : `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
})();

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
  { text: 'Census return', href: '/census-return', access: 'viewer' },
  { text: 'Tracker', href: '/tracker', access: 'viewer' },
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
  // Dates and money as src/domain/format.ts writes them everywhere (UK time for moments).
  /** `24 November 2026 at 09:54` (UK time), the GOV.UK style. */
  env.addFilter('dateTime', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    return dateTime(value as string | Date);
  });
  /** A 'YYYY-MM-DD' date as `30 September 2024`; a moment as the day it was in the UK. */
  env.addFilter('date', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    return longDate(value as string | Date);
  });
  /** 250000 as `£250,000`, as the review documents print it. */
  env.addFilter('pounds', (value: unknown) => (typeof value === 'number' ? pounds(value) : ''));
  /** A stored 'YYYY-MM-DD' as typed in a form, `14/01/2026`; anything else (what someone typed) as it is. */
  env.addFilter('formDate', (value: unknown) => {
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
  });
  // GOV.UK's three-box date input (src/web/date-fields.ts): `value | dateParts(raw, name)`.
  env.addFilter('dateParts', (value: unknown, raw?: Record<string, unknown> | null, name?: string) => dateParts(value, raw, name));
  env.addFilter('roleName', (role: keyof typeof ROLE_NAMES) => ROLE_NAMES[role] ?? role);
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  /** A number to one decimal place always (75.0, not 75). */
  env.addFilter('oneDecimal', (value: unknown) => (typeof value === 'number' ? oneDecimal(value) : ''));
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
  const pages = new PageCache(PAGE_CACHE_BYTES, FILLED_CACHE_BYTES);
  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const context = { ...(await layoutContext(app, this.request, this)), ...data };
    if (!Object.values(data).some((value) => sharedViewId(value) !== undefined)) {
      return this.type('text/html; charset=utf-8').send(await renderView(app.views, template, context));
    }
    // A page built from a shared view is the same for everyone with the same role and councils:
    // it is given the user's role and nothing else of them (no name, no email, no id), so one
    // user's page can never show another's details, and 50 users of a council share two pages.
    // Nor the nonce: GOV.UK's inline script is allowed by its hash (GOVUK_INLINE_SCRIPT_HASH), so
    // the page's bytes are the same for every request of a session and are kept filled in.
    const shared = { ...context, user: context.user ? { role: context.user.role } : null, ...(GOVUK_INLINE_SCRIPT_HASH ? { cspNonce: '' } : {}) };
    const html = await pages.render(template, shared, () => renderView(app.views, template, { ...shared, csrfToken: CSRF_SLOT, cspNonce: shared.cspNonce ? NONCE_SLOT : '' }));
    return this.type('text/html; charset=utf-8').send(html);
  });
}

/**
 * Reusing rendered pages. A page whose data holds a shared view (src/reports/shared-views.ts: the
 * dashboard's, built once per data version) is rendered once for each distinct set of inputs,
 * with markers where the per-request parts go, and then served by filling in this request's CSRF
 * token and CSP nonce: Nunjucks costs far more than the queries. The key is the template and
 * every other input (the user's role, their authorities, the navigation, the URL, the flash,
 * the page's own data) as JSON, with each shared view by its identity, so any change to an input
 * renders afresh; a new data version is a new view. Entries are kept least recently used first,
 * up to a total size.
 *
 * Filled in, a page is kept too, per session (its CSRF token), while its page stands: a reload
 * then sends bytes already made, as a static file would be sent. Copying a page's worth of bytes
 * for every request costs more, in garbage collection and in writing, than the rest of the
 * request. Pages whose markup takes the CSP nonce (none does today: scripts are files of our own)
 * are filled in afresh every time, since the nonce is new on every request.
 */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024;
const FILLED_CACHE_BYTES = 32 * 1024 * 1024;
// Letters and digits only, so that autoescaping leaves them as they are.
const CSRF_SLOT = 'retainslotcsrf7d41c9';
const NONCE_SLOT = 'retainslotnonce3b8e52';
const SLOTS = new RegExp(`(${CSRF_SLOT}|${NONCE_SLOT})`);

interface CachedPage {
  /** The HTML split at the slots, encoded once: text, slot name, text, ..., text. */
  parts: Array<Buffer | typeof CSRF_SLOT | typeof NONCE_SLOT>;
  /** Whether the nonce is in it, so that no filled copy may be kept. */
  takesNonce: boolean;
  size: number;
}

/** Least recently used first, up to a total size in bytes. */
class SizedCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number): void {
    const known = this.entries.get(key);
    if (known) this.bytes -= known.size;
    this.entries.delete(key);
    this.entries.set(key, { value, size });
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.entries.size > 0) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.size;
    }
  }
}

class PageCache {
  private readonly pages: SizedCache<CachedPage>;
  private readonly filled: SizedCache<Buffer>;

  constructor(pageBytes: number, filledBytes: number) {
    this.pages = new SizedCache(pageBytes);
    this.filled = new SizedCache(filledBytes);
  }

  /** The page with this request's CSRF token and nonce filled in. */
  async render(template: string, context: Record<string, unknown>, draw: () => Promise<string>): Promise<Buffer> {
    // Each input on its own: a shared view by its identity, anything else as JSON (without a
    // replacer, which would be called for every value of every input, on every request).
    let key = template;
    for (const [name, value] of Object.entries(context)) {
      if (name === 'csrfToken' || name === 'cspNonce') continue;
      const id = sharedViewId(value);
      key += `\u0000${name}=${id === undefined ? JSON.stringify(value) : `#shared-view-${id}`}`;
    }
    let page = this.pages.get(key);
    if (!page) {
      const html = await draw();
      const parts = html.split(SLOTS).map((part, index) => (index % 2 === 0 ? Buffer.from(part) : (part as typeof CSRF_SLOT | typeof NONCE_SLOT)));
      page = { parts, takesNonce: parts.includes(NONCE_SLOT), size: html.length + key.length * 2 };
      this.pages.set(key, page, page.size);
    }
    const csrf = String(context.csrfToken ?? '');
    // Filled copies are keyed on the page object, so a page rendered afresh never meets an old copy.
    const filledKey = `${pageIds.get(page) ?? pageIds.set(page, (nextPageId += 1)).get(page)}\u0000${csrf}`;
    const known = page.takesNonce ? undefined : this.filled.get(filledKey);
    if (known) return known;
    const nonce = Buffer.from(String(context.cspNonce ?? ''));
    const csrfBytes = Buffer.from(csrf);
    const html = Buffer.concat(page.parts.map((part) => (part === CSRF_SLOT ? csrfBytes : part === NONCE_SLOT ? nonce : part)));
    if (!page.takesNonce) this.filled.set(filledKey, html, html.length + filledKey.length * 2);
    return html;
  }
}

const pageIds = new WeakMap<CachedPage, number>();
let nextPageId = 0;

/** The navigation items a role may see whose pages exist: worked out once per app and role (pages are served only once the app is ready, when its routes are fixed). */
const navigationByRole = new WeakMap<FastifyInstance, Map<string, NavItem[]>>();
function navigationFor(app: FastifyInstance, role: Parameters<typeof roleAllows>[0] | undefined): NavItem[] {
  if (!role) return [];
  let byRole = navigationByRole.get(app);
  if (!byRole) navigationByRole.set(app, (byRole = new Map()));
  let items = byRole.get(role);
  if (!items) {
    items = NAVIGATION.filter((item) => roleAllows(role, item.access) && app.hasRoute({ method: 'GET', url: item.href }));
    byRole.set(role, items);
  }
  return items;
}

/**
 * What every page gets. Templates extend "layout.njk" and may use: `title` (the page's h1 and
 * <title>), `errors` (FormErrors, for the error summary), `user`, `authority`, `authorities`,
 * `csrfToken`, `flash`, `canSeePersonalData`, `currentPath`, `cspNonce`.
 */
async function layoutContext(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const user = request.user;
  const currentPath = request.url.split('?')[0] ?? '/';
  const navigation = navigationFor(app, user?.role).map((item) => {
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
