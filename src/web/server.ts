import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { createUser } from '../commands/users.ts';
import { addAuthorities, countUsers, listAuthorityChoices } from '../db/users.ts';
import { buildApp, type AppOptions } from './app.ts';
import { generatePassword, hashPassword } from './auth.ts';
import { LOADING_TEXT, listenAddress, serverUrl } from './server-loading.ts';

export type LoadDemo = (db: Db) => Promise<{ authorityCode: string }>;

export interface ServeOptions {
  db: Db;
  /** Default 3000, or `PORT`. 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1, or `HOST` (0.0.0.0 to listen on every interface, e.g. in a container). */
  host?: string;
  /** Loads the demo council when the database has no authority; defaults to src/imports/demo.ts. */
  loadDemo?: LoadDemo;
  /** Where start-up messages go (the admin password among them); default the console. */
  print?: (line: string) => void;
  logger?: AppOptions['logger'];
  secureCookies?: boolean;
  trustProxy?: boolean;
  /**
   * Called once the app is built, just before it listens: a first start's loading page
   * (server-loading.ts) gives up the port here, so the port is unanswered for a moment only.
   */
  beforeListen?: () => Promise<void>;
}

export const FIRST_ADMIN_EMAIL = 'admin@retain.local';

/**
 * Starts the web app, first making sure there is something to see: the demo council when there
 * are no authorities, and an admin account when there are no users.
 */
/**
 * `ready` settles once the first start's demo council is in (at once on a restart), for callers
 * such as tests that need its figures rather than the "loading" page.
 */
export async function serve(options: ServeOptions): Promise<{ app: FastifyInstance; url: string; ready: Promise<void> }> {
  const print = options.print ?? ((line: string) => console.log(line));
  const { db } = options;

  // The first start serves at once and loads the demo council meanwhile: pages say so (with a
  // link to refresh) until it is in. The admin created now is bound to it once it is.
  let demoLoading: Promise<void> | null = null;
  const loadDemo = (await listAuthorityChoices(db)).length === 0 ? (options.loadDemo ?? (await defaultLoadDemo())) : null;
  const admin = await ensureAdmin(db, print);
  if (loadDemo) {
    demoLoading = loadDemo(db).then(
      async ({ authorityCode }) => {
        if (admin) await addAuthorities(db, admin.id, [authorityCode]);
        print(`Loaded the demo council (${authorityCode}).`);
      },
      (error: unknown) => print(`The demo council could not be loaded: ${error instanceof Error ? error.message : String(error)}`),
    );
    void demoLoading.finally(() => (demoLoading = null));
  }
  const ready = demoLoading ?? Promise.resolve();
  if (!loadDemo) {
    // DfE's indicators and neighbour lists (shipped in reference/dfe) are loaded when missing, so
    // every comparison has England, region and neighbour figures. On a first start the demo loader
    // does this in the background (src/imports/demo.ts); on a restart it is a quick check.
    const { ensureReferenceData } = await import('../imports/reference-data.ts');
    const reference = await ensureReferenceData(db);
    if (reference.indicatorsLoaded) print("Loaded DfE's CSWW indicators 2017-2024 and statistical neighbour lists (Open Government Licence v3.0).");
  }

  const app = await buildApp({
    db,
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'warn' },
    secureCookies: options.secureCookies ?? process.env.RETAIN_INSECURE_COOKIES !== '1',
    trustProxy: options.trustProxy ?? process.env.RETAIN_TRUST_PROXY === '1',
    startupNotice: () => (demoLoading ? LOADING_TEXT : null),
  });
  // Closing waits for the demo to finish loading, so the database is never closed in the middle of it.
  app.addHook('onClose', async () => {
    await demoLoading;
  });
  const { port, host } = listenAddress(options);
  if (options.beforeListen) {
    // Plugins booted first, so listening follows the loading page's close within a millisecond or so.
    await app.ready();
    await options.beforeListen();
  }
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = serverUrl(host, boundPort);
  print(`Retain is running at ${url}`);
  return { app, url, ready };
}

async function defaultLoadDemo(): Promise<LoadDemo> {
  // Loaded only when needed: the demo data is not part of serving an existing database.
  const [{ loadDemo }, { loadDemoReview }] = await Promise.all([import('../imports/demo.ts'), import('../reports/demo-review.ts')]);
  return async (db) => {
    const demo = await loadDemo(db);
    await loadDemoReview(db, demo.authorityCode);
    return demo;
  };
}

/**
 * With no users at all, creates the first admin: password from `RETAIN_ADMIN_PASSWORD`, or a
 * random one printed once (it is stored only as a hash). Admins see every authority; they are
 * also bound to each one so the binding is visible if their role changes later.
 */
export async function ensureAdmin(db: Db, print: (line: string) => void): Promise<{ id: number } | null> {
  if ((await countUsers(db)) > 0) return null;
  const given = process.env.RETAIN_ADMIN_PASSWORD;
  const password = given || generatePassword();
  const authorities = (await listAuthorityChoices(db)).map((authority) => authority.code);
  // Nobody is signed in yet: the audit entry names no user.
  const created = await createUser(
    db,
    { email: FIRST_ADMIN_EMAIL, displayName: 'Administrator', role: 'admin', authorities, passwordHash: await hashPassword(password) },
    { userId: null, email: null },
  );
  if (!created.ok) throw new Error(`Could not create the first admin: ${created.message}`);
  const admin = created.user;
  if (given) {
    print(`Created the admin account ${FIRST_ADMIN_EMAIL} with the password in RETAIN_ADMIN_PASSWORD.`);
  } else {
    print(`Created the admin account ${FIRST_ADMIN_EMAIL} with password: ${password}`);
    print('This password is shown once. Sign in and change it under "Your account".');
  }
  return admin;
}
