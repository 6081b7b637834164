import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OpenDatabase } from '../db/database.ts';
import { insertResponse, insertSurvey } from '../db/surveys.ts';
import { QUESTION_LIBRARY, type SurveyResponseRecord } from '../domain/surveys.ts';
import { importExitInterviews } from '../imports/run-exit-interviews-import.ts';
import { formatProblem, importWorkers, type ImportOutcome } from '../imports/run-import.ts';
import { testDatabase } from '../test/db.ts';
import { BREAKDOWN_FIELDS, BREAKDOWN_LABELS, HEADLINE_MEASURES } from './dashboard.ts';
import { createViews, renderView } from '../web/render.ts';
import { groupsWithheld, themePackBlocks } from './leavers-pack.ts';
import { committeeReport, documentDocx, type Block } from './review-documents.ts';
import type { ReviewDossier } from './review-dossier.ts';
import { buildEvidencePack, type PackContent, type PackSource } from './review-pack.ts';

const INTERVIEW_COMMENT = 'My manager Jo never listened to me';
const SURVEY_TEXT = 'Please sort out the car park at Riverside House';

let opened: OpenDatabase;
let content: PackContent;
let sources: PackSource[];

function succeeded(outcome: ImportOutcome) {
  if (!outcome.ok) assert.fail(outcome.problems.map(formatProblem).join('\n'));
  return outcome;
}

before(async () => {
  opened = await testDatabase();
  const { db } = opened;
  // Census year 2025: 21 in post on 30 September (18 women, 3 men), 12 leavers (all women) with interviews.
  const rows = ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason,gender,ethnicity,date_of_birth'];
  for (let i = 0; i < 20; i++) rows.push(`S${i},no,case_holder,North,1,2019-01-01,,,${i < 3 ? 'male' : 'female'},WBRI,1985-05-05`);
  for (let i = 0; i < 12; i++) rows.push(`L${i},no,case_holder,North,1,2018-01-01,2025-0${(i % 6) + 1}-15,resignation,female,WBRI,1980-01-01`);
  // One leaving in October 2025, so census year 2025 is whole in the data (and she is in post on 30 September).
  rows.push('X0,no,case_holder,North,1,2019-01-01,2025-10-15,resignation,female,WBRI,1985-05-05');
  succeeded(await importWorkers(db, { authorityCode: 'TH', fileName: 'staff.csv', bytes: rows.join('\n') }));

  // 10 of 12 completed: pay is the main reason for 6, workload for 3 (withheld), caseload for 1 (withheld).
  const primary = ['pay', 'pay', 'pay', 'pay', 'pay', 'pay', 'workload', 'workload', 'workload', 'caseload'];
  const wouldReturn = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no', 'no', 'maybe'];
  const interviews = ['worker_id,leaving_date,status,interview_date,channel,primary_reason,other_reasons,regrettable,would_return,counter_offer,comments'];
  for (let i = 0; i < 12; i++) {
    const date = `2025-0${(i % 6) + 1}-15`;
    interviews.push(i < 10 ? `L${i},${date},completed,${date},online,${primary[i]},supervision,yes,${wouldReturn[i]},no,"${INTERVIEW_COMMENT}"` : `L${i},${date},declined,,,,,,,,`);
  }
  succeeded(await importExitInterviews(db, { authorityCode: 'TH', fileName: 'exits.csv', bytes: interviews.join('\n') }));

  // A staff survey with 27 responses: North 12, East 11, South 4 (withheld, and East with it).
  const surveyId = await insertSurvey(db, {
    authorityCode: 'TH',
    title: 'Staff survey 2025',
    template: 'staff',
    questions: QUESTION_LIBRARY.staff.questions,
    opensOn: '2025-06-01',
    closesOn: '2025-07-01',
    previousSurveyId: null,
    createdBy: null,
  });
  const teams = [...Array(12).fill('North'), ...Array(11).fill('East'), ...Array(4).fill('South')] as string[];
  for (const [i, team] of teams.entries()) {
    const response: SurveyResponseRecord = {
      team,
      role: 'case_holder',
      experienceBand: '5_plus',
      // 3 agree that they are satisfied (withheld); 20 of 27 recommend the council.
      answers: { job_satisfaction: i < 3 ? 4 : 2, recommend: i < 20 ? 5 : 1, plans: i < 2 ? 'agency' : 'same_role', improve: SURVEY_TEXT },
    };
    await insertResponse(db, 'TH', surveyId, { ...response, channel: i === 0 ? 'paper' : 'online', receivedOn: '2025-06-10' });
  }
  const built = await buildEvidencePack(db, 'TH', { asOf: '2025-10-01' });
  assert.equal(built.censusYear, 2025);
  content = built.content;
  sources = built.sources;
});

after(async () => {
  await opened.close();
});

const rowOf = (rows: string[][], label: string) => rows.find((r) => r[0] === label);

test('an evidence pack carries exit-interview themes for its census year, with small counts withheld and secondary suppression', () => {
  const section = content.exitInterviews!;
  assert.equal(section.censusYear, 2025);
  const [summary, reasons] = section.tables;
  assert.deepEqual(rowOf(summary!.rows, 'Leavers (employed)'), ['Leavers (employed)', '12']);
  assert.deepEqual(rowOf(summary!.rows, 'Exit interviews completed'), ['Exit interviews completed', '10']);
  assert.deepEqual(rowOf(summary!.rows, 'Exit interview rate'), ['Exit interview rate', '83.3%']);
  assert.deepEqual(rowOf(summary!.rows, 'Regrettable leavers'), ['Regrettable leavers', '10']);
  // Would return: 6 yes, 3 no, 1 maybe: both small counts withheld.
  assert.deepEqual(rowOf(summary!.rows, 'Would return: yes'), ['Would return: yes', '6']);
  assert.deepEqual(rowOf(summary!.rows, 'Would return: no'), ['Would return: no', '[c]']);
  assert.deepEqual(rowOf(summary!.rows, 'Would return: maybe'), ['Would return: maybe', '[c]']);
  // Every interview named supervision too; pay 6 of 10; workload 3 and caseload 1 withheld.
  assert.deepEqual(rowOf(reasons!.rows, 'Supervision'), ['Supervision', '100.0%', '0']);
  assert.deepEqual(rowOf(reasons!.rows, 'Pay'), ['Pay', '60.0%', '6']);
  assert.deepEqual(rowOf(reasons!.rows, 'Workload'), ['Workload', '[c]', '[c]']);
  assert.deepEqual(rowOf(reasons!.rows, 'Caseload'), ['Caseload', '[c]', '[c]']);
  assert.equal(rowOf(reasons!.rows, 'Retirement'), undefined, 'reasons nobody named are left out');
});

test('an evidence pack carries the latest survey wave per question, never free text, with small answers and groups withheld', () => {
  const section = content.surveys!;
  assert.deepEqual(
    section.waves.map((w) => w.title),
    ['Staff survey 2025'],
  );
  const statements = section.tables[0]!;
  // 3 of 27 satisfied: withheld with the change and the gap built from it.
  assert.deepEqual(rowOf(statements.rows, 'Overall, I am satisfied with my job.')!.slice(0, 3), ['Overall, I am satisfied with my job.', '27', '[c]']);
  assert.deepEqual(rowOf(statements.rows, 'I would recommend the council as a place to work.')!.slice(0, 4), ['I would recommend the council as a place to work.', '27', '74.1%', '3.96']);
  const plans = section.tables.find((t) => t.caption.startsWith('Where do you see yourself'))!;
  assert.deepEqual(rowOf(plans.rows, 'Working for an agency'), ['Working for an agency', '[c]']);
  assert.deepEqual(rowOf(plans.rows, 'In my current role'), ['In my current role', '92.6%']);
  // By team: South has 4 responses (under 10), so East, the next smallest, is withheld too.
  const byTeam = section.tables.find((t) => t.caption.startsWith('Share agreeing by team'))!;
  assert.deepEqual(
    byTeam.columns.map((c) => c.label),
    ['Statement', 'East', 'North', 'South'],
  );
  assert.deepEqual(byTeam.rows[0], ['Responses', 'fewer than 10 responses', '12', 'fewer than 10 responses']);
  assert.deepEqual(rowOf(byTeam.rows, 'I would recommend the council as a place to work.'), ['I would recommend the council as a place to work.', '[c]', '100.0%', '[c]']);
  // One paper response: a count of 1 is withheld in the sentence too.
  assert.ok(section.paragraphs.some((p) => p.includes('“Staff survey 2025”: 27 responses, [c] of them on paper')));
  const stored = JSON.stringify(content);
  assert.ok(!stored.includes(SURVEY_TEXT), 'free-text survey answers never reach a pack');
  assert.ok(!stored.includes('What one thing would most improve'), 'free-text questions are left out');
  assert.ok(!stored.includes(INTERVIEW_COMMENT), 'exit interview comments never reach a pack');
  assert.deepEqual(groupsWithheld([30, 12, 4], 10), [false, true, true]);
  assert.deepEqual(groupsWithheld([30, 12, 0], 10), [false, false, false]);
});

test('an evidence pack carries the equality tables with small groups withheld as on the equality page', () => {
  const section = content.equality!;
  const gender = section.tables.find((t) => t.caption.startsWith('By gender'))!;
  // 3 men in post: withheld, and the women too (the total would give the men away).
  const male = rowOf(gender.rows, 'Male')!;
  const female = rowOf(gender.rows, 'Female')!;
  assert.equal(male[1], '[c]');
  assert.equal(female[1], '[c]');
  assert.deepEqual(rowOf(gender.rows, 'All')!.slice(0, 2), ['All', '21']);
});

function dossierWith(packContent: PackContent): ReviewDossier {
  const pack = {
    id: 1,
    reviewId: 1,
    meetingId: null,
    title: 'Pack for meeting 2',
    asOf: '2025-10-01',
    censusYear: 2025,
    issuedAt: '2025-10-02T09:00:00.000Z',
    issuedBy: 'officer',
    content: packContent,
    sources,
  };
  return {
    authority: { code: 'TH', name: 'Thornbury' },
    review: {
      id: 1,
      title: 'Keeping our social workers',
      scope: {
        objectives: [],
        indicators: [],
        methods: [],
        focusGroups: [],
        otherMethods: '',
        inScope: '',
        excluded: '',
        linkedStrategies: '',
        risks: [],
        equalityImplications: 'The review considered leavers by sex, age and ethnicity.',
        keyDates: [],
        anticipatedMeetings: null,
        scrutinyBoard: '',
        cabinetPortfolios: '',
        reportingDate: null,
        reportingRoute: '',
        reportOf: '',
        communications: '',
      },
      contactOfficer: '',
      recommendationsAgreedOn: null,
    },
    meetings: [],
    actions: [],
    findings: [],
    evidence: [],
    recommendations: [],
    packs: [pack],
    latestPack: pack,
    withheldFigures: [],
    today: '2025-11-20',
  } as unknown as ReviewDossier;
}

const allText = (blocks: Block[]) => JSON.stringify(blocks);

test('the committee report includes the sections (equality under equality implications), and a pack issued without them still renders', async () => {
  const report = committeeReport(dossierWith(content));
  const evidence = report.sections.find((s) => s.heading === 'Evidence')!;
  const subheadings = evidence.blocks.filter((b) => b.kind === 'subheading').map((b) => (b as { text: string }).text);
  assert.ok(subheadings.includes('Exit interviews: why people left'));
  assert.ok(subheadings.includes('Survey results'));
  const equality = report.sections.find((s) => s.heading === 'Equality implications')!;
  assert.ok(allText(equality.blocks).includes('The review considered leavers by sex, age and ethnicity.'));
  assert.ok(allText(equality.blocks).includes('By gender, census year 2025'));
  assert.ok(allText(evidence.blocks).includes('[c]'));
  const whole = JSON.stringify(report);
  assert.ok(!whole.includes(SURVEY_TEXT) && !whole.includes(INTERVIEW_COMMENT));
  assert.ok((await documentDocx(report)).length > 0);

  // A pack issued before issue 11 has none of the three fields: the report and the pages still render.
  const { exitInterviews: _e, surveys: _s, equality: _q, ...old } = content;
  const oldReport = committeeReport(dossierWith(old));
  assert.ok(!JSON.stringify(oldReport).includes('Exit interviews: why people left'));
  assert.equal(report.sections.length, oldReport.sections.length);
  assert.ok((await documentDocx(oldReport)).length > 0);
  assert.deepEqual(themePackBlocks(undefined), []);

  const views = createViews();
  const render = (packContent: PackContent) =>
    renderView(views, 'datapack.njk', {
      view: packContent.dashboard,
      title: 'Pack',
      produced: '2 October 2025',
      breakdownFields: BREAKDOWN_FIELDS,
      breakdownLabels: BREAKDOWN_LABELS,
      headlineMeasures: HEADLINE_MEASURES,
      pack: { ...dossierWith(packContent).latestPack, reviewTitle: 'Keeping our social workers', meeting: null, asOfText: '1 October 2025', issuedText: '2 October 2025' },
    });
  const html = await render(content);
  assert.ok(html.includes('Exit interviews: why people left') && html.includes('Survey results') && html.includes('Equality monitoring'));
  assert.ok(html.includes('<td class="govuk-table__cell govuk-table__cell--numeric">[c]</td>'));
  assert.ok(!html.includes(SURVEY_TEXT) && !html.includes(INTERVIEW_COMMENT));
  const oldHtml = await render(old);
  assert.ok(oldHtml.includes('Where the figures came from'));
  assert.ok(!oldHtml.includes('Exit interviews: why people left') && !oldHtml.includes('Equality monitoring'));
});
