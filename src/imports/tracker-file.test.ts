import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from './problems.ts';
import { readTrackerTable, validateTrackerUpload, type TrackerCurrent } from './tracker-file.ts';

const CURRENT: TrackerCurrent[] = [
  {
    id: 11,
    reviewId: 1,
    reference: 'CYP 2025/26-01',
    response: 'accepted',
    leadOfficer: 'Head of Service',
    leadOfficerEmail: '',
    status: 'on_track',
    targetDate: '2026-03-31',
    revisedDate: null,
    slipReason: '',
    updates: [{ date: '2025-12-01', text: 'Scheme drafted' }],
  },
  {
    id: 12,
    reviewId: 1,
    reference: 'CYP 2025/26-02',
    response: 'accepted',
    leadOfficer: 'Principal Social Worker',
    leadOfficerEmail: '',
    status: null,
    targetDate: null,
    revisedDate: null,
    slipReason: '',
    updates: [],
  },
  { id: 13, reviewId: 1, reference: 'CYP 2025/26-03', response: 'rejected', leadOfficer: '', leadOfficerEmail: '', status: null, targetDate: null, revisedDate: null, slipReason: '', updates: [] },
];
const CONTEXT = { today: '2026-02-10', by: 'upload: tracker.csv' };
const HEADER = 'Reference,Review,Recommendation,Lead officer,Lead officer email,Target date,Status,Revised date,Slip reason,Last update date,Last update';

async function check(csv: string) {
  const read = await readTrackerTable('tracker.csv', Buffer.from(csv));
  assert.ok(read.ok);
  return validateTrackerUpload('tracker.csv', read.table, CURRENT, CONTEXT);
}

test('a tracker downloaded and uploaded back unchanged changes nothing', async () => {
  const result = await check(
    `${HEADER}\nCYP 2025/26-01,Keeping staff,"Introduce a retention payment, for all",Head of Service,,2026-03-31,On track,,,2025-12-01,Scheme drafted\nCYP 2025/26-02,Keeping staff,Career pathway,Principal Social Worker,,,,,,,\n`,
  );
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.changes, []);
  assert.equal(result.unchanged, 2);
});

test('a row reports a slip with its revised date and reason, keeping the target date, and a new update is dated today', async () => {
  const result = await check(`${HEADER}\nCYP 2025/26-01,,,Head of Service,hos@council.example,2026-03-31,Slipped,30/09/2026,Recruitment paused,2025-12-01,Waiting for the pay review\n`);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.changes, [
    {
      row: 2,
      recommendationId: 11,
      reviewId: 1,
      reference: 'CYP 2025/26-01',
      leadOfficerEmail: 'hos@council.example',
      progress: {
        status: 'slipped',
        revisedDate: '2026-09-30',
        slipReason: 'Recruitment paused',
        update: { date: '2026-02-10', text: 'Waiting for the pay review', status: 'slipped', revisedDate: '2026-09-30', reason: 'Recruitment paused', by: 'upload: tracker.csv' },
      },
    },
  ]);
});

test('a file with only the reference and the status is enough; the columns it leaves out keep their values', async () => {
  const result = await check('Ref,RAG status\nCYP 2025/26-02,on track\n');
  assert.deepEqual(result.problems, []);
  assert.equal(result.changes.length, 1);
  assert.deepEqual(result.changes[0]!.progress, {
    status: 'on_track',
    revisedDate: null,
    slipReason: '',
    update: { date: '2026-02-10', text: 'Status: On track.', status: 'on_track', by: 'upload: tracker.csv' },
  });
});

test('one bad row means no change at all, and every problem names the file, row and column', async () => {
  const result = await check(
    [
      HEADER,
      'CYP 2025/26-02,,,Principal Social Worker,,,Achieved,,,,Pathway launched',
      'CYP 2025/26-01,,,Head of Service,,2026-03-31,Slipped,2026-02-01,,,',
      'CYP 2025/26-09,,,,,,On track,,,,',
      'CYP 2025/26-03,,,,,,On track,,,,',
      'Rec 4,,,,,,Sort of,,,,',
      'CYP 2025/26-02,,,,not-an-email,,,,,,',
    ].join('\n'),
  );
  assert.deepEqual(result.changes, []);
  assert.deepEqual(result.problems.map(formatProblem), [
    'tracker.csv:3:Revised date: The revised date must be after 31 March 2026, the date it was due by',
    'tracker.csv:3:Slip reason: Enter why it has slipped',
    'tracker.csv:4:Reference: no recommendation of this council has the reference CYP 2025/26-09',
    'tracker.csv:5:Status: This recommendation was rejected, not accepted, so its progress is not followed: it can only be marked no longer monitored',
    'tracker.csv:6:Reference: "Rec 4" is not a reference like CYP 2025/26-03',
    'tracker.csv:6:Status: "Sort of" is not a status: use Achieved, On track, Slipped, Not achieved, No longer monitored',
    'tracker.csv:7:Reference: CYP 2025/26-02 is also on row 2; give each recommendation one row',
    'tracker.csv:7:Lead officer email: "not-an-email" is not an email address',
  ]);
});

test('the agreed target date stays; a status cannot be taken away; an update needs a status', async () => {
  const result = await check([HEADER, 'CYP 2025/26-01,,,Head of Service,,2026-06-30,,,,,', 'CYP 2025/26-02,,,,,,,,,,Started work'].join('\n'));
  assert.deepEqual(result.problems.map(formatProblem), [
    'tracker.csv:2:Target date: the target date stays 2026-03-31, the date agreed; to move it, set the status to Slipped with a revised date and the reason',
    'tracker.csv:2:Status: the status is empty, but CYP 2025/26-01 is On track; a status can be changed but not taken away',
    'tracker.csv:3:Status: give the status with the update: Achieved, On track, Slipped, Not achieved or No longer monitored',
  ]);
});

test('a file without a reference column is refused before any row is read', async () => {
  const result = await check('Status,Last update\nOn track,Fine\n');
  assert.deepEqual(result.problems.map(formatProblem), ['tracker.csv:1:reference: required column reference is missing (also accepted: Reference, ref, rec ref and 4 more)']);
});
