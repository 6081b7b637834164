import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OpenDatabase } from '../db/database.ts';
import { exitInterviewsForAuthority } from '../db/exit-interviews.ts';
import { listImports } from '../db/imports.ts';
import { leaversForYear } from '../reports/leavers.ts';
import { testDatabase } from '../test/db.ts';
import { importExitInterviews } from './run-exit-interviews-import.ts';
import { formatProblem, importWorkers, type ImportOutcome } from './run-import.ts';

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
  const workers = [
    'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason',
    'A1,no,case_holder,North,1,2020-01-01,2024-06-30,resignation',
    'A2,no,case_holder,North,1,2023-01-01,2024-03-31,resignation',
    'A3,no,case_holder,South,1,2019-01-01,,',
    'A4,no,case_holder,South,1,2019-01-01,,',
  ].join('\n');
  succeeded(await importWorkers(opened.db, { authorityCode: 'EX', fileName: 'staff.csv', bytes: workers }));
});
after(async () => {
  await opened.close();
});

const HEADER = 'worker_id,leaving_date,status,interview_date,channel,primary_reason,other_reasons,regrettable,would_return,counter_offer,comments';
const file = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

function succeeded(outcome: ImportOutcome) {
  if (!outcome.ok) assert.fail(outcome.problems.map(formatProblem).join('\n'));
  return outcome;
}

test('an exit interviews file is imported with codes read ignoring case and spaces, and its figures follow', async () => {
  const { db } = opened;
  const outcome = succeeded(
    await importExitInterviews(db, {
      authorityCode: 'EX',
      fileName: 'exits.csv',
      bytes: file('A1,30/06/2024, Completed ,2024-06-20,In person,PAY,workload; Caseload,yes,Maybe,no,Pay is better next door', 'A2,2024-03-31,declined,,,,,YES,,,'),
    }),
  );
  assert.deepEqual([outcome.inserted, outcome.updated, outcome.unchanged], [2, 0, 0]);
  const [first] = await exitInterviewsForAuthority(db, 'EX');
  assert.deepEqual(first, {
    workerId: 'A2',
    leavingDate: '2024-03-31',
    status: 'declined',
    interviewDate: null,
    channel: null,
    primaryReason: null,
    otherReasons: [],
    regrettable: true,
    wouldReturn: null,
    counterOffer: null,
    comments: null,
  });
  const figures = await leaversForYear(db, 'EX', 2024);
  assert.equal(figures.leavers, 2);
  assert.equal(figures.interviews_completed, 1);
  assert.equal(figures.exit_interview_rate, 50);
  assert.equal(figures.reasons.caseload, 100);
  assert.equal(figures.regrettable_leavers, 2);
  assert.equal(figures.regrettable_turnover_rate, 100); // A3 and A4 in post
  assert.equal((await listImports(db, 'EX'))[0]?.kind, 'exit_interviews');
});

test('re-importing the same keys updates, never duplicates', async () => {
  const { db } = opened;
  const outcome = succeeded(await importExitInterviews(db, { authorityCode: 'EX', fileName: 'exits2.csv', bytes: file('A2,2024-03-31,completed,2024-04-02,phone,management,,no,no,yes,') }));
  assert.deepEqual([outcome.inserted, outcome.updated, outcome.unchanged], [0, 1, 0]);
  const rows = await exitInterviewsForAuthority(db, 'EX');
  assert.equal(rows.length, 2);
  assert.equal(rows.find((row) => row.workerId === 'A2')?.primaryReason, 'management');
  assert.equal((await leaversForYear(db, 'EX', 2024)).interviews_completed, 2);
});

test("every column's bad value is reported by file, row and column, and nothing is written", async () => {
  const { db } = opened;
  const before = await exitInterviewsForAuthority(db, 'EX');
  const importsBefore = (await listImports(db, 'EX')).length;
  const outcome = await importExitInterviews(db, {
    authorityCode: 'EX',
    fileName: 'bad.csv',
    bytes: file(
      'A1,2024-06-30,done,31/02/2024,fax,cash,pay;bonus,perhaps,never,sometimes,',
      ',,,,,,,yes,,,',
      'A1,2024-06-29,declined,,,,,,,,',
      'ZZ,2024-01-01,declined,,,,,,,,',
      'A2,2024-03-31,completed,,,,,,,,',
      'A2,2024-03-31,declined,,,,,,,,',
    ),
  });
  assert.equal(outcome.ok, false);
  const lines = outcome.ok ? [] : outcome.problems.map(formatProblem);
  const expectStart = (prefix: string, ...words: string[]) => {
    const line = lines.find((l) => l.startsWith(prefix) && words.every((w) => l.includes(w)));
    assert.ok(line, `no problem starting ${prefix} with ${words.join(', ')} in:\n${lines.join('\n')}`);
  };
  expectStart('bad.csv:2:status:', '"done"');
  expectStart('bad.csv:2:interview_date:', '31/02/2024');
  expectStart('bad.csv:2:channel:', '"fax"');
  expectStart('bad.csv:2:primary_reason:', '"cash"');
  expectStart('bad.csv:2:other_reasons:', '"bonus"');
  expectStart('bad.csv:2:regrettable:', '"perhaps"');
  expectStart('bad.csv:2:would_return:', '"never"');
  expectStart('bad.csv:2:counter_offer:', '"sometimes"');
  expectStart('bad.csv:3:worker_id:', 'required');
  expectStart('bad.csv:3:leaving_date:', 'required');
  expectStart('bad.csv:3:status:', 'required');
  expectStart('bad.csv:4:leaving_date:', 'A1', '2024-06-29', '2024-06-30');
  expectStart('bad.csv:5:leaving_date:', 'ZZ', '2024-01-01');
  expectStart('bad.csv:6:interview_date:', 'completed');
  expectStart('bad.csv:6:primary_reason:', 'completed');
  expectStart('bad.csv:7:worker_id:', 'row 6');
  assert.deepEqual(await exitInterviewsForAuthority(db, 'EX'), before);
  assert.equal((await listImports(db, 'EX')).length, importsBefore);
});

test('a missing required column is reported once against the header, and nothing is written', async () => {
  const importsBefore = (await listImports(opened.db, 'EX')).length;
  const preview = await importExitInterviews(opened.db, { authorityCode: 'EX', fileName: 'short.csv', bytes: 'worker_id,leaving_date\nA1,2024-06-30\n' });
  assert.equal(preview.ok, false);
  assert.equal((await listImports(opened.db, 'EX')).length, importsBefore);
  assert.deepEqual(preview.ok ? [] : preview.problems.map(formatProblem), ['short.csv:1:status: required column status is missing (also accepted: interview status)']);
});
