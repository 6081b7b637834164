/**
 * Load bench: /dashboard under 50 concurrent signed-in users, against its anchor, a bare Fastify
 * sending the same bytes from a process of its own (bench/load-anchor.ts), both measured in the same run.
 *
 *   npm run bench:load            (BENCH_SECONDS=20 BENCH_USERS=50 BENCH_PATH=/dashboard to change;
 *                                  BENCH_SERVER_PROFILE=FILE writes a CPU profile of the server under load)
 *
 * The app runs in a process of its own (bench/load-server.ts: in-memory database, the demo council,
 * 50 users, half viewers whose figures go through small-number suppression, half analysts, each
 * with a session of their own); this process only generates the load with autocannon, one
 * connection per user, each sending its own session cookie. Sessions are made directly (as the
 * tests do) rather than through the rate-limited, deliberately slow sign-in form. Prints
 * requests/s and latency percentiles for both and the ratio. Bounded; nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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

const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 20), 120);
const server = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'load-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
const ready = await new Promise<{ url: string; path: string; pageFile: string; cookies: string[]; bytes: number; loadSeconds: number; buildSeconds: number }>((resolve, reject) => {
  createInterface({ input: server.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  server.once('exit', (code) => reject(new Error(`the bench server ended (${code}) before it was ready`)));
});
// The anchor in a process of its own too, sending the bytes the app served.
const anchorServer = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'load-anchor.ts'), ready.pageFile, ready.path], { stdio: ['pipe', 'pipe', 'inherit'] });
const anchorUrl = await new Promise<string>((resolve, reject) => {
  createInterface({ input: anchorServer.stdout! }).once('line', resolve);
  anchorServer.once('exit', (code) => reject(new Error(`the anchor server ended (${code}) before it was ready`)));
});

try {
  const users = ready.cookies.length;
  console.log(
    `Demo council loaded in ${ready.loadSeconds.toFixed(1)} s; the analysts' dashboard built in ${ready.buildSeconds.toFixed(2)} s (both views built before the runs); ${ready.bytes} bytes of HTML a page; ${users} users, one connection each, ${SECONDS} s each run, ${cpus().length} CPUs (server, anchor and load generator each in a process of its own).`,
  );
  const run = async (url: string, withCookies: boolean) => {
    let next = 0;
    return autocannon({
      url,
      connections: users,
      duration: SECONDS,
      timeout: 30,
      setupClient(client: AutocannonClient) {
        if (withCookies) client.setHeaders({ cookie: ready.cookies[next % users]! });
        next += 1;
      },
    });
  };
  const anchor = await run(anchorUrl, false);
  const app = await run(ready.url, true);
  const line = (name: string, result: AutocannonResult) =>
    `${name.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   ${result['2xx']} answered 2xx, ${result.non2xx} non-2xx, ${result.errors} errors`;
  console.log(line('bare Fastify, the same bytes', anchor));
  console.log(line('/dashboard, signed in', app));
  console.log(`ratio: the dashboard serves ${(app.requests.average / anchor.requests.average).toFixed(2)} of the anchor's requests/s (target >= 1,000 req/s, p99 < 50 ms)`);
  if (app.non2xx > 0 || app.errors > 0) process.exitCode = 1;
} finally {
  anchorServer.stdin!.end();
  server.stdin!.end();
  await Promise.all([new Promise((resolve) => anchorServer.once('exit', resolve)), new Promise((resolve) => server.once('exit', resolve))]);
}
