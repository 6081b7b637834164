import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { PdfOptions } from '../reports/pdf.ts';
import { longDate } from '../domain/format.ts';
import { committeeReport } from '../reports/review-documents/committee-report.ts';
import { evaluationReport } from '../reports/review-documents/evaluation.ts';
import type { ReviewDocument } from '../reports/review-documents/model.ts';
import { scopingDocument } from '../reports/review-documents/scoping.ts';
import type { ReviewDossier } from '../reports/review-dossier.ts';
import { sendPdf } from './pdf.ts';
import { renderView } from './render.ts';

/**
 * The review documents as print-ready HTML, for Chromium to print to PDF (src/reports/pdf.ts).
 * Each renders the same `ReviewDocument` the Word version is written from, so the two agree.
 */

const TEMPLATES = {
  scoping: 'reviews/print/scoping.njk',
  'committee-report': 'reviews/print/committee-report.njk',
  evaluation: 'reviews/print/evaluation.njk',
  minutes: 'reviews/print/minutes.njk',
  'business-case': 'reviews/print/committee-report.njk',
} as const satisfies Record<ReviewDocument['kind'], string>;

export function renderReviewDocumentHtml(views: nunjucks.Environment, doc: ReviewDocument): Promise<string> {
  return renderView(views, TEMPLATES[doc.kind], { doc });
}

export function renderScopingHtml(views: nunjucks.Environment, dossier: ReviewDossier): Promise<string> {
  return renderReviewDocumentHtml(views, scopingDocument(dossier));
}

export function renderCommitteeReportHtml(views: nunjucks.Environment, dossier: ReviewDossier): Promise<string> {
  return renderReviewDocumentHtml(views, committeeReport(dossier));
}

export function renderEvaluationHtml(views: nunjucks.Environment, dossier: ReviewDossier): Promise<string> {
  return renderReviewDocumentHtml(views, evaluationReport(dossier));
}

/** The running header and footer for the printed PDF: what the document is, and when it was produced. */
export function reviewDocumentPdfOptions(doc: ReviewDocument): PdfOptions {
  return { title: `${doc.council}: ${doc.documentTitle}`, footer: `${doc.title} · produced ${longDate(doc.produced)} by Retain` };
}

/**
 * Sends a review document as a Word file or a PDF, named after what it is and the review, and
 * audits the download (after the PDF is made, before it is sent).
 */
export async function sendReviewDocument(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  dossier: Pick<ReviewDossier, 'review'>,
  doc: ReviewDocument,
  format: 'docx' | 'pdf',
): Promise<FastifyReply> {
  const fileName = `${doc.documentTitle}-${doc.title}`
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 80)
    .toLowerCase();
  const audit = () => request.audit('review.downloaded', { authorityCode: dossier.review.authorityCode, details: { reviewId: dossier.review.id, document: doc.kind, format } });
  if (format === 'pdf') {
    const html = await renderReviewDocumentHtml(app.views, doc);
    return sendPdf(app, reply, { html, ...reviewDocumentPdfOptions(doc), fileName: `${fileName}.pdf`, name: doc.documentTitle.toLowerCase() }, audit);
  }
  // `docx` is loaded with the first Word download, not at start: most requests never need it.
  const { documentDocx } = await import('../reports/review-documents/docx.ts');
  const bytes = await documentDocx(doc);
  await audit();
  return reply.header('content-disposition', `attachment; filename="${fileName}.docx"`).type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(bytes);
}
