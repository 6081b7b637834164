import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAssignment, buildPriceCap } from '../test/builders.ts';
import { readAgencyFile, readPriceCapsFile } from './agency-file.ts';
import { readApplicationsFile } from './applications-file.ts';
import { formatProblem } from './problems.ts';

test('agency rows are read with defaults: 37 hours a week, a local role name kept beside its code', async () => {
  const csv = 'Assignment ID,Worker Ref,SWE Number,Agency,Role,Team,Start Date,End Date,Hourly Rate,Over Cap Approved\nA1,R1,SW1,Hays,Senior Social Worker,CIN,04/11/2024,,£48.50,Yes\n';
  const file = await readAgencyFile('a.csv', Buffer.from(csv));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.records, [
    buildAssignment({
      assignmentId: 'A1',
      workerRef: 'R1',
      sweNumber: 'SW1',
      agency: 'Hays',
      role: 'senior_practitioner',
      localRole: 'Senior Social Worker',
      team: 'CIN',
      hourlyRate: 48.5,
      overCapApproved: true,
    }),
  ]);
});

test('an assignment ending before it starts, a bad rate and a repeated id are problems by file, row and column', async () => {
  const csv =
    'assignment_id,worker_ref,agency,role,start_date,end_date,hourly_rate,hours_per_week\n' +
    'A1,R1,Hays,case_holder,2025-02-01,2025-01-31,40,\n' +
    'A2,R2,Hays,case_holder,2025-02-01,,0,80\n' +
    'A1,R3,,wizard,,,x,\n';
  const file = await readAgencyFile('a.csv', Buffer.from(csv));
  assert.deepEqual(file.problems.map(formatProblem), [
    'a.csv:2:end_date: end_date 2025-01-31 is before start_date 2025-02-01',
    'a.csv:3:hourly_rate: hourly_rate 0 must be more than 0 (pounds an hour charged to the council)',
    'a.csv:3:hours_per_week: hours_per_week 80 must be more than 0 and at most 60',
    'a.csv:4:agency: agency is required',
    'a.csv:4:role: "wizard" is not a known role: use a role code (senior_manager, middle_manager, team_manager, senior_practitioner, case_holder, qualified_no_cases), a DfE OrgRole number 1-6, or add the name to the role map',
    'a.csv:4:start_date: start_date is required',
    'a.csv:4:hourly_rate: "x" is not a number',
    'a.csv:4:assignment_id: assignment A1 is also on row 2; each assignment needs its own id',
  ]);
  assert.deepEqual(file.records.length, 0);
});

test('price caps are set for a role code or for a local role name', async () => {
  const csv = 'role,effective_from,max_hourly_rate\nCase holder,2024-04-01,42\n5,2025-04-01,43\nSenior Social Worker,2025-04-01,45\nAdvanced practitioner,2025-04-01,-1\n';
  const file = await readPriceCapsFile('c.csv', Buffer.from(csv));
  assert.deepEqual(file.problems.map(formatProblem), ['c.csv:5:max_hourly_rate: max_hourly_rate -1 must be more than 0']);
  assert.deepEqual(file.records, [
    buildPriceCap(),
    buildPriceCap({ effectiveFrom: '2025-04-01', maxHourlyRate: 43 }),
    buildPriceCap({ role: 'Senior Social Worker', roleCode: null, effectiveFrom: '2025-04-01', maxHourlyRate: 45 }),
  ]);
});

test('applications: codes match ignoring case and spaces; an outcome without an offer date and a start before applying are errors', async () => {
  const header = 'application_id,campaign,role,advert_date,applied_date,stage_reached,offer_date,offer_outcome,accepted_date,start_date,withdrawn,withdrawal_reason,source,route\n';
  const good = await readApplicationsFile(
    'p.csv',
    Buffer.from(`${header}P1,C1,case_holder,2024-12-02,2024-12-09, Started ,2025-01-10,ACCEPTED,2025-01-15,2025-03-03,no,,Grow your own,Newly qualified\n`),
  );
  assert.deepEqual(good.problems, []);
  assert.equal(good.records[0]!.stageReached, 'started');
  assert.equal(good.records[0]!.source, 'grow_your_own');
  assert.equal(good.records[0]!.route, 'newly_qualified');
  const bad = await readApplicationsFile(
    'p.csv',
    Buffer.from(
      header +
        'P1,C1,case_holder,2024-12-02,2024-12-09,interviewed,,declined,,,,pay,,\n' +
        'P2,C1,case_holder,2024-12-02,2024-12-09,started,2025-01-10,accepted,2025-01-15,2024-12-01,,,,\n' +
        'P3,C1,case_holder,2024-12-02,2024-12-09,offered,2025-01-10,declined,,,,,agency,\n',
    ),
  );
  assert.deepEqual(bad.problems.map(formatProblem), [
    'p.csv:2:offer_outcome: offer_outcome declined needs an offer_date',
    'p.csv:3:start_date: start_date 2024-12-01 is before applied_date 2024-12-09',
    'p.csv:4:source: "agency" is not a source: use one of job_board, council_site, social_media, referral, agency_conversion, grow_your_own, apprenticeship, return_to_practice, international, other',
    'p.csv:4:withdrawal_reason: withdrawal_reason is required when the offer was declined (use not_known if nobody asked)',
  ]);
});
