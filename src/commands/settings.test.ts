import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getAuthority } from '../db/authorities.ts';
import { listAudit } from '../db/audit.ts';
import { releaseForYear } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { getSettings, neighbourModelSize } from '../db/settings.ts';
import { testDatabase } from '../test/db.ts';
import { ensureReferenceData } from '../imports/reference-data.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { previewWorkers } from '../imports/run-import.ts';
import { addCodeWord, chooseNeighbourModel, editNeighbours, saveColumnChoices, setThresholds } from './settings.ts';

let db: Db;
let close: () => Promise<void>;
const actor = { userId: null, email: 'analyst@test.example', ip: null };

before(async () => {
  ({ db, close } = await testDatabase());
  // Wigan, as a council would be set up: its DfE code is enough to find its neighbours.
  await db.insertInto('authorities').values({ code: '359', name: 'Wigan', new_la_code: null, old_la_code: '359', region_code: null, region_name: null }).execute();
});

after(() => close());

test('the shipped DfE files load once: indicators, both neighbour models, and the council’s 2025 neighbours', async () => {
  const first = await ensureReferenceData(db);
  assert.equal(first.indicatorsLoaded, true);
  assert.deepEqual(first.modelsLoaded.sort(), ['2021', '2025']);
  assert.deepEqual(first.neighboursSet, ['359']);
  assert.equal((await neighbourModelSize(db, '2025')) > 1500, true);
  const wigan = (await getAuthority(db, '359'))!;
  assert.equal(wigan.neighbours.length, 10);
  assert.equal(wigan.regionName, 'North West', 'filled in from its published row');
  assert.equal((await getSettings(db, '359')).neighbourModel, '2025');

  const second = await ensureReferenceData(db);
  assert.deepEqual(second, { indicatorsLoaded: false, modelsLoaded: [], neighboursSet: [] });
});

test('a newer DfE file loaded later answers for the years it publishes, and first start does not load the old one over it', async () => {
  const newer = 'time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,turnover_rate_fte\n2024,National,,,,,,99.9\n2025,National,,,,,,14.1\n';
  const result = await importBenchmarks(db, { fileName: 'csww_indicators_2018_to_2025.csv', bytes: newer });
  assert.ok(result.ok);
  assert.equal(await releaseForYear(db, 2025), result.releaseId);
  assert.equal(await releaseForYear(db, 2024), result.releaseId);
  await ensureReferenceData(db);
  assert.equal(await releaseForYear(db, 2024), result.releaseId);
});

test('choosing the 2021 model replaces the list, editing marks it edited, and each change is audited', async () => {
  const before = (await getAuthority(db, '359'))!.neighbours;
  const chosen = await chooseNeighbourModel(db, { authorityCode: '359', model: '2021' }, actor);
  assert.ok(chosen.ok);
  const after2021 = (await getAuthority(db, '359'))!.neighbours;
  assert.equal(after2021.length, 10);
  assert.notDeepEqual(after2021, before);
  assert.deepEqual(await chooseNeighbourModel(db, { authorityCode: '359', model: '2019' }, actor), { ok: false, problems: { model: 'Select DfE’s 2025 or 2021 model' } });

  assert.ok((await editNeighbours(db, { authorityCode: '359', codes: '350, 351 359' }, actor)).ok);
  assert.deepEqual((await getAuthority(db, '359'))!.neighbours, ['350', '351'], 'its own code is not its neighbour');
  assert.equal((await getSettings(db, '359')).neighboursEdited, true);
  const actions = (await listAudit(db, { limit: 10, offset: 0, action: 'settings.' })).entries.map((e) => `${e.action} ${e.userEmail}`);
  assert.deepEqual(actions, ['settings.neighbours analyst@test.example', 'settings.neighbour_model analyst@test.example']);
});

test('thresholds take numbers or blanks, and refuse anything else', async () => {
  const refused = await setThresholds(db, { authorityCode: '359', values: { turnover_rate_fte: 'high', vacancy_rate_fte: '', caseload_fte: '18' } }, actor);
  assert.equal(refused.ok, false);
  assert.ok((await setThresholds(db, { authorityCode: '359', values: { turnover_rate_fte: '17.5%', vacancy_rate_fte: '', caseload_fte: '18' } }, actor)).ok);
  assert.deepEqual((await getSettings(db, '359')).thresholds, { turnover_rate_fte: 17.5, vacancy_rate_fte: null, caseload_fte: 18 });
});

test('a column chosen once, and a word added once, are read without asking next time', async () => {
  const file =
    'Staff extract run 01/10/2025\n\nEmployee Number,Job Title,Hours Ratio,Agency Staff Y/N,Start Date,Leaving Date,Leaving Reason\nE1,Social Worker,1,N,01/09/2021,31/03/2025,Left - new job\n';
  const first = await previewWorkers(db, { authorityCode: '359', fileName: 'hr.csv', bytes: file });
  assert.deepEqual(first.missingRequired, ['agency', 'fte']);
  assert.equal(first.headerRow, 3);
  assert.deepEqual(first.titleRows, [{ row: 1, text: 'Staff extract run 01/10/2025' }]);

  const saved = await saveColumnChoices(
    db,
    {
      authorityCode: '359',
      kind: 'workers',
      choices: [
        { header: 'Hours Ratio', field: 'fte' },
        { header: 'Agency Staff Y/N', field: 'agency' },
      ],
    },
    actor,
  );
  assert.ok(saved.ok);
  const second = await previewWorkers(db, { authorityCode: '359', fileName: 'hr.csv', bytes: file });
  assert.deepEqual(second.missingRequired, []);
  assert.deepEqual(
    second.problems.map((p) => `${p.column}: ${p.message}`),
    [
      'Leaving Reason: "Left - new job" is not a leaving reason: use one of resignation, voluntary_redundancy, compulsory_redundancy, dismissed, retired, deceased, moved_within_la, other, not_known, not_yet_collected, the DfE number 1-10, or add the word under Settings, "Words for codes"',
    ],
  );

  assert.ok((await addCodeWord(db, { authorityCode: '359', list: 'leaving_reason', word: 'Left - new job', code: 'resignation' }, actor)).ok);
  const third = await previewWorkers(db, { authorityCode: '359', fileName: 'hr.csv', bytes: file });
  assert.equal(third.ok, true);
  assert.deepEqual(third.firstRows, [{ row: 4, cells: ['E1', 'Social Worker', '1', 'N', '01/09/2021', '31/03/2025', 'Left - new job'] }]);

  const twice = await saveColumnChoices(
    db,
    {
      authorityCode: '359',
      kind: 'workers',
      choices: [
        { header: 'A', field: 'fte' },
        { header: 'B', field: 'fte' },
      ],
    },
    actor,
  );
  assert.equal(twice.ok, false);
});
