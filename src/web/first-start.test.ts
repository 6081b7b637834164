import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listUsers } from '../db/users.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';
import { serve } from './server.ts';

test('the first start serves pages at once, saying the demo council is loading, until it is in', async () => {
  const opened = await testDatabase();
  let finish!: () => void;
  const demoMayFinish = new Promise<void>((resolve) => (finish = resolve));
  const loadDemo = async () => {
    await addTestAuthority(opened.db, 'D09', 'Demo Council');
    await demoMayFinish;
    return { authorityCode: 'D09' };
  };
  const previous = process.env.RETAIN_ADMIN_PASSWORD;
  process.env.RETAIN_ADMIN_PASSWORD = 'a first start password';
  try {
    const started = await serve({ db: opened.db, port: 0, loadDemo, print: () => undefined });
    const during = await fetch(`${started.url}/sign-in`);
    assert.equal(during.status, 200, 'the first page answers while the demo is still loading');
    const html = await during.text();
    assert.match(html, /Loading the demo council/);
    assert.match(html, />Refresh this page</, 'and offers a refresh link (never an automatic refresh: WCAG 2.2.1)');
    assert.doesNotMatch(html, /http-equiv="refresh"/);

    finish();
    // Closing waits for the demo to finish.
    await started.app.close();
    const [admin] = await listUsers(opened.db);
    assert.deepEqual(admin?.authorities, ['D09'], 'the first admin is bound to the demo council once it is in');

    const again = await serve({ db: opened.db, port: 0, loadDemo: async () => assert.fail('loaded once only'), print: () => undefined });
    const after = await (await fetch(`${again.url}/sign-in`)).text();
    assert.doesNotMatch(after, /Loading the demo council/);
    await again.app.close();
  } finally {
    if (previous === undefined) delete process.env.RETAIN_ADMIN_PASSWORD;
    else process.env.RETAIN_ADMIN_PASSWORD = previous;
    await opened.close();
  }
});
