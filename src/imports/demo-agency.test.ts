import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agencyFigures, censusYearPeriod } from '../domain/agency.ts';
import { recruitmentFigures } from '../domain/recruitment.ts';
import { readAgencyFile, readPriceCapsFile } from './agency-file.ts';
import { readApplicationsFile } from './applications-file.ts';
import { generateAgencyDemo } from './demo-agency.ts';
import { DEMO_COUNCIL, generateCouncil } from './demo-council.ts';

test('the demo agency, caps and applications files are valid and give every compliance check something to show', async () => {
  const council = generateCouncil(DEMO_COUNCIL);
  const files = generateAgencyDemo(council, DEMO_COUNCIL.lastYear);
  const agency = await readAgencyFile('a.csv', Buffer.from(files.agency));
  const caps = await readPriceCapsFile('c.csv', Buffer.from(files.caps));
  const applications = await readApplicationsFile('p.csv', Buffer.from(files.applications));
  assert.deepEqual([...agency.problems, ...caps.problems, ...applications.problems], []);
  const f = agencyFigures({ assignments: agency.records, caps: caps.records, workers: council.workers, period: censusYearPeriod(DEMO_COUNCIL.lastYear) });
  assert.ok(f.assignments > 50);
  assert.ok(f.over_cap.length > 0 && f.pqe_under_3_years.length > 0 && f.cool_off_breaches.length > 0 && f.converted_to_permanent > 0);
  assert.ok(f.agency_premium > 0);
  const r = recruitmentFigures(applications.records);
  assert.ok(r.applications > 100 && r.offers_pending > 0 && r.late_stage_losses > 0 && r.campaigns_readvertised > 0);
  // Same seed, same files.
  assert.equal(generateAgencyDemo(council, DEMO_COUNCIL.lastYear).agency, files.agency);
});
