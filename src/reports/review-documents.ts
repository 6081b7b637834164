/**
 * The documents a scrutiny review produces: the scoping document, the committee report, the
 * evaluation report and a meeting's minutes, each built once as a plain document (sections of
 * blocks) from the review's dossier. The Word files (review-documents/docx.ts) and the print HTML
 * (src/web/views/reviews/print/) both render that one document, so the PDF and the DOCX cannot
 * say different things.
 *
 * The parts, in src/reports/review-documents/: model.ts (the document model and the committee
 * check), blocks.ts (shared block makers and indicator wording), scoping.ts, committee-report.ts,
 * evaluation.ts, minutes.ts, docx.ts. This module gathers them for callers that want them all;
 * the web imports docx.ts only when a Word file is asked for.
 */

export { checkedForCommittee, NONE_RECORDED, type Block, type DocumentKind, type ReviewDocument, type Section, type TableBlock } from './review-documents/model.ts';
export { changeText, indicatorMeasureLabel, indicatorValue } from './review-documents/blocks.ts';
export { scopingDocument } from './review-documents/scoping.ts';
export { committeeReport } from './review-documents/committee-report.ts';
export { evaluationReport } from './review-documents/evaluation.ts';
export { meetingMinutes } from './review-documents/minutes.ts';
export { committeeReportDocx, documentDocx, evaluationReportDocx, scopingDocumentDocx } from './review-documents/docx.ts';
export { longDate, pounds } from '../domain/format.ts';
