import { ACTION_STATUS_LABELS, IMPLEMENTATION_LABELS, OUTCOME_LABELS, RESPONSE_LABELS, type IndicatorEvaluation } from '../../domain/reviews.ts';
import { longDate } from '../../domain/format.ts';
import type { ReferencedRecommendation, ReviewDossier } from '../review-dossier.ts';
import { changeText, indicatorMeasureLabel, indicatorValue, none, recommendationName, tableOrNone, text } from './blocks.ts';
import { checkedForCommittee, NONE_RECORDED, type Block, type ReviewDocument, type TableBlock } from './model.ts';

/** The evaluation report: each indicator of success against the live figures, progress on each recommendation, actions still open. */

function indicatorTable(evaluation: IndicatorEvaluation, index: number): TableBlock {
  const { indicator } = evaluation;
  return {
    kind: 'table',
    caption: `Indicator ${index + 1}`,
    columns: [{ label: '' }, { label: '' }],
    rows: [
      ['Indicator', indicator.description],
      ['Measure', indicatorMeasureLabel(indicator.measure, indicator.group)],
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

function progressBlocks(r: ReferencedRecommendation): Block[] {
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
  return [{ kind: 'subheading', text: recommendationName(r) }, text(r.text), status, ...(r.updates.length > 0 ? [updates] : [text('No progress updates recorded.')])];
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
  return checkedForCommittee(
    {
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
    },
    dossier.withheldFigures,
  );
}
