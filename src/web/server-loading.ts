import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The page a first start serves while the demo council loads in a process of its own (see
 * src/cli/commands/serve-first-start.ts). It is a bare node:http server, not the web app: the
 * app's modules and the database are opened only once the loader has finished and given its
 * memory back, so the first page shows within a second and the server stays small meanwhile.
 * Every page answers "loading"; nothing is read or written, so there is nothing to sign in to.
 */

export interface LoadingServer {
  /** The port it listens on (the one the web app takes over). */
  port: number;
  /** Stops listening and ends its connections, so the web app can listen on the same port at once. */
  close(): Promise<void>;
}

/** Where the server listens: `port` (default `PORT`, else 3000) and `host` (default `HOST`, else 127.0.0.1). */
export function listenAddress(options: { port?: number | undefined; host?: string | undefined }): { port: number; host: string } {
  return { port: options.port ?? Number(process.env.PORT ?? 3000), host: options.host ?? process.env.HOST ?? '127.0.0.1' };
}

/** The address to print: localhost when listening on the loopback or every interface. */
export function serverUrl(host: string, port: number): string {
  return `http://${host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
}

export const LOADING_TEXT = 'Loading the demo council. Its figures appear here in a few seconds.';

// GOV.UK Frontend's stylesheet, so the page looks like the service (its fonts fall back to the system's).
const require = createRequire(import.meta.url);
const GOVUK_CSS_PATH = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk', 'govuk-frontend.min.css');

export function loadingPage(path: string): string {
  // The link reloads the page asked for: once the app is in, that page answers (or sends to sign in).
  const href = path.startsWith('/') && !path.startsWith('//') ? path.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : '/';
  // No automatic refresh: a page that reloads itself breaks WCAG 2.2.1 (timing adjustable).
  return `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<title>Starting – Retain</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/govuk-frontend.min.css">
</head>
<body class="govuk-template__body">
<header class="govuk-header"><div class="govuk-header__container govuk-width-container"><span class="govuk-header__logotype-text">Retain</span></div></header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<div class="govuk-notification-banner" role="region" aria-labelledby="starting-title">
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="starting-title">Starting</h2></div>
<div class="govuk-notification-banner__content">
<p class="govuk-notification-banner__heading">${LOADING_TEXT}</p>
<p class="govuk-body"><a class="govuk-notification-banner__link" href="${href}">Refresh this page</a> to see them.</p>
</div>
</div>
<h1 class="govuk-heading-l">Retain is starting</h1>
<p class="govuk-body">This is the first start: Retain is setting up its database with DfE's published figures and a demo council to explore.</p>
</main>
</div>
</body>
</html>
`;
}

/** Listens on `port` (0 picks a free one) and `host`, answering every page with the loading page. */
export async function listenLoadingPage(port: number, host: string): Promise<LoadingServer> {
  let css: Buffer | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0]!;
    // Each answer closes its connection: the web app that follows must not find browsers kept on this server.
    const headers = {
      connection: 'close',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      // A form sent now cannot be handled: say so, and when to try again.
      response.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('Retain is starting. Try again in a few seconds.\n');
      return;
    }
    if (path === '/assets/govuk-frontend.min.css') {
      css ??= readFileSync(GOVUK_CSS_PATH);
      response.writeHead(200, { ...headers, 'content-type': 'text/css; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : css);
      return;
    }
    if (path.startsWith('/assets/') || path.startsWith('/api/')) {
      response.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('Retain is starting. Try again in a few seconds.\n');
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : loadingPage(path));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
