import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../reports/pdf.ts';
import { TEST_PASSWORD } from './web.ts';

/**
 * Browser tests drive Debian's Chromium (Playwright cannot download its own here). Without it they
 * are skipped with this reason rather than failing; `npm test`'s pretest installs it when it can.
 * In CI (`RETAIN_REQUIRE_BROWSER=1`, set by .ci/run) a missing Chromium fails every browser test
 * file as it loads instead: a green run there means the browser, accessibility and PDF tests ran.
 */
export const CHROMIUM = chromiumPath();
export const noChromium: string | false = browserSkipReason();

function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.RETAIN_REQUIRE_BROWSER === '1') throw new Error(`RETAIN_REQUIRE_BROWSER=1, so the browser tests may not be skipped, but there is ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A new tab in a new context, signed in through the sign-in form, on the dashboard. */
export async function signedInTab(browser: Browser, baseUrl: string, email: string, options: { bypassCSP?: boolean; acceptDownloads?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  // The whole suite may be running beside this on a busy machine.
  page.setDefaultTimeout(30_000);
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/dashboard`);
  return page;
}

/** Types a date into GOV.UK's three boxes (`ID-day`, `ID-month`, `ID-year`; src/web/date-fields.ts), given as YYYY-MM-DD. */
export async function fillDate(page: Page, id: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  await page.locator(`#${id}-day`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year!);
}

/** WCAG 2.2 AA, the level the pages are held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** WCAG 2.2 AA and axe's best-practice rules, for pages held to both (first-hour.test.ts). */
export const AXE_BEST_PRACTICE_TAGS = [...AXE_TAGS, 'best-practice'];

const AXE_URL = '/assets/test-axe.min.js';
let axeSourceText: string | undefined;

function axeSource(): string {
  axeSourceText ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSourceText;
}

/**
 * A route serving axe-core to the pages under test from the app's own origin, so the page's
 * Content-Security-Policy lets it load: pass it to testApp's `extraRoutes`. Served with a cache
 * header, so Chromium compiles axe once rather than once per page (about a second each).
 */
export const axeRoute: { register: (scope: FastifyInstance) => void } = {
  register: (scope) => {
    scope.get(AXE_URL, async (_request, reply) => reply.type('text/javascript').header('cache-control', 'public, max-age=3600').send(axeSource()));
  },
};

/**
 * axe-core's violations on the page as it stands, one line each: rule, help and the elements. axe
 * loads from `axeRoute`; for an app started without it (serve()), `inline` puts
 * its source in the page instead, which needs the tab's `bypassCSP`.
 */
export async function axeViolations(page: Page, options: { tags?: readonly string[]; inline?: boolean } = {}): Promise<string[]> {
  await page.addScriptTag(options.inline ? { content: axeSource() } : { url: AXE_URL });
  const violations = await page.evaluate(async (runTags) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: runTags } });
    return result.violations as { id: string; help: string; nodes: { target: string[] }[] }[];
  }, options.tags ?? AXE_TAGS);
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
