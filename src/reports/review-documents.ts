import { agencyPackBlocks } from './agency-pack.ts';
import { themePackBlocks } from './leavers-pack.ts';
import { caseloadRetentionPackBlocks } from './caseload-retention-pack.ts';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IStylesOptions,
} from 'docx';
import {
  ACTION_STATUS_LABELS,
  FOCUS_GROUP_LABELS,
  IMPLEMENTATION_LABELS,
  METHOD_LABELS,
  OUTCOME_LABELS,
  RESPONSE_LABELS,
  SWOT,
  SWOT_LABELS,
  evaluationDateFor,
  type IndicatorEvaluation,
  type IndicatorMeasure,
  type Recommendation,
  type ReviewScope,
} from '../domain/reviews.ts';
import { redactSmallFigures } from '../domain/disclosure.ts';
import type { EvidenceKind, StoredPack } from '../db/reviews.ts';
import { BREAKDOWN_LABELS, formatMeasure, measureLabel, type BreakdownField, type Cell, type Trend } from './dashboard.ts';
import type { MinutesInput, ReviewDossier } from './review-dossier.ts';
import type { PackSource } from './review-pack.ts';

/**
 * The three documents a scrutiny review produces, the scoping document, the committee report and
 * the evaluation report, each built once as a plain document (sections of blocks) from the
 * review's dossier. The Word files here and the print HTML (src/web/views/reviews/print/) both
 * render that one document, so the PDF and the DOCX cannot say different things.
 *
 * Charts: the HTML (and so the PDF) carries each chart as the evidence pack's stored SVG. The Word
 * file carries the chart's data table instead, with a note that the chart is in the PDF version:
 * Word shows an SVG only beside a PNG fallback, and drawing that PNG needs a browser or a
 * rasteriser this package does not have. The table holds every figure the chart draws.
 */

// ---------------------------------------------------------------------------------------------
// The document model

export interface TableBlock {
  kind: 'table';
  caption?: string;
  columns: { label: string; numeric?: boolean }[];
  rows: string[][];
  /** Bold first column: row labels. */
  rowHeaders?: boolean;
}

export type Block =
  | { kind: 'paragraph'; text: string; label?: string }
  | { kind: 'note'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'subheading'; text: string }
  | TableBlock
  | { kind: 'chart'; title: string; description: string; svg: string; table: TableBlock };

export interface Section {
  /** '1', '2' ... in the committee report; none in the scoping document's grid. */
  number?: string;
  heading: string;
  blocks: Block[];
}

export type DocumentKind = 'scoping' | 'committee-report' | 'evaluation' | 'minutes' | 'business-case';

export interface ReviewDocument {
  kind: DocumentKind;
  council: string;
  /** What the document is: "Scrutiny review scoping document". */
  documentTitle: string;
  /** The review's title. */
  title: string;
  /** The title block's label and value pairs (committee, date, report of...). */
  meta: [string, string][];
  /** 'grid': a two-column table of heading and content, as scoping documents are laid out. */
  layout: 'grid' | 'sections';
  sections: Section[];
  /** The last line: the contact officer in a committee report. */
  closing: Block[];
  /** 'YYYY-MM-DD' the document was produced. */
  produced: string;
}

export const NONE_RECORDED = 'None recorded';

/**
 * Every review document goes to a committee, so each is checked before it is written: any figure
 * built from fewer than 5 people that its words quote (an officer's finding, a recommendation, a
 * note) becomes [c], as in the tables (src/domain/disclosure.ts, quotedSmallFigures). Numeric table
 * columns and charts come from the evidence pack's cells, already withheld, and are left as they are.
 * Findings reach the document already checked (reviewDossier for a committee redacts them).
 */
export function checkedForCommittee(doc: ReviewDocument, withheld: readonly string[]): ReviewDocument {
  const clean = (text: string) => redactSmallFigures(text, withheld);
  // Table cells hold recorded values (targets, dates, the pack's shown figures) beside free text:
  // they are checked for counts of 1 to 4 people only, so a target of 16.0% is never taken for a
  // small team's withheld 16.0%.
  const cleanCell = (text: string) => redactSmallFigures(text);
  const table = (block: TableBlock): TableBlock => ({
    ...block,
    ...(block.caption === undefined ? {} : { caption: cleanCell(block.caption) }),
    rows: block.rows.map((row) => row.map((cell, index) => (block.columns[index]?.numeric ? cell : cleanCell(cell)))),
  });
  const checkBlock = (block: Block): Block => {
    switch (block.kind) {
      case 'paragraph':
      case 'note':
      case 'subheading':
        return { ...block, text: clean(block.text) };
      case 'list':
        return { ...block, items: block.items.map(clean) };
      case 'table':
        return table(block);
      case 'chart':
        return block;
    }
  };
  return {
    ...doc,
    sections: doc.sections.map((section) => ({ ...section, blocks: section.blocks.map(checkBlock) })),
    closing: doc.closing.map(checkBlock),
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** 'YYYY-MM-DD' (or an ISO timestamp) as `30 September 2024`. */
export function longDate(date: string): string {
  return LONG_DATE.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

export function pounds(amount: number): string {
  return POUNDS.format(amount);
}

// measureLabel knows the dashboard's measures; these two headcount rates are not on the dashboard.
const EXTRA_LABELS: Partial<Record<IndicatorMeasure, string>> = {
  turnover_rate_headcount: 'Turnover rate (headcount)',
  agency_rate_headcount: 'Agency worker rate (headcount)',
};

export function indicatorMeasureLabel(measure: IndicatorMeasure | null): string {
  if (!measure) return 'Not tied to a measure';
  return EXTRA_LABELS[measure] ?? measureLabel(measure);
}

/** A baseline, target or current figure in its measure's units; plain when the indicator has no measure. */
export function indicatorValue(measure: IndicatorMeasure | null, value: number | null): string {
  if (value === null) return 'Not set';
  return measure ? formatMeasure(measure, value) : String(value);
}

/** `+1.2 percentage points`, `-3.0`: signed, since the direction is the point. */
export function changeText(measure: IndicatorMeasure | null, change: number | null): string {
  if (change === null) return 'Not available';
  // Signed as shown: a change that rounds to 0.0 is no change, not "−0.0".
  const size = Math.round(Math.abs(change) * 10) / 10;
  if (size === 0) return 'No change';
  const sign = change > 0 ? '+' : '−';
  if (measure && measure.includes('_rate_')) return `${sign}${ONE_DECIMAL.format(size)} percentage points`;
  return `${sign}${measure ? formatMeasure(measure, size) : String(size)}`;
}

const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  document: 'Document',
  focus_group: 'Focus group',
  other_council_policy: 'Another council’s policy',
  survey: 'Survey',
  other: 'Other',
};

// ---------------------------------------------------------------------------------------------
// Blocks

const text = (value: string, label?: string): Block => (label ? { kind: 'paragraph', text: value, label } : { kind: 'paragraph', text: value });
const none = (): Block => ({ kind: 'paragraph', text: NONE_RECORDED });
/** Free text, or "None recorded": an empty section is printed, not dropped, so gaps show. */
const textOrNone = (value: string): Block[] => (value.trim() ? [text(value.trim())] : [none()]);
const listOrNone = (items: string[], ordered: boolean): Block[] => (items.length > 0 ? [{ kind: 'list', ordered, items }] : [none()]);
const tableOrNone = (block: TableBlock): Block[] => (block.rows.length > 0 ? [block] : [none()]);

function indicatorsTable(scope: ReviewScope): TableBlock {
  return {
    kind: 'table',
    columns: [{ label: 'Indicator' }, { label: 'Measure' }, { label: 'Baseline', numeric: true }, { label: 'Target', numeric: true }],
    rows: scope.indicators.map((i) => [i.description, indicatorMeasureLabel(i.measure), indicatorValue(i.measure, i.baseline), indicatorValue(i.measure, i.target)]),
  };
}

function methodologyBlocks(scope: ReviewScope): Block[] {
  const blocks: Block[] = [];
  if (scope.methods.length > 0) blocks.push({ kind: 'list', ordered: false, items: scope.methods.map((m) => METHOD_LABELS[m]) });
  if (scope.focusGroups.length > 0) {
    blocks.push(text('Focus groups with:'), { kind: 'list', ordered: false, items: scope.focusGroups.map((g) => FOCUS_GROUP_LABELS[g]) });
  }
  if (scope.otherMethods.trim()) blocks.push(text(scope.otherMethods.trim(), 'Other methods:'));
  return blocks.length > 0 ? blocks : [none()];
}

function evaluationDateText(dossier: ReviewDossier): string {
  const { scope, recommendationsAgreedOn } = dossier.review;
  const date = evaluationDateFor(scope, recommendationsAgreedOn);
  if (!date) return '12 months after recommendations are agreed';
  if (scope.evaluationDate) return longDate(date);
  return `${longDate(date)} (12 months after the recommendations were agreed on ${longDate(recommendationsAgreedOn!)})`;
}

function reportingText(scope: ReviewScope): string {
  const parts = [scope.reportingDate ? longDate(scope.reportingDate) : '', scope.reportingRoute.trim()].filter(Boolean);
  return parts.join('. ');
}

// ---------------------------------------------------------------------------------------------
// Scoping document

export function scopingDocument(dossier: ReviewDossier): ReviewDocument {
  const { review } = dossier;
  const scope = review.scope;
  const sections: Section[] = [
    { heading: 'Review title', blocks: [text(review.title)] },
    { heading: 'Objectives', blocks: listOrNone(scope.objectives, true) },
    { heading: 'Indicators of success', blocks: tableOrNone(indicatorsTable(scope)) },
    { heading: 'Evaluation date', blocks: [text(evaluationDateText(dossier))] },
    { heading: 'Scope — what is included', blocks: textOrNone(scope.inScope) },
    { heading: 'What is excluded', blocks: textOrNone(scope.excluded) },
    { heading: 'Linked strategies and policies', blocks: textOrNone(scope.linkedStrategies) },
    { heading: 'Methodology', blocks: methodologyBlocks(scope) },
    {
      heading: 'Barriers and risks',
      blocks: tableOrNone({ kind: 'table', columns: [{ label: 'Risk' }, { label: 'How it is managed' }], rows: scope.risks.map((r) => [r.risk, r.management]) }),
    },
    { heading: 'Equality and diversity implications', blocks: textOrNone(scope.equalityImplications) },
    {
      heading: 'Key dates',
      blocks: tableOrNone({
        kind: 'table',
        columns: [{ label: 'Date' }, { label: 'Event' }],
        rows: [...scope.keyDates].sort((a, b) => a.date.localeCompare(b.date)).map((d) => [longDate(d.date), d.event]),
      }),
    },
    { heading: 'Anticipated number of meetings', blocks: scope.anticipatedMeetings === null ? [none()] : [text(String(scope.anticipatedMeetings))] },
    { heading: 'Scrutiny board', blocks: textOrNone(scope.scrutinyBoard) },
    { heading: 'Cabinet member portfolio(s)', blocks: textOrNone(scope.cabinetPortfolios) },
    { heading: 'Reporting date and route', blocks: textOrNone(reportingText(scope)) },
    { heading: 'Report of', blocks: textOrNone(scope.reportOf) },
    { heading: 'Communications involvement', blocks: textOrNone(scope.communications) },
  ];
  return checkedForCommittee({
    kind: 'scoping',
    council: dossier.authority.name,
    documentTitle: 'Scrutiny review scoping document',
    title: review.title,
    meta: [],
    layout: 'grid',
    sections,
    closing: [],
    produced: dossier.today,
  }, dossier.withheldFigures);
}

// ---------------------------------------------------------------------------------------------
// Committee report

function purposeBlocks(dossier: ReviewDossier): Block[] {
  return [
    text(
      `This report presents the findings and recommendations of the scrutiny review “${dossier.review.title}”, ` +
        `which looked at how ${dossier.authority.name} recruits and keeps its children’s social workers.`,
    ),
  ];
}

function actionBlocks(dossier: ReviewDossier): Block[] {
  const portfolio = dossier.review.scope.cabinetPortfolios.trim() || 'the relevant cabinet member';
  if (dossier.recommendations.length === 0) return [text('The committee is asked to note the findings at section 5. The review has made no recommendations.')];
  return [text(`The committee is asked to agree the recommendations at section 7 and refer them to ${portfolio}.`)];
}

function backgroundBlocks(dossier: ReviewDossier): Block[] {
  const scope = dossier.review.scope;
  const meetings: TableBlock = {
    kind: 'table',
    caption: 'Meetings held',
    columns: [{ label: 'Meeting' }, { label: 'Date' }, { label: 'Subject' }],
    rows: dossier.meetings.map((m) => [String(m.number), longDate(m.date), m.subject]),
  };
  return [
    { kind: 'subheading', text: 'Objectives' },
    ...listOrNone(scope.objectives, true),
    { kind: 'subheading', text: 'Methodology' },
    ...methodologyBlocks(scope),
    { kind: 'subheading', text: 'Meetings' },
    ...(dossier.meetings.length > 0
      ? [text(`The review met ${dossier.meetings.length} ${dossier.meetings.length === 1 ? 'time' : 'times'}.`), meetings]
      : [text('No meetings have been recorded.')]),
  ];
}

const cellText = (c: Cell): string => (c.status === 'not_available' && c.symbol ? `${c.text} (${c.symbol})` : c.text);

function trendTable(trend: Trend): TableBlock {
  return {
    kind: 'table',
    caption: `${trend.title} by census year`,
    columns: [{ label: 'Series' }, ...trend.years.map((y) => ({ label: String(y), numeric: true }))],
    rows: trend.series.map((s) => [s.name, ...s.cells.map(cellText)]),
    rowHeaders: true,
  };
}

const TEAM_FIELDS: BreakdownField[] = ['inpost_fte', 'leavers_fte', 'turnover_rate_fte', 'vacancy_rate_fte', 'caseload_fte'];

function sourcesTable(sources: PackSource[]): TableBlock {
  return {
    kind: 'table',
    caption: 'Imports the figures were built from',
    columns: [{ label: 'File' }, { label: 'Kind' }, { label: 'Rows', numeric: true }, { label: 'Imported' }, { label: 'SHA-256 (first 12)' }],
    rows: sources.map((s) => [s.fileName, s.kind, String(s.rowCount), longDate(s.importedAt), s.checksumSha256.slice(0, 12)]),
  };
}

function evidenceBlocks(dossier: ReviewDossier): Block[] {
  const pack = dossier.latestPack;
  if (!pack) return [text('No evidence pack has been issued for this review, so this report contains no workforce figures.')];
  const view = pack.content.dashboard;
  const region = view.benchmarks.regionName ?? 'Region';
  const headline: TableBlock = {
    kind: 'table',
    caption: `Headline figures, census year ${pack.censusYear}`,
    columns: [{ label: 'Measure' }, { label: view.authority.name, numeric: true }, { label: 'England', numeric: true }, { label: region, numeric: true }, { label: 'Neighbours (median)', numeric: true }, { label: `Change since ${pack.censusYear - 1}` }],
    rows: view.headline.map((h) => [h.label, cellText(h.ours), cellText(h.england), cellText(h.region), cellText(h.neighbourMedian), h.change?.text ?? 'No earlier year']),
    rowHeaders: true,
  };
  const team = view.byTeam;
  const teamTable: TableBlock = {
    kind: 'table',
    caption: 'By team: census figures',
    columns: [{ label: 'Team' }, ...TEAM_FIELDS.map((f) => ({ label: BREAKDOWN_LABELS[f], numeric: true })), { label: 'At risk' }],
    rows: team.rows.map((r) => [r.label, ...TEAM_FIELDS.map((f) => cellText(r.cells[f])), r.atRisk ? `Yes: ${r.risks.join('; ')}` : 'No']),
    rowHeaders: true,
  };
  const reasons: TableBlock = {
    kind: 'table',
    caption: `Why social workers left, census year ${pack.censusYear}`,
    columns: [{ label: 'Reason' }, { label: 'Leavers (headcount)', numeric: true }, { label: 'Leavers (FTE)', numeric: true }],
    rows: pack.content.leaverReasons.map((r) => [r.label, cellText(r.headcount), cellText(r.fte)]),
    rowHeaders: true,
  };
  return [
    text(
      `The figures in this section are from the evidence pack “${pack.title}”, issued on ${longDate(pack.issuedAt)}, as of ${longDate(pack.asOf)}. ` +
        `They are for census year ${pack.censusYear} (1 October ${pack.censusYear - 1} to 30 September ${pack.censusYear}) and did not change when data was imported after the pack was issued.`,
    ),
    ...(pack.sources.length > 0 ? [sourcesTable(pack.sources)] : []),
    ...(view.suppression.applied
      ? [{ kind: 'note', text: `Small numbers are suppressed: any figure built from fewer than ${view.suppression.threshold} people is shown as [c].` } as Block]
      : []),
    { kind: 'subheading', text: 'Headline figures' },
    headline,
    { kind: 'subheading', text: 'Trends' },
    ...view.trends.map((t): Block => ({ kind: 'chart', title: t.title, description: t.description, svg: t.svg, table: trendTable(t) })),
    { kind: 'subheading', text: 'Turnover by team' },
    { kind: 'chart', title: team.chart.title, description: team.chart.description, svg: team.chart.svg, table: teamTable },
    { kind: 'subheading', text: 'Why social workers left' },
    reasons,
    text(`Leavers whose reason is not known: ${cellText(pack.content.unknownReasonShare)}.`),
    ...caseloadRetentionPackBlocks(pack.content.caseloads, pack.content.retention),
    ...agencyPackBlocks(pack.content.agency),
    ...themePackBlocks(pack.content.exitInterviews),
    ...themePackBlocks(pack.content.surveys),
  ];
}

function findingsBlocks(dossier: ReviewDossier): Block[] {
  // Only findings the review accepted are the committee's; proposed and rejected ones stay off the record.
  const accepted = dossier.findings.filter((f) => f.status === 'accepted');
  if (accepted.length === 0) return [none()];
  return SWOT.flatMap((swot) => {
    const group = accepted.filter((f) => f.swot === swot);
    if (group.length === 0) return [];
    return [
      { kind: 'subheading', text: SWOT_LABELS[swot] } as Block,
      ...group.flatMap((f) => [text(f.statement), ...(f.evidence.trim() ? [{ kind: 'note', text: `Evidence: ${f.evidence.trim()}` } as Block] : [])]),
    ];
  });
}

function otherEvidenceBlocks(dossier: ReviewDossier): Block[] {
  return tableOrNone({
    kind: 'table',
    columns: [{ label: 'Evidence' }, { label: 'Kind' }, { label: 'Notes' }],
    rows: dossier.evidence.map((e) => [e.title, EVIDENCE_KIND_LABELS[e.kind], e.notes]),
  });
}

function recommendationBlocks(r: Recommendation): Block[] {
  const blocks: Block[] = [{ kind: 'subheading', text: `Recommendation ${r.number}` }, text(r.text)];
  if (r.addressedTo.trim()) blocks.push(text(r.addressedTo.trim(), 'Addressed to:'));
  if (r.response !== 'awaiting') {
    const when = r.decisionDate ? ` on ${longDate(r.decisionDate)}` : '';
    blocks.push(text(`${RESPONSE_LABELS[r.response]}${when}.${r.responseReasons.trim() ? ` ${r.responseReasons.trim()}` : ''}`, 'Response:'));
  }
  if (r.financialImplications.trim() || r.investmentPerYear !== null) {
    const investment = r.investmentPerYear !== null ? `${pounds(r.investmentPerYear)} a year. ` : '';
    blocks.push(text(`${investment}${r.financialImplications.trim()}`.trim(), 'Financial implications:'));
  }
  return blocks;
}

function financialBlocks(dossier: ReviewDossier): Block[] {
  const costed = dossier.recommendations.filter((r) => r.investmentPerYear !== null);
  const total = costed.reduce((sum, r) => sum + (r.investmentPerYear ?? 0), 0);
  const blocks: Block[] = [];
  if (costed.length > 0) {
    blocks.push(text(`The recommendations would need investment of ${pounds(total)} a year in total:`));
    blocks.push({ kind: 'list', ordered: false, items: costed.map((r) => `Recommendation ${r.number}: ${pounds(r.investmentPerYear!)} a year`) });
  } else {
    blocks.push(text('No investment has been recorded against the recommendations.'));
  }
  for (const r of dossier.recommendations.filter((r) => r.financialImplications.trim())) {
    blocks.push(text(r.financialImplications.trim(), `Recommendation ${r.number}:`));
  }
  return blocks;
}

function packReference(pack: Omit<StoredPack, 'content' | 'sources'>): string {
  return `Evidence pack: ${pack.title} (census year ${pack.censusYear}, as of ${longDate(pack.asOf)}), issued ${longDate(pack.issuedAt)}`;
}

function backgroundPapers(dossier: ReviewDossier): Block[] {
  const items = [
    `Scrutiny review scoping document: ${dossier.review.title}`,
    ...dossier.packs.map(packReference),
    ...dossier.evidence.map((e) => `${EVIDENCE_KIND_LABELS[e.kind]}: ${e.title}`),
  ];
  return [{ kind: 'list', ordered: false, items }];
}

export function committeeReport(dossier: ReviewDossier): ReviewDocument {
  const { review } = dossier;
  const scope = review.scope;
  const numbered = (heading: string, blocks: Block[], index: number): Section => ({ number: String(index + 1), heading, blocks });
  const sections = (
    [
      ['Purpose of the report', purposeBlocks(dossier)],
      ['Action required', actionBlocks(dossier)],
      ['Background', backgroundBlocks(dossier)],
      ['Evidence', evidenceBlocks(dossier)],
      ['Findings', findingsBlocks(dossier)],
      ['Other evidence considered', otherEvidenceBlocks(dossier)],
      ['Recommendations', dossier.recommendations.length > 0 ? dossier.recommendations.flatMap(recommendationBlocks) : [none()]],
      ['Financial implications', financialBlocks(dossier)],
      ['Equality implications', [...textOrNone(scope.equalityImplications), ...themePackBlocks(dossier.latestPack?.content.equality)]],
      ['Background papers', backgroundPapers(dossier)],
    ] as const
  ).map(([heading, blocks], index) => numbered(heading, [...blocks], index));
  return checkedForCommittee({
    kind: 'committee-report',
    council: dossier.authority.name,
    documentTitle: 'Scrutiny review report',
    title: review.title,
    meta: [
      ['Committee', scope.scrutinyBoard.trim() || NONE_RECORDED],
      ['Date', longDate(dossier.today)],
      ['Report of', scope.reportOf.trim() || NONE_RECORDED],
      ['Title', review.title],
    ],
    layout: 'sections',
    sections,
    closing: [text(review.contactOfficer.trim() || NONE_RECORDED, 'Contact officer:')],
    produced: dossier.today,
  }, dossier.withheldFigures);
}

// ---------------------------------------------------------------------------------------------
// Evaluation report

function indicatorTable(evaluation: IndicatorEvaluation, index: number): TableBlock {
  const { indicator } = evaluation;
  return {
    kind: 'table',
    caption: `Indicator ${index + 1}`,
    columns: [{ label: '' }, { label: '' }],
    rows: [
      ['Indicator', indicator.description],
      ['Measure', indicatorMeasureLabel(indicator.measure)],
      ['Baseline', indicatorValue(indicator.measure, indicator.baseline)],
      ['Target', indicatorValue(indicator.measure, indicator.target)],
      ['Current figure', evaluation.current === null ? 'Not available' : indicatorValue(indicator.measure, evaluation.current)],
      ['Change', changeText(indicator.measure, evaluation.change)],
      ['Outcome', OUTCOME_LABELS[evaluation.outcome]],
    ],
    rowHeaders: true,
  };
}

function indicatorsBlocks(dossier: ReviewDossier): Block[] {
  const { evaluation } = dossier;
  const intro =
    evaluation.censusYear === null
      ? text('There are no census figures for the council yet, so no indicator can be measured.')
      : text(
          `Each indicator is compared with the council’s figure for census year ${evaluation.censusYear} (1 October ${evaluation.censusYear - 1} to 30 September ${evaluation.censusYear}), ` +
            `the latest census year ended by ${longDate(dossier.today)}. An indicator is met when the figure has reached its target in the direction that counts as better.`,
        );
  const notYet: Block[] = evaluation.due ? [] : [{ kind: 'note', text: 'The evaluation date has not yet come: these are interim figures.' }];
  return [intro, ...notYet, ...(evaluation.indicators.length > 0 ? evaluation.indicators.map(indicatorTable) : [none()])];
}

function progressBlocks(r: Recommendation): Block[] {
  const status: TableBlock = {
    kind: 'table',
    columns: [{ label: '' }, { label: '' }],
    rows: [
      ['Addressed to', r.addressedTo.trim() || NONE_RECORDED],
      ['Response', `${RESPONSE_LABELS[r.response]}${r.responseReasons.trim() ? `. ${r.responseReasons.trim()}` : ''}`],
      ['Decision date', r.decisionDate ? longDate(r.decisionDate) : NONE_RECORDED],
      ['Owner', r.owner.trim() || NONE_RECORDED],
      ['Implementation', IMPLEMENTATION_LABELS[r.implementationStatus]],
      ['Next progress review', r.progressReviewDate ? longDate(r.progressReviewDate) : NONE_RECORDED],
    ],
    rowHeaders: true,
  };
  const updates: TableBlock = {
    kind: 'table',
    caption: 'Progress updates',
    columns: [{ label: 'Date' }, { label: 'Update' }],
    rows: [...r.updates].sort((a, b) => a.date.localeCompare(b.date)).map((u) => [longDate(u.date), u.text]),
  };
  return [
    { kind: 'subheading', text: `Recommendation ${r.number}` },
    text(r.text),
    status,
    ...(r.updates.length > 0 ? [updates] : [text('No progress updates recorded.')]),
  ];
}

function openActionsBlocks(dossier: ReviewDossier): Block[] {
  const open = dossier.actions.filter((a) => a.status !== 'done');
  return tableOrNone({
    kind: 'table',
    columns: [{ label: 'Action' }, { label: 'Owner' }, { label: 'Due' }, { label: 'Status' }],
    rows: open.map((a) => [a.description, a.owner, longDate(a.dueDate), `${ACTION_STATUS_LABELS[a.status]}${a.overdue ? ' (overdue)' : ''}`]),
  });
}

export function evaluationReport(dossier: ReviewDossier): ReviewDocument {
  const { review, evaluation } = dossier;
  return checkedForCommittee({
    kind: 'evaluation',
    council: dossier.authority.name,
    documentTitle: 'Scrutiny review evaluation report',
    title: review.title,
    meta: [
      ['Evaluation date', evaluation.date ? longDate(evaluation.date) : '12 months after recommendations are agreed'],
      ['Recommendations agreed', review.recommendationsAgreedOn ? longDate(review.recommendationsAgreedOn) : 'Not yet agreed'],
      ['Current figures', evaluation.censusYear === null ? 'No census figures yet' : `Census year ${evaluation.censusYear}`],
      ['Date', longDate(dossier.today)],
    ],
    layout: 'sections',
    sections: [
      { number: '1', heading: 'Indicators of success', blocks: indicatorsBlocks(dossier) },
      { number: '2', heading: 'Recommendations', blocks: dossier.recommendations.length > 0 ? dossier.recommendations.flatMap(progressBlocks) : [none()] },
      { number: '3', heading: 'Actions still open', blocks: openActionsBlocks(dossier) },
    ],
    closing: [text(review.contactOfficer.trim() || NONE_RECORDED, 'Contact officer:')],
    produced: dossier.today,
  }, dossier.withheldFigures);
}

/**
 * A meeting's minutes as councils circulate them: who was there, what officers were asked to bring,
 * each item with its discussion and resolution, and the actions arising with owners and dates.
 * Before the meeting is minuted it is the agenda: the same title block with the information required.
 */
export function meetingMinutes(dossier: MinutesInput, meetingId: number): ReviewDocument | null {
  const meeting = dossier.meetings.find((m) => m.id === meetingId);
  if (!meeting) return null;
  const { review } = dossier;
  const minutes = meeting.minutes;
  const information: TableBlock = {
    kind: 'table',
    columns: [{ label: 'Information' }, { label: 'Officer responsible' }],
    rows: meeting.informationRequired.map((i) => [i.item, i.officer]),
  };
  const actions: TableBlock = {
    kind: 'table',
    columns: [{ label: 'Action' }, { label: 'Owner' }, { label: 'Due' }, { label: 'Status' }],
    rows: dossier.actions.filter((a) => a.meetingId === meeting.id).map((a) => [a.description, a.owner, longDate(a.dueDate), ACTION_STATUS_LABELS[a.status]]),
  };
  const attendance: Section[] = minutes
    ? [
        { heading: 'Present', blocks: listOrNone(minutes.present, false) },
        { heading: 'Officers', blocks: listOrNone(minutes.officers, false) },
        { heading: 'Apologies', blocks: minutes.apologies.length > 0 ? [{ kind: 'list', ordered: false, items: minutes.apologies }] : [text('None.')] },
      ]
    : [{ heading: 'Officers attending', blocks: listOrNone(meeting.officersAttending, false) }];
  const items: Section[] = minutes
    ? minutes.items.map((item, index) => ({
        number: String(index + 1),
        heading: item.title,
        blocks: [...(item.notes ? [text(item.notes)] : []), ...(item.resolutions ? [text(item.resolutions, 'Resolved:')] : [])],
      }))
    : [];
  return checkedForCommittee({
    kind: 'minutes',
    council: dossier.authority.name,
    documentTitle: minutes ? `Minutes of meeting ${meeting.number}` : `Agenda for meeting ${meeting.number}`,
    title: review.title,
    meta: [
      ['Committee', review.scope.scrutinyBoard || NONE_RECORDED],
      ['Meeting', `${meeting.number}: ${meeting.subject}`],
      ['Date', longDate(meeting.date)],
    ],
    layout: 'sections',
    sections: [
      ...attendance,
      { heading: 'Information required', blocks: tableOrNone(information) },
      ...items,
      ...(minutes ? [{ heading: 'Actions arising', blocks: tableOrNone(actions) }] : []),
    ],
    closing: [text(review.contactOfficer.trim() || NONE_RECORDED, 'Contact officer:')],
    produced: dossier.today,
  }, dossier.withheldFigures);
}

// ---------------------------------------------------------------------------------------------
// Word, written with the `docx` package

/** A4 with 2 cm margins, in twentieths of a point (twips). */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const SHADE_HEADER = 'E8E8E8';
const GREY_TEXT = '505A5F';
/** Tables a point smaller than the text (half-points), so a row of figures fits the page's width. */
const TABLE_TEXT = 19;
const BORDER = { style: BorderStyle.SINGLE, size: 4, space: 0, color: '808080' } as const;

/**
 * Word's built-in style ids, so the navigation pane and "update table of contents" work on the
 * result: Title and Heading1-3 carry outline levels. Subtitle, Note and Footer are ours.
 */
const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: 'Arial', size: 22, language: { value: 'en-GB' } },
      paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
    },
    title: { run: { bold: true, size: 44, color: '000000', font: 'Arial' }, paragraph: { spacing: { after: 240 }, outlineLevel: 0 } },
    heading1: { run: { bold: true, size: 32, color: '000000', font: 'Arial' }, paragraph: { keepNext: true, spacing: { before: 360, after: 120 }, outlineLevel: 0 } },
    heading2: { run: { bold: true, size: 28, color: '000000', font: 'Arial' }, paragraph: { keepNext: true, spacing: { before: 240, after: 120 }, outlineLevel: 1 } },
    heading3: { run: { bold: true, size: 24, color: '000000', font: 'Arial' }, paragraph: { keepNext: true, spacing: { before: 200, after: 80 }, outlineLevel: 2 } },
    caption: { run: { bold: true, italics: false, size: 20, color: '000000' }, paragraph: { keepNext: true, spacing: { before: 120, after: 60 } } },
  },
  paragraphStyles: [
    { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { color: GREY_TEXT, size: 28 }, paragraph: { spacing: { after: 60 } } },
    { id: 'Note', name: 'Note', basedOn: 'Normal', quickFormat: true, run: { italics: true, color: GREY_TEXT, size: 20 } },
    { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { color: GREY_TEXT, size: 16 }, paragraph: { spacing: { after: 0 } } },
  ],
};

/** A paragraph of plain text in a style. */
function styled(text: string, style: string): Paragraph {
  return new Paragraph({ style, children: [new TextRun(text)] });
}

/** Free text as paragraphs: officers type blank lines between paragraphs, and Word has no line-break-in-text. */
function textParagraphs(text: string, style?: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => new Paragraph({ ...(style ? { style } : {}), children: [new TextRun(line)] }));
}

/**
 * A list with its numbers or bullets written as text behind a hanging indent. Word's automatic
 * numbering restarts are easy to get wrong; literal numbers print the same everywhere and keep
 * "recommendation 2" meaning the second one.
 */
function listParagraphs(items: readonly string[], ordered: boolean): Paragraph[] {
  return items.map(
    (item, index) =>
      new Paragraph({
        indent: { left: 425, hanging: 425 },
        spacing: { after: 60 },
        children: [new TextRun(ordered ? `${index + 1}.` : '•'), new TextRun({ children: [new Tab()] }), new TextRun(item)],
      }),
  );
}

/** A cell of a fixed width. A cell must end with a paragraph (Word will not open it otherwise), so one is added. */
function tableCell(children: (Paragraph | Table)[], width: number, shading?: string): TableCell {
  const last = children[children.length - 1];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(shading ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: shading } } : {}),
    children: last instanceof Paragraph ? children : [...children, new Paragraph({})],
  });
}

/** A cell holding one line of text. */
function textCell(text: string, width: number, options: { bold?: boolean; shading?: string; size?: number; numeric?: boolean } = {}): TableCell {
  const paragraph = new Paragraph({
    spacing: { after: 0 },
    ...(options.numeric ? { alignment: AlignmentType.RIGHT } : {}),
    children: [new TextRun({ text, bold: options.bold ?? false, ...(options.size ? { size: options.size } : {}) })],
  });
  return tableCell([paragraph], width, options.shading);
}

/** A bordered, fixed-layout table. Rows never split across pages; the first `headerRows` repeat on each page. */
function borderedTable(rows: TableCell[][], widths: readonly number[], headerRows = 0): Table {
  return new Table({
    width: { size: widths.reduce((sum, w) => sum + w, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    borders: { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    rows: rows.map((children, index) => new TableRow({ cantSplit: true, ...(index < headerRows ? { tableHeader: true } : {}), children })),
  });
}

/** Column widths in proportion to how much each column usually holds: text columns wide, figures narrow. */
function columnWidths(block: TableBlock, width: number): number[] {
  const pairs = block.columns.every((c) => c.label === '');
  // Label and value pairs: a narrow label column. Otherwise figures need room for "Northbridge (demo)" headers.
  const weights = pairs ? [1, 2.3] : block.columns.map((c, i) => (c.numeric ? 1.4 : i === 0 ? 2.4 : 2));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const widths = weights.map((w) => Math.floor((w / total) * width));
  widths[widths.length - 1]! += width - widths.reduce((sum, w) => sum + w, 0);
  return widths;
}

function tableDocx(block: TableBlock, width: number): (Paragraph | Table)[] {
  const widths = columnWidths(block, width);
  const hasHeader = block.columns.some((c) => c.label !== '');
  const header = hasHeader
    ? [block.columns.map((c, i) => textCell(c.label, widths[i]!, { bold: true, shading: SHADE_HEADER, size: TABLE_TEXT, numeric: c.numeric ?? false }))]
    : [];
  const rows = block.rows.map((row) =>
    row.map((value, i) => {
      const rowHeader = (block.rowHeaders ?? false) && i === 0;
      return textCell(value, widths[i]!, { bold: rowHeader, size: TABLE_TEXT, numeric: block.columns[i]?.numeric ?? false, ...(rowHeader && !hasHeader ? { shading: SHADE_HEADER } : {}) });
    }),
  );
  const caption = block.caption ? [styled(block.caption, 'Caption')] : [];
  // A table straight after another merges into it in Word; an empty paragraph keeps them apart.
  return [...caption, borderedTable([...header, ...rows], widths, header.length), new Paragraph({ spacing: { after: 60 } })];
}

function blockDocx(block: Block, width: number): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return block.label ? [new Paragraph({ children: [new TextRun({ text: `${block.label} `, bold: true }), new TextRun(block.text)] })] : textParagraphs(block.text);
    case 'note':
      return textParagraphs(block.text, 'Note');
    case 'list':
      return listParagraphs(block.items, block.ordered);
    case 'subheading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_3, text: block.text })];
    case 'table':
      return tableDocx(block, width);
    case 'chart':
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_3, text: block.title }),
        styled(`The chart is in the PDF version of this report. ${block.description}`, 'Note'),
        ...tableDocx(block.table, width),
      ];
  }
}

function titleBlockDocx(doc: ReviewDocument): (Paragraph | Table)[] {
  const metaWidths = [Math.round(TEXT_WIDTH * 0.25), TEXT_WIDTH - Math.round(TEXT_WIDTH * 0.25)];
  const meta = doc.meta.length
    ? [
        borderedTable(
          doc.meta.map(([label, value]) => [textCell(label, metaWidths[0]!, { bold: true, shading: SHADE_HEADER }), textCell(value, metaWidths[1]!)]),
          metaWidths,
        ),
        new Paragraph({}),
      ]
    : [];
  return [styled(doc.council, 'Subtitle'), styled(doc.documentTitle, 'Subtitle'), new Paragraph({ heading: HeadingLevel.TITLE, text: doc.title }), ...meta];
}

/** The scoping document's grid: a heading cell and a content cell per section, as councils lay them out. */
function gridDocx(sections: Section[]): Table[] {
  const widths = [Math.round(TEXT_WIDTH * 0.28), TEXT_WIDTH - Math.round(TEXT_WIDTH * 0.28)];
  // Cell margins eat into a nested table's room; leave it some.
  const inner = widths[1]! - 200;
  const rows = sections.map((s) => [
    textCell(s.heading, widths[0]!, { bold: true, shading: SHADE_HEADER }),
    tableCell(s.blocks.flatMap((b) => blockDocx(b, inner)), widths[1]!),
  ]);
  return [borderedTable(rows, widths)];
}

function sectionsDocx(sections: Section[]): (Paragraph | Table)[] {
  return sections.flatMap((s) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: s.number ? `${s.number}   ${s.heading}` : s.heading }),
    ...s.blocks.flatMap((b) => blockDocx(b, TEXT_WIDTH)),
  ]);
}

/** The footer on every page: what the document is, left; "Page n of m", right (a right tab stop). */
function footer(text: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        children: [new TextRun(text), new TextRun({ children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

/** Any review document as a .docx file. */
export function documentDocx(doc: ReviewDocument): Promise<Buffer> {
  const document = new Document({
    title: `${doc.documentTitle}: ${doc.title}`,
    creator: 'Retain',
    lastModifiedBy: 'Retain',
    styles: STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, header: 567, footer: 567, gutter: 0 },
          },
        },
        footers: { default: footer(`${doc.council} · ${doc.documentTitle} · produced ${longDate(doc.produced)} by Retain`) },
        children: [
          ...titleBlockDocx(doc),
          ...(doc.layout === 'grid' ? gridDocx(doc.sections) : sectionsDocx(doc.sections)),
          ...doc.closing.flatMap((b) => blockDocx(b, TEXT_WIDTH)),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

export function scopingDocumentDocx(dossier: ReviewDossier): Promise<Buffer> {
  return documentDocx(scopingDocument(dossier));
}

export function committeeReportDocx(dossier: ReviewDossier): Promise<Buffer> {
  return documentDocx(committeeReport(dossier));
}

export function evaluationReportDocx(dossier: ReviewDossier): Promise<Buffer> {
  return documentDocx(evaluationReport(dossier));
}
