/**
 * The server side of bench/load.ts, in a process of its own so that the load generator does not
 * share its event loop: the app on an in-memory database with the demo council and signed-in
 * users, and beside it the anchor, a bare Fastify that sends the same page's bytes. Prints one
 * JSON line (where both listen and the users' cookies), then serves until stdin closes.
 */
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.ts';
import { createUser } from '../src/db/users.ts';
import { loadDemo } from '../src/imports/demo.ts';
import { buildApp } from '../src/web/app.ts';
import { hashPassword } from '../src/web/auth.ts';
import { SESSION_COOKIE, startSession } from '../src/web/session.ts';

const USERS = Math.min(Number(process.env.BENCH_USERS ?? 50), 200);
const PATH = process.env.BENCH_PATH ?? '/dashboard';

const opened = await openDatabase({ dataDir: 'memory://' });
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

// One request first: a signed-in dashboard must be a 200 page, or the numbers mean nothing.
const check = await fetch(url, { headers: { cookie: cookies[0]! }, redirect: 'manual' });
if (check.status !== 200) throw new Error(`GET ${PATH} as a signed-in user answered ${check.status}, not 200`);
const page = Buffer.from(await check.arrayBuffer());

// The anchor: the same bytes from a bare Fastify, no session, no database, no template.
const bare = Fastify({ logger: false });
bare.get(PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
await bare.listen({ port: 0, host: '127.0.0.1' });
const anchorUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}${PATH}`;

process.stdout.write(`${JSON.stringify({ url, anchorUrl, cookies, bytes: page.length, loadSeconds })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await bare.close();
  await app.close();
  await opened.close();
  process.exit(0);
});
