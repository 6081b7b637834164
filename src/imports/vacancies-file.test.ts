import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVacancy } from '../test/builders.ts';
import { formatProblem, readVacanciesFile } from './vacancies-file.ts';

test('vacancy rows for the council and for teams are read, dates in either form', async () => {
  const csv = 'Reference Date,Vacancy FTE,Agency Cover FTE,Team\n30/09/2024,12.5,8,\n2024-09-30,2,1.5,Assessment\n2023-09-30,0,0,\n';
  const file = await readVacanciesFile('v.csv', Buffer.from(csv));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.records, [
    buildVacancy({ vacancyFte: 12.5, agencyCoverFte: 8 }),
    buildVacancy({ vacancyFte: 2, agencyCoverFte: 1.5, team: 'Assessment' }),
    buildVacancy({ referenceDate: '2023-09-30' }),
  ]);
});

test('negative or missing FTE and a repeated date and team are problems, all listed', async () => {
  const csv = 'reference_date,vacancy_fte,agency_cover_fte,team\n2024-09-30,-1,x,\n2024-09-30,1,,\n31/09/2024,1,1,A\n2024-09-30,1,1,A\n2024-09-30,1,1,A\n';
  const file = await readVacanciesFile('v.csv', Buffer.from(csv));
  assert.deepEqual(file.problems.map(formatProblem), [
    'v.csv:2:vacancy_fte: vacancy_fte -1 cannot be negative',
    'v.csv:2:agency_cover_fte: "x" is not a number',
    'v.csv:3:agency_cover_fte: agency_cover_fte is required',
    'v.csv:3:reference_date: 2024-09-30 for the council as a whole (no team) is also on row 2',
    'v.csv:4:reference_date: "31/09/2024" is not a real date: September 2024 has 30 days',
    'v.csv:6:reference_date: 2024-09-30 for team A is also on row 5',
  ]);
});

test('optional post_id and vacant_since make a row one vacant post; vacant_since needs a post and cannot follow the reference date', async () => {
  const csv =
    'reference_date,vacancy_fte,agency_cover_fte,team,post_id,vacant_since\n2025-09-30,1,1,CIN,P1,2025-03-31\n2025-09-30,1,0,CIN,P2,\n2025-09-30,1,0,CIN,,2025-01-01\n2025-09-30,1,0,CIN,P3,2025-10-01\n2025-09-30,1,0,CIN,P1,\n';
  const file = await readVacanciesFile('v.csv', Buffer.from(csv));
  assert.deepEqual(file.problems.map(formatProblem), [
    'v.csv:4:vacant_since: vacant_since needs a post_id: vacancy age is kept for identified posts',
    'v.csv:5:vacant_since: vacant_since 2025-10-01 is after reference_date 2025-09-30',
    'v.csv:6:reference_date: 2025-09-30 for team CIN, post P1 is also on row 2',
  ]);
  assert.deepEqual(file.records.slice(0, 2), [
    buildVacancy({ referenceDate: '2025-09-30', vacancyFte: 1, agencyCoverFte: 1, team: 'CIN', postId: 'P1', vacantSince: '2025-03-31' }),
    buildVacancy({ referenceDate: '2025-09-30', vacancyFte: 1, team: 'CIN', postId: 'P2', vacantSince: null }),
  ]);
});
