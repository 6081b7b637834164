/**
 * The server side of bench/load.ts, in a process of its own so that the load generator does not
 * share its event loop: the app on an in-memory database with the demo council and signed-in
 * users. Writes the page it serves to a file for the anchor (bench/load-anchor.ts) and prints one
 * JSON line (where it listens, that file, the users' cookies), then serves until stdin closes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { createUser } from '../src/db/users.ts';
import { loadDemo } from '../src/imports/demo.ts';
import { buildApp } from '../src/web/app.ts';
import { hashPassword } from '../src/web/auth.ts';
import { SESSION_COOKIE, startSession } from '../src/web/session.ts';

const USERS = Math.min(Number(process.env.BENCH_USERS ?? 50), 200);
const PATH = process.env.BENCH_PATH ?? '/dashboard';

const opened = await openDatabase({ dataDir: 'memory://', databaseUrl: '' });
const started = Date.now();
const { authorityCode } = await loadDemo(opened.db);
const loadSeconds = (Date.now() - started) / 1000;

const passwordHash = await hashPassword('bench password not used to sign in');
const cookies: string[] = [];
for (let index = 0; index < USERS; index += 1) {
  const user = await createUser(opened.db, {
    email: `bench-${index}@bench.example`,
    displayName: `Bench user ${index}`,
    role: index % 2 === 0 ? 'viewer' : 'analyst',
    authorities: [authorityCode],
    passwordHash,
  });
  const { cookieValue } = await startSession(opened.db, user.id, authorityCode);
  cookies.push(`${SESSION_COOKIE}=${cookieValue}`);
}

const app = await buildApp({ db: opened.db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const url = `http://127.0.0.1:${port}${PATH}`;

// One request first: a signed-in dashboard must be a 200 page, or the numbers mean nothing. One as
// each audience (a viewer, an analyst), so the run measures serving the page while the data stands,
// not building its two views (which the first users after an import wait for, once).
const check = await fetch(url, { headers: { cookie: cookies[0]! }, redirect: 'manual' });
if (check.status !== 200) throw new Error(`GET ${PATH} as a signed-in user answered ${check.status}, not 200`);
const page = Buffer.from(await check.arrayBuffer());
const buildStarted = Date.now();
const asAnalyst = await fetch(url, { headers: { cookie: cookies[1 % cookies.length]! }, redirect: 'manual' });
if (asAnalyst.status !== 200) throw new Error(`GET ${PATH} as an analyst answered ${asAnalyst.status}, not 200`);
await asAnalyst.arrayBuffer();
const buildSeconds = (Date.now() - buildStarted) / 1000;

// The anchor (bench/load-anchor.ts, a process of its own) sends these same bytes.
const pageFile = join(mkdtempSync(join(tmpdir(), 'retain-bench-page-')), 'page.html');
writeFileSync(pageFile, page);

// BENCH_SERVER_PROFILE=FILE: a CPU profile of the server while it is under load (from here to the end).
const profileFile = process.env.BENCH_SERVER_PROFILE;
const profiler = profileFile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

process.stdout.write(`${JSON.stringify({ url, path: PATH, pageFile, cookies, bytes: page.length, loadSeconds, buildSeconds })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  if (profiler) writeFileSync(profileFile!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  rmSync(dirname(pageFile), { recursive: true, force: true });
  await app.close();
  await opened.close();
  process.exit(0);
});
