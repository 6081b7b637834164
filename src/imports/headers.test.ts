import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerKey, matchHeaders, VACANCY_FIELDS, WORKER_FIELDS } from './headers.ts';

test('headers match ignoring case, spaces, underscores and hyphens, synonyms included', () => {
  assert.equal(headerKey(' Start_Date '), headerKey('start-date'));
  const match = matchHeaders('w.csv', ['Employee ID', 'AGENCY WORKER', 'Job-Role', 'Full Time Equivalent', 'Role Start Date', 'Cases 30 Sept', 'sickness_days'], 1, WORKER_FIELDS);
  assert.deepEqual(match.problems, []);
  assert.deepEqual(match.columns, { worker_id: 0, agency: 1, role: 2, fte: 3, start_date: 4, cases: 5, working_days_lost: 6 });
  assert.ok(match.missingOptional.includes('salary'));
  assert.deepEqual(match.warnings, []);
});

test('columns outside the contract are ignored with one warning that lists them all', () => {
  const match = matchHeaders('w.csv', ['worker_id', 'Notes', 'agency', 'Manager', '', 'role', 'fte', 'start_date'], 1, WORKER_FIELDS);
  assert.deepEqual(match.problems, []);
  assert.deepEqual(match.ignored, ['Notes', 'Manager']);
  assert.deepEqual(match.warnings, ['w.csv: 2 columns not in the contract were ignored: Notes, Manager']);
  assert.deepEqual(
    match.mapping.map((m) => m.field),
    ['worker_id', null, 'agency', null, 'role', 'fte', 'start_date'],
  );
});

test('each missing required column is a problem on the header row, and two columns for one field is too', () => {
  const match = matchHeaders('w.csv', ['ID', 'Staff Number', 'role'], 1, WORKER_FIELDS);
  assert.deepEqual(match.problems, [
    { file: 'w.csv', row: 1, column: 'Staff Number', message: 'columns "ID" and "Staff Number" both give worker_id; keep one' },
    { file: 'w.csv', row: 1, column: 'agency', message: 'required column agency is missing (also accepted: agency worker, agency?, agency (y/n) and 3 more)' },
    { file: 'w.csv', row: 1, column: 'fte', message: 'required column fte is missing (also accepted: full time equivalent, contract fte, contracted fte and 3 more)' },
    { file: 'w.csv', row: 1, column: 'start_date', message: 'required column start_date is missing (also accepted: role start date, start date, date started and 4 more)' },
  ]);
  assert.deepEqual(
    matchHeaders('v.csv', ['Reference Date', 'Vacancy FTE', 'Team'], 1, VACANCY_FIELDS).problems.map((p) => p.column),
    ['agency_cover_fte'],
  );
});
