import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { loadAgencyDemo } from '../imports/demo-agency.ts';
import { DEMO_COUNCIL, generateCouncil } from '../imports/demo-council.ts';
import { importAgency, importApplications } from '../imports/run-agency-import.ts';
import { importVacancies } from '../imports/run-import.ts';
import { axeRoute, axeViolations, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

/**
 * The agency and recruitment pages as an analyst (rows) and a viewer (aggregates, small numbers
 * withheld), in the app and in Chromium with axe-core. A smaller version of the demo council is
 * authority AG1; AG2 has a handful of assignments and applications, so a viewer sees [c].
 */

let app: FastifyInstance;
let close: () => Promise<void>;
const sessions = {} as Record<'analyst' | 'viewer' | 'smallViewer', TestSession>;

before(async () => {
  ({ app, close } = await testApp({ extraRoutes: [axeRoute] }));
  const council = generateCouncil({ ...DEMO_COUNCIL, authorityCode: 'AG1', name: 'Agencyshire Council', workers: 150, firstYear: 2023 });
  await addTestAuthority(app.db, 'AG1', 'Agencyshire Council');
  await addTestAuthority(app.db, 'AG2', 'Smallton Council');
  await insertTestWorkers(app.db, 'AG1', council.workers);
  await loadAgencyDemo(app.db, council, 2025);
  await importVacancies(app.db, {
    authorityCode: 'AG1',
    fileName: 'posts.csv',
    bytes: 'reference_date,vacancy_fte,agency_cover_fte,team,post_id,vacant_since\n2025-09-30,1,1,Assessment,P1,2025-03-31\n2025-09-30,1,0,Assessment,P2,2024-06-01\n2025-09-30,0.5,0,Fostering,P3,\n',
  });
  await importAgency(app.db, {
    authorityCode: 'AG2',
    fileName: 'a.csv',
    bytes: 'assignment_id,worker_ref,agency,role,team,start_date,hourly_rate\nSMALL-1,R1,Hays,case_holder,North,2024-11-04,40\nSMALL-2,R2,Hays,case_holder,North,2025-01-06,41\n',
  });
  await importApplications(app.db, {
    authorityCode: 'AG2',
    fileName: 'p.csv',
    bytes:
      'application_id,campaign,role,advert_date,applied_date,stage_reached\nAPP-SMALL-1,C1,case_holder,2024-12-02,2024-12-09,applied\nAPP-SMALL-2,C1,case_holder,2024-12-02,2024-12-10,shortlisted\n',
  });
  sessions.analyst = await signedInAs(app, 'analyst', { email: 'analyst@agency.example', authorities: ['AG1'] });
  sessions.viewer = await signedInAs(app, 'viewer', { email: 'viewer@agency.example', authorities: ['AG1'] });
  sessions.smallViewer = await signedInAs(app, 'viewer', { email: 'small@agency.example', authorities: ['AG2'] });
});

after(() => close());

test('an analyst sees each flagged assignment and each late-stage loss; a viewer sees the counts only', async () => {
  const analystAgency = await sessions.analyst.get('/agency?year=2025');
  assert.equal(analystAgency.statusCode, 200);
  assert.match(analystAgency.body, /Above the price cap without sign-off/);
  assert.match(analystAgency.body, /AS-\d{5}/);
  assert.match(analystAgency.body, /<svg role="img"/);
  const viewerAgency = await sessions.viewer.get('/agency?year=2025');
  assert.equal(viewerAgency.statusCode, 200);
  assert.doesNotMatch(viewerAgency.body, /AS-\d{5}|MSP\d/);
  assert.match(viewerAgency.body, /Spend by month/);
  assert.match(viewerAgency.body, /How long posts have been vacant/);

  const analystRecruitment = await sessions.analyst.get('/recruitment');
  assert.equal(analystRecruitment.statusCode, 200);
  assert.match(analystRecruitment.body, /APP-\d{5}/);
  assert.match(analystRecruitment.body, /Funnel by route/);
  const viewerRecruitment = await sessions.viewer.get('/recruitment');
  assert.doesNotMatch(viewerRecruitment.body, /APP-\d{5}/);
});

test('a viewer of a council with fewer than 5 assignments or applications sees [c], not the figures', async () => {
  const agency = await sessions.smallViewer.get('/agency?year=2025');
  assert.equal(agency.statusCode, 200);
  assert.match(agency.body, /\[c\]/);
  assert.doesNotMatch(agency.body, /SMALL-1|£[1-9]/);
  const recruitment = await sessions.smallViewer.get('/recruitment?year=2025');
  assert.match(recruitment.body, /\[c\]/);
  assert.doesNotMatch(recruitment.body, /APP-SMALL/);
  assert.equal((await sessions.smallViewer.get('/agency?year=twenty')).statusCode, 400);
});

const skip = noChromium;
let browser: Browser | undefined;
let baseUrl: string;

test('the agency and recruitment pages pass axe-core for an analyst and a viewer, with screenshots', { skip }, async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  try {
    for (const who of ['analyst', 'viewer'] as const) {
      const page = await signedInTab(browser, baseUrl, `${who}@agency.example`, { bypassCSP: true });
      for (const path of ['agency', 'recruitment']) {
        await page.goto(`${baseUrl}/${path}`);
        assert.equal(await page.locator('h1').count(), 1);
        assert.deepEqual(await axeViolations(page), [], `${path} as ${who}`);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${path}-${who}.png`), fullPage: true });
      }
      // The year form works without JavaScript: a plain GET.
      await page.goto(`${baseUrl}/agency`);
      await page.selectOption('#year', '2024');
      await Promise.all([page.waitForURL(/year=2024/), page.getByRole('button', { name: 'Show year' }).click()]);
      assert.match(await page.locator('.govuk-body-l').first().innerText(), /census year 2024/);
    }
  } finally {
    await browser.close();
  }
});
