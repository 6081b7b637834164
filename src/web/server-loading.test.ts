import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenAddress, listenLoadingPage } from './server-loading.ts';

test('the loading page answers every page with "loading" and a refresh link to that page, refuses forms until the app is in, and gives its port back when closed', async () => {
  const page = await listenLoadingPage(0, '127.0.0.1');
  const base = `http://127.0.0.1:${page.port}`;
  try {
    const dashboard = await fetch(`${base}/dashboard?year=2024`);
    assert.equal(dashboard.status, 200);
    assert.equal(dashboard.headers.get('cache-control'), 'no-store', 'never cached: the real page follows');
    const html = await dashboard.text();
    assert.match(html, /Loading the demo council/);
    assert.match(html, /<a class="govuk-notification-banner__link" href="\/dashboard">Refresh this page<\/a>/);
    assert.doesNotMatch(html, /http-equiv="refresh"/, 'no automatic refresh (WCAG 2.2.1)');
    assert.match(html, /<html lang="en-GB"/);
    assert.match(html, /<h1 /);

    const hostile = await (await fetch(`${base}//evil.example/"x`)).text();
    assert.match(hostile, /href="\/"/, 'a path that is not plainly ours links home');

    const css = await fetch(`${base}/assets/govuk-frontend.min.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.ok((await css.text()).includes('govuk-notification-banner'));

    const form = await fetch(`${base}/sign-in`, { method: 'POST', body: 'email=a' });
    assert.equal(form.status, 503);
    assert.equal(form.headers.get('retry-after'), '5');
    assert.equal((await fetch(`${base}/api/v1/measures`)).status, 503, 'API clients are told to come back, not sent a page');
  } finally {
    await page.close();
  }
  // The web app takes the same port the moment the loading page has closed.
  const again = await listenLoadingPage(page.port, '127.0.0.1');
  assert.equal(again.port, page.port);
  await again.close();
});

test('the server listens on PORT and HOST unless told otherwise, else on 127.0.0.1:3000', () => {
  const saved = { PORT: process.env.PORT, HOST: process.env.HOST };
  try {
    delete process.env.PORT;
    delete process.env.HOST;
    assert.deepEqual(listenAddress({}), { port: 3000, host: '127.0.0.1' });
    process.env.PORT = '8080';
    process.env.HOST = '0.0.0.0';
    assert.deepEqual(listenAddress({}), { port: 8080, host: '0.0.0.0' });
    assert.deepEqual(listenAddress({ port: 0, host: '::1' }), { port: 0, host: '::1' });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
