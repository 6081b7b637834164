/**
 * Load bench: the dashboard under 50 concurrent signed-in users, on loopback.
 *
 *   npm run bench:load            (BENCH_SECONDS=20 BENCH_USERS=50 to change)
 *
 * Starts the app on 127.0.0.1 (an ephemeral port) on an in-memory database with the demo council,
 * makes 50 distinct users (half viewers, whose figures go through small-number suppression, half
 * analysts), gives each a session of their own, and runs autocannon against /dashboard with one
 * connection per user, each sending its own session cookie, for about 20 seconds. Sessions are
 * made directly (as the tests do) rather than through the sign-in form: the form is rate limited
 * per address and deliberately slow (argon2), and it is not what this measures. Prints requests/s
 * and latency percentiles. Bounded in time and count; nothing leaves the machine.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { openDatabase } from '../src/db/database.ts';
import { createUser } from '../src/db/users.ts';
import { loadDemo } from '../src/imports/demo.ts';
import { buildApp } from '../src/web/app.ts';
import { hashPassword } from '../src/web/auth.ts';
import { SESSION_COOKIE, startSession } from '../src/web/session.ts';

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram & { p97_5: number };
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
interface AutocannonClient {
  setHeaders(headers: Record<string, string>): void;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const USERS = Math.min(Number(process.env.BENCH_USERS ?? 50), 200);
const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 20), 120);
const PATH = process.env.BENCH_PATH ?? '/dashboard';

const opened = await openDatabase({ dataDir: 'memory://' });
const started = Date.now();
const { authorityCode } = await loadDemo(opened.db);
console.log(`Demo council ${authorityCode} loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

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
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

try {
  // One request first: a signed-in dashboard must be a 200 page, or the numbers mean nothing.
  const check = await fetch(`${url}${PATH}`, { headers: { cookie: cookies[0]! }, redirect: 'manual' });
  if (check.status !== 200) throw new Error(`GET ${PATH} as a signed-in user answered ${check.status}, not 200`);
  console.log(`GET ${PATH}: ${(await check.text()).length} bytes of HTML per page.`);

  console.log(`${USERS} users, one connection each, ${SECONDS} s against ${url}${PATH} (${cpus().length} CPUs, app and load generator in one process)...`);
  let next = 0;
  const result = await autocannon({
    url: `${url}${PATH}`,
    connections: USERS,
    duration: SECONDS,
    // Long enough that a slow page is measured as slow rather than dropped as a timeout.
    timeout: 30,
    // Each connection is one user: it sends that user's session cookie on every request.
    setupClient(client: AutocannonClient) {
      client.setHeaders({ cookie: cookies[next % cookies.length]! });
      next += 1;
    },
  });

  const ok = result['2xx'];
  console.log('');
  console.log(`requests/s   ${result.requests.average.toFixed(1)} (average over ${result.duration} s; ${result.requests.total} requests, ${ok} answered 2xx)`);
  console.log(`latency p50  ${result.latency.p50} ms`);
  console.log(`latency p99  ${result.latency.p99} ms`);
  console.log(`latency max  ${result.latency.max} ms (average ${result.latency.average.toFixed(1)} ms)`);
  console.log(`errors       ${result.errors} (timeouts after 30 s: ${result.timeouts}), non-2xx ${result.non2xx}`);
  console.log('(latencies are of the requests that completed; requests still waiting when the run ended are not in them)');
  if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
} finally {
  await app.close();
  await opened.close();
}
