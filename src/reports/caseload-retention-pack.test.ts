import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { loadDemo } from '../imports/demo.ts';
import { testDatabase } from '../test/db.ts';
import { caseloadRetentionPackBlocks } from './caseload-retention-pack.ts';
import type { CaseloadPackSection } from './caseloads.ts';
import { loadDemoReview } from './demo-review.ts';
import { reviewDossier } from './review-dossier.ts';
import { committeeReport, committeeReportDocx, type Block, type TableBlock } from './review-documents.ts';

async function documentText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  return (await zip.file('word/document.xml')!.async('string')).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

test("the committee report carries the pack's caseload spread and retention curve; in Word the curve is its table", async () => {
  const { db, close } = await testDatabase();
  try {
    const { authorityCode } = await loadDemo(db);
    const { reviewId } = await loadDemoReview(db, authorityCode);
    const dossier = (await reviewDossier(db, authorityCode, reviewId!, '2025-12-01'))!;
    const pack = dossier.latestPack!;
    assert.ok(pack.content.caseloads && pack.content.retention, 'the demo pack holds both sections');
    const blocks = committeeReport(dossier).sections.flatMap((section) => section.blocks);
    const headings = blocks.filter((b): b is Extract<Block, { kind: 'subheading' }> => b.kind === 'subheading').map((b) => b.text);
    assert.ok(headings.includes('Caseloads') && headings.includes('Retention curves'), headings.join(', '));
    const curve = blocks.find((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart' && b.title === 'Retention of social workers');
    assert.ok(curve, 'the retention curve is a chart block');
    assert.ok(curve.svg.startsWith('<svg'), "the PDF draws the pack's stored curve");
    assert.deepEqual(curve.table.rows[0]?.slice(0, 2), ['All spells', String(pack.content.retention.council.spells)]);

    const text = await documentText(await committeeReportDocx(dossier));
    assert.match(text, /Caseload spread by team, \d+ \w+ \d{4}/);
    assert.match(text, /Share of spells lasting 12 and 24 months, by where people came from/);
    assert.ok(!text.includes('<svg'), 'Word gets the table, not the drawing');
  } finally {
    await close();
  }
});

test('a team of fewer than 5 case holders, and an over-threshold count of 1 to 4, are [c] in the report as in the pack', () => {
  const figures = { workers: 20, cases: 300, caseload_fte: 16, median_cases_per_fte: 15.5, p90_cases_per_fte: 22, max_cases_per_fte: 25, over_threshold: 6, suppressed: false };
  const section = {
    snapshotDate: '2025-09-30',
    council: figures,
    byTeam: [
      { key: 'Assessment', ...figures, over_threshold: null },
      { key: 'Leadership', ...figures, workers: 3, cases: 0, caseload_fte: null, median_cases_per_fte: null, p90_cases_per_fte: null, max_cases_per_fte: null, over_threshold: null, suppressed: true },
    ],
    byRole: [],
    leavers: { year: 2025, leavers: 3, leaver_snapshots: 12, leavers_mean_cases_per_fte: null, stayers: 40, stayer_snapshots: 480, stayers_mean_cases_per_fte: null, suppressed: true },
  } as unknown as CaseloadPackSection;
  const blocks = caseloadRetentionPackBlocks(section, null);
  const table = blocks.find((b): b is TableBlock => b.kind === 'table')!;
  assert.deepEqual(table.rows, [
    ['Council', '16.0', '15.5', '22.0', '6'],
    ['Assessment', '16.0', '15.5', '22.0', '[c]'],
    ['Leadership', '[c]', '[c]', '[c]', '[c]'],
  ]);
  assert.equal(blocks.filter((b) => b.kind === 'paragraph').length, 1, 'leavers against stayers from 3 leavers is left out');
  assert.deepEqual(caseloadRetentionPackBlocks(undefined, undefined), [], 'a pack issued before these sections existed adds nothing');
});
