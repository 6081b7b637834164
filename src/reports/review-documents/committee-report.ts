import { costedRecommendations, investmentPerYearTotal, RESPONSE_LABELS, SWOT, SWOT_LABELS } from '../../domain/reviews.ts';
import { longDate, pounds } from '../../domain/format.ts';
import type { StoredPack } from '../../db/reviews.ts';
import { agencyPackBlocks } from '../agency-pack.ts';
import { caseloadRetentionPackBlocks } from '../caseload-retention-pack.ts';
import { BREAKDOWN_LABELS, type BreakdownField, type Cell, type Trend } from '../dashboard.ts';
import { themePackBlocks } from '../leavers-pack.ts';
import type { ReferencedRecommendation, ReviewDossier } from '../review-dossier.ts';
import type { PackSource } from '../review-pack.ts';
import { EVIDENCE_KIND_LABELS, listOrNone, methodologyBlocks, none, recommendationName, tableOrNone, text, textOrNone } from './blocks.ts';
import { checkedForCommittee, NONE_RECORDED, type Block, type ReviewDocument, type Section, type TableBlock } from './model.ts';

/**
 * The committee report: purpose, background, the evidence pack's figures (charts in the PDF, their
 * tables in Word), accepted findings as a SWOT, recommendations and what they cost.
 */

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
    ...(dossier.meetings.length > 0 ? [text(`The review met ${dossier.meetings.length} ${dossier.meetings.length === 1 ? 'time' : 'times'}.`), meetings] : [text('No meetings have been recorded.')]),
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
    columns: [
      { label: 'Measure' },
      { label: view.authority.name, numeric: true },
      { label: 'England', numeric: true },
      { label: region, numeric: true },
      { label: 'Neighbours (median)', numeric: true },
      { label: `Change since ${pack.censusYear - 1}` },
    ],
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
    ...(view.suppression.applied ? [{ kind: 'note', text: `Small numbers are suppressed: any figure built from fewer than ${view.suppression.threshold} people is shown as [c].` } as Block] : []),
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

function recommendationBlocks(r: ReferencedRecommendation): Block[] {
  const blocks: Block[] = [{ kind: 'subheading', text: recommendationName(r) }, text(r.text)];
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
  // Rejected recommendations are not counted (src/domain/reviews.ts, costedRecommendations), as on the recommendations page.
  const costed = costedRecommendations(dossier.recommendations);
  const total = investmentPerYearTotal(dossier.recommendations);
  const blocks: Block[] = [];
  if (costed.length > 0) {
    blocks.push(text(`The recommendations would need investment of ${pounds(total)} a year in total:`));
    blocks.push({ kind: 'list', ordered: false, items: costed.map((r) => `${recommendationName(r)}: ${pounds(r.investmentPerYear!)} a year`) });
  } else {
    blocks.push(text('No investment has been recorded against the recommendations.'));
  }
  for (const r of dossier.recommendations.filter((r) => r.financialImplications.trim())) {
    blocks.push(text(r.financialImplications.trim(), `${recommendationName(r)}:`));
  }
  return blocks;
}

function packReference(pack: Omit<StoredPack, 'content' | 'sources'>): string {
  return `Evidence pack: ${pack.title} (census year ${pack.censusYear}, as of ${longDate(pack.asOf)}), issued ${longDate(pack.issuedAt)}`;
}

function backgroundPapers(dossier: ReviewDossier): Block[] {
  const items = [`Scrutiny review scoping document: ${dossier.review.title}`, ...dossier.packs.map(packReference), ...dossier.evidence.map((e) => `${EVIDENCE_KIND_LABELS[e.kind]}: ${e.title}`)];
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
  return checkedForCommittee(
    {
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
    },
    dossier.withheldFigures,
  );
}
