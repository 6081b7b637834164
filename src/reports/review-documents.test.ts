import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import JSZip from 'jszip';
import type { Db } from '../db/database.ts';
import { createReview } from '../db/reviews.ts';
import { emptyScope } from '../domain/reviews.ts';
import { loadDemo } from '../imports/demo.ts';
import { testDatabase } from '../test/db.ts';
import { FULL_REVIEW, fullReviewDossier } from '../test/review-dossier.ts';
import { reviewDossier, type ReviewDossier } from './review-dossier.ts';
import { changeText, committeeReport, committeeReportDocx, evaluationReportDocx, scopingDocumentDocx } from './review-documents.ts';

let db: Db;
let close: () => Promise<void>;
let code: string;
let dossier: ReviewDossier;
let bare: ReviewDossier;

before(async () => {
  ({ db, close } = await testDatabase());
  code = (await loadDemo(db)).authorityCode;
  dossier = await fullReviewDossier(db, code);
  const empty = await createReview(db, code, { title: 'Review just started', scope: emptyScope(), createdBy: null });
  bare = (await reviewDossier(db, code, empty.id, FULL_REVIEW.today))!;
});
after(() => close());

/** The text of word/document.xml, tags dropped and entities decoded, for looking things up. */
async function documentText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function assertInOrder(text: string, parts: readonly string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at >= 0, `"${part}" should follow position ${from}`);
    from = at + part.length;
  }
}

const SCOPING_HEADINGS = [
  'Review title',
  'Objectives',
  'Indicators of success',
  'Evaluation date',
  'Scope — what is included',
  'What is excluded',
  'Linked strategies and policies',
  'Methodology',
  'Barriers and risks',
  'Equality and diversity implications',
  'Key dates',
  'Anticipated number of meetings',
  'Scrutiny board',
  'Cabinet member portfolio(s)',
  'Reporting date and route',
  'Report of',
  'Communications involvement',
];

test('a Word file is a complete package with its title in the document properties', async () => {
  const zip = await JSZip.loadAsync(await scopingDocumentDocx(dossier));
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/footer1.xml', 'word/_rels/document.xml.rels', 'docProps/core.xml']) {
    assert.ok(zip.file(part), `${part} is in the package`);
  }
  assert.match(await zip.file('docProps/core.xml')!.async('string'), /<dc:title>Scrutiny review scoping document: Recruitment and retention/);
});

test('the scoping document lists every section in the council’s order with what the review recorded', async () => {
  const text = await documentText(await scopingDocumentDocx(dossier));
  assertInOrder(text, [dossier.authority.name, 'Scrutiny review scoping document', FULL_REVIEW.title, ...SCOPING_HEADINGS]);
  assertInOrder(text, ['1.', 'Understand why children’s social workers leave', '2.', 'Recommend ways to reduce reliance on agency staff']);
  assert.match(text, /Turnover falls to the England rate.*Turnover rate \(FTE\).*18\.5%.*16\.0%/s);
  assert.match(text, /10 December 2026 \(12 months after the recommendations were agreed on 10 December 2025\)/);
  assert.match(text, /Focus groups with staff/);
  assert.match(text, /Newly qualified social workers \(ASYE\)/);
  assert.match(text, /Staff reluctant to speak openly.*Focus groups run without managers present/s);
  assertInOrder(text, ['15 January 2025', 'First meeting', '12 March 2025', 'Scoping agreed']);
  assert.match(text, /26 November 2025\. Scrutiny Board, then Executive Board/);
  assert.match(text, /Head of Democratic Services/);
});

test('an empty scoping section says "None recorded" rather than vanishing', async () => {
  const text = await documentText(await scopingDocumentDocx(bare));
  assertInOrder(text, SCOPING_HEADINGS);
  assert.match(text, /Evaluation date\n12 months after recommendations are agreed/);
  assert.ok((text.match(/None recorded/g) ?? []).length >= 14, 'every empty section says so');
});

test('the committee report has its numbered sections, the pack’s figures and only accepted findings', async () => {
  const text = await documentText(await committeeReportDocx(dossier));
  const pack = dossier.latestPack!;
  assertInOrder(text, [
    'Committee',
    'Children and Families Scrutiny Board',
    'Date',
    '20 November 2025',
    'Report of',
    'Head of Democratic Services',
    '1   Purpose of the report',
    '2   Action required',
    '3   Background',
    '4   Evidence',
    '5   Findings',
    '6   Other evidence considered',
    '7   Recommendations',
    '8   Financial implications',
    '9   Equality implications',
    '10   Background papers',
    'Contact officer:',
  ]);
  assert.match(text, /agree the recommendations at section 7 and refer them to Cabinet member for Children’s Services/);
  assert.match(text, /Understand why children’s social workers leave/);
  assertInOrder(text, ['Scoping and the data', 'Senior managers', 'Focus groups', 'Other councils', 'Draft recommendations']);
  // Figures: the headline turnover as the pack stored it, its source imports and as-of date.
  const turnover = pack.content.dashboard.headline.find((h) => h.field === 'turnover_rate_fte')!;
  assert.match(text, new RegExp(`Turnover rate \\(FTE\\)\n${turnover.ours.text.replace('.', '\\.')}\n`));
  assert.match(text, /as of 1 October 2025/);
  assert.match(text, /northbridge-workers\.csv/);
  assert.match(text, /The chart is in the PDF version of this report/);
  assert.match(text, /Why social workers left/);
  // Findings: accepted ones under their SWOT heading; the rejected one nowhere.
  assertInOrder(text, ['5   Findings', 'Strengths', FULL_REVIEW.acceptedFinding, 'Threats', 'Agency use is above the region', '6   Other evidence']);
  assert.ok(!text.includes(FULL_REVIEW.rejectedFinding));
  const [first, second] = dossier.recommendations;
  assert.match(first!.reference, /^[A-Z]+ \d{4}\/\d{2}-01$/, 'references are as the tracker writes them');
  // Each recommendation with its reference, where listed and where its cost is.
  assertInOrder(text, [
    `Recommendation 1 (${first!.reference})`,
    FULL_REVIEW.recommendation,
    'Accepted on 10 December 2025',
    `Recommendation 2 (${second!.reference})`,
    FULL_REVIEW.secondRecommendation,
    '8   Financial implications',
    `Recommendation 1 (${first!.reference}): £120,000 a year`,
  ]);
  assert.match(text, /investment of £120,000 a year in total/);
  assert.match(text, /Exit interview summary 2024-25/);
  assert.match(text, /Evidence pack: Pack for meeting 2/);
  assert.match(text, /Sam Patel, Scrutiny Officer/);
});

test('the committee report totals investment as the recommendations page does: a rejected recommendation is not counted', () => {
  const [first] = dossier.recommendations;
  const rejected = { ...first!, id: -1, number: 3, text: 'Pay every social worker a bonus', response: 'rejected' as const, investmentPerYear: 500_000, financialImplications: '' };
  const financial = committeeReport({ ...dossier, recommendations: [...dossier.recommendations, rejected] }).sections.find((s) => s.heading === 'Financial implications')!;
  const words = JSON.stringify(financial.blocks);
  assert.match(words, /investment of £120,000 a year in total/);
  assert.doesNotMatch(words, /500,000/);
});

test('a committee report with no issued pack says it has no figures', async () => {
  const text = await documentText(await committeeReportDocx(bare));
  assert.match(text, /No evidence pack has been issued for this review/);
  assert.match(text, /asked to note the findings/);
});

test('the evaluation report shows each indicator against the current census year and each recommendation’s progress', async () => {
  const text = await documentText(await evaluationReportDocx(dossier));
  const evaluation = dossier.evaluation.indicators[0]!;
  assert.equal(dossier.evaluation.censusYear, 2025);
  assertInOrder(text, ['Evaluation date', '10 December 2026', 'Current figures', 'Census year 2025']);
  assertInOrder(text, ['Indicator', 'Turnover falls to the England rate', 'Measure', 'Turnover rate (FTE)', 'Baseline', '18.5%', 'Target', '16.0%', 'Current figure', 'Change', 'Outcome']);
  assert.ok(text.includes(evaluation.outcome === 'met' ? 'Met' : 'Not met'));
  assert.match(text, /interim figures/, 'the evaluation date has not come yet');
  const [first, second] = dossier.recommendations;
  assertInOrder(text, [
    `Recommendation 1 (${first!.reference})`,
    'Accepted',
    'In progress',
    '1 March 2026',
    'Scheme designed with HR',
    `Recommendation 2 (${second!.reference})`,
    'Awaiting response',
    'Not started',
  ]);
  assert.match(text, /Survey agency workers.*Open \(overdue\)/s);
  assert.ok(!text.includes('Send exit interview data'), 'done actions are not listed as open');
});

test('a change in a rate is signed and in percentage points', () => {
  assert.equal(changeText('turnover_rate_fte', -2.25), '−2.3 percentage points');
  assert.equal(changeText('inpost_fte', 4), '+4.0');
  assert.equal(changeText(null, null), 'Not available');
  assert.equal(changeText('turnover_rate_fte', -0.03), 'No change', 'never “−0.0”');
});
