import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importAgency, importApplications } from '../imports/run-agency-import.ts';
import { importWorkers } from '../imports/run-import.ts';
import { testDatabase } from '../test/db.ts';
import { agencyPackBlocks } from './agency-pack.ts';
import { buildEvidencePack } from './review-pack.ts';

test('an evidence pack carries the agency and recruitment section with small numbers withheld, and the committee report prints it', async () => {
  const { db, close } = await testDatabase();
  try {
    // The extract was taken on 1 October 2025, so census year 2025 is complete.
    const workers = [
      'worker_id,agency,role,fte,start_date,salary,end_date,leaving_reason',
      ...Array.from({ length: 8 }, (_, i) => `E${i},no,case_holder,1,2020-01-01,38000,,`),
      'L1,no,case_holder,1,2020-01-01,38000,2025-06-30,resignation',
    ].join('\n');
    assert.ok((await importWorkers(db, { authorityCode: 'K1', fileName: 'w.csv', bytes: workers, dataRunsTo: '2025-10-01' })).ok);
    const agency = [
      'assignment_id,worker_ref,agency,role,start_date,hourly_rate,qualified_date',
      ...Array.from({ length: 6 }, (_, i) => `A${i},R${i},Hays,case_holder,2024-11-04,40,${i === 0 ? '2024-01-01' : '2010-01-01'}`),
    ].join('\n');
    assert.ok((await importAgency(db, { authorityCode: 'K1', fileName: 'a.csv', bytes: agency })).ok);
    assert.ok(
      (
        await importApplications(db, {
          authorityCode: 'K1',
          fileName: 'p.csv',
          bytes: 'application_id,campaign,role,advert_date,applied_date,stage_reached\nP1,C1,case_holder,2024-12-02,2024-12-09,applied\n',
        })
      ).ok,
    );
    const pack = await buildEvidencePack(db, 'K1', { asOf: '2025-10-01' });
    const section = pack.content.agency!;
    assert.equal(section.censusYear, 2025);
    assert.deepEqual(section.agency![0], ['Assignments', '6']);
    assert.deepEqual(
      section.compliance.find(([title]) => title.startsWith('Under 3 years')),
      ['Under 3 years’ post-qualifying experience', '[c]'],
    );
    assert.deepEqual(section.recruitment![0], ['Applications', '[c]']);
    const blocks = agencyPackBlocks(section);
    assert.deepEqual(
      blocks.filter((b) => b.kind === 'subheading').map((b) => (b as { text: string }).text),
      ['Agency cover and its cost', 'Recruitment'],
    );
    assert.deepEqual(agencyPackBlocks(undefined), []);
  } finally {
    await close();
  }
});
