import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../db/database.ts';
import { loadDemo } from '../imports/demo.ts';
import { chromiumPath, createPdfRenderer } from '../reports/pdf.ts';
import { committeeReport, evaluationReport, scopingDocument } from '../reports/review-documents.ts';
import type { ReviewDossier } from '../reports/review-dossier.ts';
import { noChromium } from '../test/browser.ts';
import { testDatabase } from '../test/db.ts';
import { FULL_REVIEW, fullReviewDossier } from '../test/review-dossier.ts';
import { createViews } from './render.ts';
import { renderCommitteeReportHtml, renderEvaluationHtml, renderScopingHtml, reviewDocumentPdfOptions } from './review-documents.ts';

let db: Db;
let close: () => Promise<void>;
let dossier: ReviewDossier;
const views = createViews();

before(async () => {
  ({ db, close } = await testDatabase());
  dossier = await fullReviewDossier(db, (await loadDemo(db)).authorityCode);
});
after(() => close());

/** Nunjucks escapes apostrophes and quotes; compare with the text as it would be printed. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function assertStandalone(html: string): void {
  assert.match(html, /^\s*<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<link|<script|src="http/, 'nothing is fetched when printing');
}

test('the scoping document prints as a grid with every section heading beside its content', async () => {
  const html = await renderScopingHtml(views, dossier);
  assertStandalone(html);
  assert.match(html, /class="grid"/);
  for (const section of scopingDocument(dossier).sections) {
    assert.ok(html.includes(`<th scope="row">${escaped(section.heading)}</th>`), section.heading);
  }
  assert.ok(html.includes(escaped('Understand why children’s social workers leave')));
  assert.ok(html.includes('Children and Young People’s Plan 2024-2027<br />'), 'free text keeps its line breaks');
});

test('the committee report prints every section, the pack’s chart SVGs with their tables and not the rejected finding', async () => {
  const html = await renderCommitteeReportHtml(views, dossier);
  assertStandalone(html);
  for (const section of committeeReport(dossier).sections) {
    assert.ok(html.includes(`<span class="number">${section.number}</span> ${escaped(section.heading)}</h2>`), section.heading);
  }
  const view = dossier.latestPack!.content.dashboard;
  for (const trend of view.trends) assert.ok(html.includes(trend.svg), `${trend.title} chart`);
  assert.ok(html.includes(view.byTeam.chart.svg), 'turnover by team chart');
  assert.ok(html.includes('<caption>Turnover rate (FTE) by census year</caption>'));
  assert.ok(html.includes(escaped(FULL_REVIEW.recommendation)));
  for (const r of dossier.recommendations) assert.ok(html.includes(`Recommendation ${r.number} (${r.reference})`), `recommendation ${r.number} with its reference`);
  assert.ok(html.includes(escaped(FULL_REVIEW.acceptedFinding)));
  assert.ok(!html.includes(escaped(FULL_REVIEW.rejectedFinding)));
  assert.match(html, /<strong>Contact officer:<\/strong> Sam Patel/);
});

test('the evaluation report prints a table per indicator and each recommendation’s progress', async () => {
  const html = await renderEvaluationHtml(views, dossier);
  assertStandalone(html);
  for (const section of evaluationReport(dossier).sections) assert.ok(html.includes(escaped(section.heading)), section.heading);
  assert.match(html, /<caption>Indicator 1<\/caption>/);
  assert.match(html, /<th scope="row">Outcome<\/th>\s*<td>(Met|Not met)<\/td>/);
  assert.match(html, /Census year 2025/);
  assert.match(html, /Scheme designed with HR/);
  for (const r of dossier.recommendations) assert.ok(html.includes(`Recommendation ${r.number} (${r.reference})`), `recommendation ${r.number} with its reference`);
});

test('each review document prints to PDF', { skip: noChromium }, async () => {
  const pdf = createPdfRenderer(chromiumPath());
  try {
    const documents = [
      [scopingDocument(dossier), await renderScopingHtml(views, dossier)],
      [committeeReport(dossier), await renderCommitteeReportHtml(views, dossier)],
      [evaluationReport(dossier), await renderEvaluationHtml(views, dossier)],
    ] as const;
    for (const [doc, html] of documents) {
      const bytes = await pdf.render(html, reviewDocumentPdfOptions(doc));
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', doc.kind);
    }
  } finally {
    await pdf.close();
  }
});
