import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { addTestAuthority, signedInAs, testApp } from '../test/web.ts';
import { SESSION_COOKIE } from './session.ts';

// `__Host-` cookies must be Secure; browsers accept Secure cookies from http://localhost and
// http://127.0.0.1 (trustworthy origins), so `npm start` still signs in over plain local http.
test('a real browser signs in over http://localhost and http://127.0.0.1 with the __Host- session cookie', { skip: noChromium }, async () => {
  const { app, close } = await testApp();
  const browser = await launchChromium();
  try {
    await addTestAuthority(app.db, 'H1', 'Host Cookie Council');
    const { user } = await signedInAs(app, 'viewer');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    for (const host of ['127.0.0.1', 'localhost']) {
      const page = await signedInTab(browser, `http://${host}:${port}`, user.email);
      assert.match(await page.content(), /Dashboard|Host Cookie Council/);
      const cookies = await page.context().cookies();
      assert.ok(
        cookies.some((cookie) => cookie.name === SESSION_COOKIE && cookie.secure),
        JSON.stringify(cookies.map((c) => c.name)),
      );
      await page.context().close();
    }
  } finally {
    await browser.close();
    await close();
  }
});
