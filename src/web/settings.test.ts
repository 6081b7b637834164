import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../db/audit.ts';
import { getSettings } from '../db/settings.ts';
import { addTestAuthority, signedInAs, testApp } from '../test/web.ts';

let app: FastifyInstance;
let close: () => Promise<void>;

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, 'S01', 'Settingshire');
});
after(() => close());

test('an analyst or viewer cannot be created without a council; an admin can', async () => {
  const admin = await signedInAs(app, 'admin');
  const refused = await admin.post('/admin/users', { email: 'nocouncil@test.example', displayName: 'No Council', role: 'viewer' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Select at least one council the person works for/);
  const created = await admin.post('/admin/users', { email: 'withcouncil@test.example', displayName: 'With Council', role: 'viewer', authorities: ['S01'] });
  assert.equal(created.statusCode, 303);
  const anotherAdmin = await admin.post('/admin/users', { email: 'admin2@test.example', displayName: 'Admin Two', role: 'admin' });
  assert.equal(anotherAdmin.statusCode, 303);
});

test('settings forms save, audit, and say what is wrong in the form', async () => {
  const analyst = await signedInAs(app, 'analyst', { authorities: ['S01'] });
  assert.equal((await analyst.get('/settings')).statusCode, 200);
  const bad = await analyst.post('/settings/thresholds', { turnover_rate_fte: 'lots', vacancy_rate_fte: '', caseload_fte: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter a number of 0 or more/);
  assert.match(bad.body, /value="lots"/);
  const good = await analyst.post('/settings/thresholds', { turnover_rate_fte: '18', vacancy_rate_fte: '', caseload_fte: '22' });
  assert.equal(good.statusCode, 303);
  assert.deepEqual((await getSettings(app.db, 'S01')).thresholds, { turnover_rate_fte: 18, vacancy_rate_fte: null, caseload_fte: 22 });
  assert.equal((await analyst.post('/settings/role-map', { localName: 'Consultant Practitioner', role: 'senior_practitioner' })).statusCode, 303);
  assert.equal((await analyst.post('/settings/code-words', { word: 'Left - new job', choice: 'leaving_reason:resignation' })).statusCode, 303);
  assert.equal((await analyst.post('/settings/neighbours', { codes: '359, 350' })).statusCode, 303);
  const page = await analyst.get('/settings');
  assert.match(page.body, /Consultant Practitioner/);
  assert.match(page.body, /Left - new job/);
  const actions = (await listAudit(app.db, { limit: 20, offset: 0, action: 'settings.' })).entries.map((e) => e.action).sort();
  assert.deepEqual(actions, ['settings.code_words.set', 'settings.neighbours', 'settings.role_map.set', 'settings.thresholds']);
  const viewer = await signedInAs(app, 'viewer', { authorities: ['S01'] });
  assert.equal((await viewer.get('/settings')).statusCode, 403);
});
