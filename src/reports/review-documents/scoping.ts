import { longDate } from '../../domain/format.ts';
import type { ReviewDossier } from '../review-dossier.ts';
import { evaluationDateText, indicatorsTable, listOrNone, methodologyBlocks, none, reportingText, tableOrNone, text, textOrNone } from './blocks.ts';
import { checkedForCommittee, type ReviewDocument, type Section } from './model.ts';

/** The scoping document: the review's scope as a two-column grid, as councils lay them out. */
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
  return checkedForCommittee(
    {
      kind: 'scoping',
      council: dossier.authority.name,
      documentTitle: 'Scrutiny review scoping document',
      title: review.title,
      meta: [],
      layout: 'grid',
      sections,
      closing: [],
      produced: dossier.today,
    },
    dossier.withheldFigures,
  );
}
