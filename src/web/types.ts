import type { Environment } from 'nunjucks';
import type { Db } from '../db/database.ts';
import type { Flash } from '../db/schema.ts';
import type { SessionRecord } from '../db/sessions.ts';
import type { User } from '../db/users.ts';
import type { PdfRenderer } from '../reports/pdf.ts';
import type { Access } from './auth.ts';

/** An authority as the web app shows it. */
export interface AuthorityChoice {
  code: string;
  name: string;
}

/** One registered route, as the access test and the navigation see it. */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

export interface WebSettings {
  /** Send cookies with `Secure`. Off only for plain-http deployments (see docs in app.ts). */
  secureCookies: boolean;
  /** The cookies' names: `__Host-` prefixed when they are secure (see cookieNames in session.ts). */
  cookies: { session: string; csrf: string };
  signInAttemptsPerMinute: number;
  /** While this returns text, every page shows it with a link to refresh (the demo loading on first start). */
  startupNotice: () => string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may reach the route; every route must say. See `Access` in auth.ts. */
    access?: Access;
    /** Skip loading the session (static assets). */
    skipAuth?: boolean;
  }

  interface FastifyInstance {
    db: Db;
    webSettings: WebSettings;
    /** Every route registered, with its access level (HEAD and static files left out). */
    routeTable: RouteInfo[];
    /**
     * For routes a third-party plugin adds (e.g. OpenAPI docs), which cannot carry `config.access`:
     * routes under `prefix` registered after this call get `access`. Prefer `config.access`.
     */
    defaultAccess(prefix: string, access: Access): void;
    views: Environment;
    /** The app's one PDF printer (Chromium), started on first use; see pdf.ts. */
    pdfRenderer(): PdfRenderer;
  }

  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: User | null;
    /** The browser session, when signed in with a cookie (not with an API token). */
    session: SessionRecord | null;
    authVia: 'session' | 'token' | null;
    /** Authorities the user may see: all of them for admins, the ones they are bound to otherwise. */
    authorities: AuthorityChoice[];
    /** The authority the user is looking at: `?authority=` or `:authority` when given, else the one kept in the session, else the first. */
    authority: AuthorityChoice | null;
    /** Set once the handler has written its own audit entry, so the fallback entry is not written too. */
    audited: boolean;
    /** Writes an audit log entry for this user and request. */
    audit(action: string, options?: { authorityCode?: string | null; details?: Record<string, unknown> }): Promise<void>;
    /** Keeps a message for the next page (post/redirect/get). Needs a session. */
    flash(flash: Flash): Promise<void>;
    cspNonce: string;
  }

  interface FastifyReply {
    /** Renders a view inside the layout, with the user, navigation, CSRF token and flash filled in. */
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  }
}
