import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listUsers } from '../db/users.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority, formBody } from '../test/web.ts';
import { FIRST_ADMIN_EMAIL, serve } from './server.ts';
import { ANONYMOUS_CSRF_COOKIE } from './session.ts';

test('the first start loads the demo council and creates an admin whose password is printed once', async () => {
  const opened = await testDatabase();
  const lines: string[] = [];
  let demoLoads = 0;
  const loadDemo = async () => {
    demoLoads += 1;
    await addTestAuthority(opened.db, 'D01', 'Demo Council');
    return { authorityCode: 'D01' };
  };
  const previous = process.env.RETAIN_ADMIN_PASSWORD;
  delete process.env.RETAIN_ADMIN_PASSWORD;
  try {
    const first = await serve({ db: opened.db, port: 0, loadDemo, print: (line) => lines.push(line) });
    const password = /with password: (\S+)/.exec(lines.join('\n'))?.[1];
    assert.ok(password, lines.join('\n'));
    assert.match(first.url, /^http:\/\/localhost:\d+$/);
    assert.ok(lines.some((line) => line.includes(first.url)));

    // The printed password signs in, over real HTTP.
    const page = await fetch(`${first.url}/sign-in`);
    const csrfCookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${ANONYMOUS_CSRF_COOKIE}=`))!
      .split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const signIn = await fetch(`${first.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody({ _csrf: csrf, email: FIRST_ADMIN_EMAIL, password }),
    });
    assert.equal(signIn.status, 303);
    await first.app.close();

    const [admin] = await listUsers(opened.db);
    assert.equal(admin?.role, 'admin');
    assert.deepEqual(admin?.authorities, ['D01']);

    // A second start finds both and does neither again.
    lines.length = 0;
    const second = await serve({ db: opened.db, port: 0, loadDemo, print: (line) => lines.push(line) });
    await second.app.close();
    assert.equal(demoLoads, 1);
    assert.ok(!lines.some((line) => /password/.test(line)));
    assert.equal((await listUsers(opened.db)).length, 1);
  } finally {
    if (previous !== undefined) process.env.RETAIN_ADMIN_PASSWORD = previous;
    await opened.close();
  }
});

test('RETAIN_ADMIN_PASSWORD sets the first admin password, and it is not printed', async () => {
  const opened = await testDatabase();
  const lines: string[] = [];
  const previous = process.env.RETAIN_ADMIN_PASSWORD;
  process.env.RETAIN_ADMIN_PASSWORD = 'chosen by the operator';
  try {
    await addTestAuthority(opened.db, 'D02', 'Existing Council');
    const started = await serve({
      db: opened.db,
      port: 0,
      loadDemo: async () => assert.fail('the demo is loaded only into an empty database'),
      print: (line) => lines.push(line),
    });
    await started.app.close();
    assert.ok(!lines.join('\n').includes('chosen by the operator'));
    assert.ok(lines.some((line) => line.includes('RETAIN_ADMIN_PASSWORD')));
  } finally {
    if (previous === undefined) delete process.env.RETAIN_ADMIN_PASSWORD;
    else process.env.RETAIN_ADMIN_PASSWORD = previous;
    await opened.close();
  }
});
