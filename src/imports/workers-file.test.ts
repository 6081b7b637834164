import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { roleKey } from '../domain/roles.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { formatProblem, readWorkersFile } from './workers-file.ts';

const HEADER = 'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason';

test('a full row is read into a worker record, every optional field included', async () => {
  const csv = [
    'Employee ID,SWE Registration,Agency Worker,Job Role,Team,Service,Full Time Equivalent,Role Start Date,Leaving Date,Reason Leave,Destination,Origin,Caseload,Sickness Days,Date of Birth,Gender,Ethnicity,Annual Salary,Grade,Qualified Date',
    'E1,SW12345,N,Advanced Practitioner,Assessment,Adults,80%,06/01/2020,31/03/2024,7,3,1,18,2.5,04/05/1990,Female,wbri,"£41,000",SW4,2012-07-01',
  ].join('\n');
  const file = await readWorkersFile('hr.csv', Buffer.from(csv));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.warnings, []);
  assert.deepEqual(file.rows, [2]);
  assert.deepEqual(file.records, [
    buildLeaver('2024-03-31', {
      workerId: 'E1',
      sweNumber: 'SW12345',
      agency: false,
      role: 'senior_practitioner',
      localRole: 'Advanced Practitioner',
      team: 'Assessment',
      service: 'adults',
      fte: 0.8,
      startDate: '2020-01-06',
      leavingReason: 'moved_within_la',
      leaverDestination: 'agency',
      startOrigin: 'newly_qualified',
      cases: 18,
      workingDaysLost: 2.5,
      dateOfBirth: '1990-05-04',
      gender: 'female',
      ethnicity: 'WBRI',
      salary: 41000,
      grade: 'SW4',
      qualifiedDate: '2012-07-01',
    }),
  ]);
});

test('the minimum row takes the defaults: children’s service, empty optionals, role codes and numbers as such', async () => {
  const csv = `${HEADER}\nA1,yes,5,,1,2020-01-06,,\nA2,0,team_manager,,0.5,2021-02-01,,\n`;
  const file = await readWorkersFile('w.csv', Buffer.from(csv));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.records, [
    buildWorker({ workerId: 'A1', agency: true, role: 'case_holder', startDate: '2020-01-06' }),
    buildWorker({ workerId: 'A2', role: 'team_manager', fte: 0.5, startDate: '2021-02-01' }),
  ]);
});

test('a file with several bad rows lists every problem by row and column as written', async () => {
  const csv = [
    'Staff Number,Agency,Job Role,FTE,Start Date,End Date,Leaving Reason,Cases,Sickness Days,Salary,Gender,Service',
    'A1,no,Social Worker,1,2020-01-06,,,,,,,',
    ',maybe,Boss,0,31/02/2024,,,,,,,',
    'A3,no,ASYE,1.2,2022-05-01,2021-01-01,quit,-1,-2,0,3,health',
    'A4,no,ASYE,1,01/06/2023,2024-01-31,,2.5,x,£,,',
    'A1,no,ASYE,1,06/01/2020,,,,,,,',
    'A5,yes,IRO,1,2023-01-01,,,,,,,',
  ].join('\n');
  const file = await readWorkersFile('bad.csv', Buffer.from(csv));
  assert.deepEqual(file.problems.map(formatProblem), [
    'bad.csv:3:Staff Number: Staff Number is required',
    'bad.csv:3:Agency: "maybe" is not yes or no (use yes/no, y/n, true/false or 1/0)',
    'bad.csv:3:Job Role: "Boss" is not a known role: use a role code (senior_manager, middle_manager, team_manager, senior_practitioner, case_holder, qualified_no_cases), a DfE OrgRole number 1-6, or add the name to the role map',
    'bad.csv:3:FTE: FTE 0 must be more than 0 and at most 1 (write 80% or 0.8 for four days a week)',
    'bad.csv:3:Start Date: "31/02/2024" is not a real date: February 2024 has 29 days',
    'bad.csv:4:FTE: FTE 1.2 must be more than 0 and at most 1 (write 80% or 0.8 for four days a week)',
    'bad.csv:4:End Date: End Date 2021-01-01 is before Start Date 2022-05-01',
    'bad.csv:4:Leaving Reason: "quit" is not a leaving reason: use one of resignation, voluntary_redundancy, compulsory_redundancy, dismissed, retired, deceased, moved_within_la, other, not_known, not_yet_collected, the DfE number 1-10, or add the word under Settings, "Words for codes"',
    'bad.csv:4:Cases: cases -1 cannot be negative',
    'bad.csv:4:Sickness Days: working_days_lost -2 cannot be negative',
    'bad.csv:4:Salary: salary 0 must be more than 0 (the full-time annual salary in pounds)',
    'bad.csv:4:Service: "health" is not a service: use children or adults',
    'bad.csv:4:Gender: "3" is not a gender (use 1 male, 2 female, 0 not known, 9 not specified, or the words)',
    'bad.csv:5:Leaving Reason: Leaving Reason is required when End Date is set (2024-01-31)',
    'bad.csv:5:Cases: "2.5" is not a whole number',
    'bad.csv:5:Sickness Days: "x" is not a number',
    'bad.csv:5:Salary: "£" is not a number',
    'bad.csv:6:Staff Number: worker A1 with Start Date 06/01/2020 is also on row 2; each post needs its own row',
  ]);
  assert.deepEqual(
    file.records.map((r) => r.workerId),
    ['A1', 'A5'],
  );
});

test('missing required columns are reported once, on the header row, not on every row', async () => {
  const file = await readWorkersFile('w.csv', Buffer.from('worker_id,role\nA1,ASYE\nA2,ASYE\n'));
  assert.deepEqual(file.problems.map(formatProblem), [
    'w.csv:1:agency: required column agency is missing (also accepted: agency worker, agency?, agency (y/n) and 3 more)',
    'w.csv:1:fte: required column fte is missing (also accepted: full time equivalent, contract fte, contracted fte and 3 more)',
    'w.csv:1:start_date: required column start_date is missing (also accepted: role start date, start date, date started and 4 more)',
  ]);
});

test('an XLSX extract with real Excel date cells, numbers and a named sheet is read like the CSV', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').addRow(['Extract run 1 October']);
  const ws = workbook.addWorksheet('CSWW');
  ws.addRow(['Worker ID', 'Agency', 'Role', 'FTE', 'Start Date', 'End Date', 'Leaving Reason', 'Cases', 'Other']);
  ws.addRow([10045, 'No', 'Senior Practitioner', 0.6, new Date(Date.UTC(2019, 8, 30)), new Date(Date.UTC(2024, 8, 30)), 1, 12, 'x']);
  ws.getColumn(5).numFmt = 'dd/mm/yyyy';
  ws.getColumn(6).numFmt = 'dd/mm/yyyy';
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const file = await readWorkersFile('extract.xlsx', bytes, { sheet: 'CSWW' });
  assert.deepEqual(file.problems, []);
  assert.equal(file.format, 'xlsx');
  assert.equal(file.sheet, 'CSWW');
  assert.deepEqual(file.warnings, ['extract.xlsx: a column not in the contract was ignored: Other']);
  assert.deepEqual(file.records, [buildLeaver('2024-09-30', { workerId: '10045', role: 'senior_practitioner', localRole: 'Senior Practitioner', fte: 0.6, startDate: '2019-09-30', cases: 12 })]);
  const wrongSheet = await readWorkersFile('extract.xlsx', bytes, { sheet: 'Staff' });
  assert.deepEqual(wrongSheet.problems.map(formatProblem), ['extract.xlsx: the workbook has no sheet "Staff" (it has "Notes", "CSWW")']);
});

test('Windows-1252 and BOM-prefixed UTF-8 files give the same records', async () => {
  const text = `${HEADER}\nA1,no,ASYE,Zo\u00eb's team,1,2020-01-06,,\n`;
  const cp1252 = Buffer.from(text, 'latin1');
  assert.equal(cp1252.includes(0xeb), true);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const a = await readWorkersFile('a.csv', cp1252);
  const b = await readWorkersFile('b.csv', bom);
  assert.deepEqual(a.problems, []);
  assert.equal(a.records[0]!.team, "Zoë's team");
  assert.deepEqual(a.records, b.records);
});

test('the authority’s role map names roles the default map does not know', async () => {
  const csv = `${HEADER}\nA1,no,Locum Social Worker,,1,2020-01-06,,\n`;
  assert.equal((await readWorkersFile('w.csv', Buffer.from(csv))).problems.length, 1);
  const file = await readWorkersFile('w.csv', Buffer.from(csv), { roleMap: new Map([[roleKey('locum social worker'), 'case_holder']]) });
  assert.deepEqual(file.problems, []);
  assert.equal(file.records[0]!.localRole, 'Locum Social Worker');
});
