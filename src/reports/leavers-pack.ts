import type { Db } from '../db/database.ts';
import { retentionSettings } from '../db/exit-interviews.ts';
import { listSurveys } from '../db/surveys.ts';
import { SMALL_NUMBER_THRESHOLD, isSmallNumber } from '../domain/disclosure.ts';
import { oneDecimal } from '../domain/format.ts';
import { suppressColumn } from '../domain/equality.ts';
import { EXIT_REASON_LABELS, EXIT_REASONS } from '../domain/exit-interviews.ts';
import type { QuestionResult } from '../domain/surveys.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { SUPPRESSED_CELL, type Cell } from './dashboard.ts';
import { equalityView } from './equality.ts';
import { countCell, leaversInput, leaversViewOf } from './leavers.ts';
import type { Block } from './review-documents.ts';
import { surveyResults } from './surveys.ts';

/**
 * Why people leave and what would keep them, in evidence packs and the committee report (issue 11
 * item 5): exit-interview themes for the pack's census year, the latest survey wave's results and
 * the equality tables. Committee documents are read by viewers, so every section is built with
 * small numbers withheld as [c] (src/domain/disclosure.ts; nothing from 1 to 4 people, with
 * secondary suppression where a column adds up to a published total), survey groups under the
 * council's minimum group size are withheld, and no free text (interview comments, free-text
 * survey answers) is ever read into a pack. Each section is stored with the pack as plain text
 * cells, so the pack page, the PDF and the Word report print the same words and never change.
 */

export interface PackTable {
  caption: string;
  columns: Array<{ label: string; numeric?: boolean }>;
  rows: string[][];
}

/** A section as stored: a heading, sentences and tables, all text already checked for small numbers. */
export interface PackThemeSection {
  heading: string;
  paragraphs: string[];
  tables: PackTable[];
}

export interface PackExitInterviewSection extends PackThemeSection {
  censusYear: number;
}

export interface PackSurveySection extends PackThemeSection {
  /** The waves shown, newest series first. */
  waves: Array<{ surveyId: number; title: string }>;
}

export interface PackEqualitySection extends PackThemeSection {
  censusYear: number;
}

const percentText = (value: number | null | undefined): string => (value === null || value === undefined ? 'not available' : `${oneDecimal(value)}%`);
const pointsText = (value: number | null): string => (value === null ? 'not available' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${oneDecimal(Math.abs(value))} pts`);
const hiddenOr = (hidden: boolean, count: number): string => (hidden ? SUPPRESSED_CELL.text : String(count));

// ---------------------------------------------------------------------------------------------
// Exit interviews

/**
 * Exit-interview themes for census year Y, from the same figures as `retain leavers --year Y` and
 * the leavers page as a viewer sees it. Reasons are listed only when at least 5 interviews were
 * completed (every share of fewer would be withheld anyway); the primary-reason counts and the
 * would-return answers each add up to the completed interviews, so they get secondary suppression
 * (suppressColumn) as well. Null when the year has no leavers.
 */
export async function packExitInterviewSection(db: Db, authorityCode: string, censusYear: number): Promise<PackExitInterviewSection | null> {
  const [input, settings] = await Promise.all([leaversInput(db, authorityCode), retentionSettings(db, authorityCode)]);
  const view = leaversViewOf(input, censusYear, settings.exitInterviewRateTarget, false);
  const { figures, measure, headline } = view;
  if (figures.leavers === 0) return null;
  const completed = figures.interviews_completed;
  const wouldReturn = [figures.would_return.yes, figures.would_return.no, figures.would_return.maybe];
  const wouldReturnHidden = suppressColumn(wouldReturn);
  const rate = measure.target === null ? measure.rate.text : `${measure.rate.text} (target ${oneDecimal(measure.target)}%)`;
  const summary: PackTable = {
    caption: `Exit interviews, census year ${censusYear}`,
    columns: [{ label: 'Measure' }, { label: 'Figure', numeric: true }],
    rows: [
      ['Leavers (employed)', measure.leavers.text],
      ['Exit interviews completed', measure.interviewsCompleted.text],
      ['Exit interview rate', rate],
      ['Regrettable leavers', headline.regrettableLeavers.text],
      ['Regrettable turnover rate', headline.regrettableTurnoverRate.text],
      ['Would return: yes', hiddenOr(wouldReturnHidden[0]!, wouldReturn[0]!)],
      ['Would return: no', hiddenOr(wouldReturnHidden[1]!, wouldReturn[1]!)],
      ['Would return: maybe', hiddenOr(wouldReturnHidden[2]!, wouldReturn[2]!)],
      ['Counter-offers made', headline.counterOffersMade.text],
    ],
  };
  const paragraphs = [
    `Exit interviews with employed children’s social workers who left in census year ${censusYear} (1 October ${censusYear - 1} to 30 September ${censusYear}). ` +
      'What leavers said in their own words is personal and is never included.',
  ];
  const tables = [summary];
  if (completed === 0) {
    paragraphs.push('No exit interviews were completed, so there are no reasons to show.');
  } else if (isSmallNumber(completed)) {
    paragraphs.push(`Fewer than ${SMALL_NUMBER_THRESHOLD} exit interviews were completed, so the reasons are not shown.`);
  } else {
    const primary = EXIT_REASONS.map((code) => figures.primary_reasons[code]);
    const primaryHidden = suppressColumn(primary);
    const rows = view.reasons
      .map((reason, i) => ({ reason, primary: primary[i]!, primaryHidden: primaryHidden[i]!, named: figures.reasons[reason.code] ?? 0 }))
      .filter((r) => r.named > 0)
      .sort((a, b) => b.named - a.named || EXIT_REASONS.indexOf(a.reason.code) - EXIT_REASONS.indexOf(b.reason.code));
    tables.push({
      caption: `Reasons for leaving named in completed exit interviews, census year ${censusYear}`,
      columns: [{ label: 'Reason' }, { label: 'Share of completed interviews naming it', numeric: true }, { label: 'Main reason (interviews)', numeric: true }],
      rows: rows.map((r) => [EXIT_REASON_LABELS[r.reason.code], r.reason.share.text, hiddenOr(r.primaryHidden, r.primary)]),
    });
    paragraphs.push('An interview can name several reasons, so the shares add up to more than 100%. Reasons nobody named are left out.');
  }
  return { censusYear, heading: 'Exit interviews: why people left', paragraphs, tables };
}

// ---------------------------------------------------------------------------------------------
// Surveys

/**
 * The latest wave of each survey series open or closed by the pack's date (a wave not yet open is
 * left out, and so is one with no responses; a series is the chain of waves linked by "previous
 * wave", so a staff survey and a retention survey each give their latest wave), per question:
 * Likert questions by the share agreeing and the mean, choice questions by the share choosing each
 * answer, rankings by mean rank. Free-text questions are never read. Nothing is shown below the
 * council's minimum group of responses (10 unless set, never below 5), and within a shown wave any
 * answer chosen by 1 to 4 people is [c]. Groups by team, role and experience follow the same
 * minimum, and when exactly one group is withheld the next smallest is too, since the wave's
 * total would give it away.
 */
export async function packSurveySection(db: Db, authorityCode: string, asOf: IsoDate): Promise<PackSurveySection | null> {
  const eligible = (await listSurveys(db, authorityCode)).filter((s) => s.responses > 0 && (s.opensOn === null || s.opensOn <= asOf));
  const superseded = new Set(eligible.map((s) => s.previousSurveyId));
  const latest = eligible.filter((s) => !superseded.has(s.id)).sort((a, b) => b.id - a.id);
  if (latest.length === 0) return null;
  const section: PackSurveySection = { heading: 'Survey results', waves: [], paragraphs: [], tables: [] };
  for (const wave of latest) {
    const part = await surveyWave(db, authorityCode, wave.id);
    if (!part) continue;
    section.waves.push({ surveyId: wave.id, title: wave.title });
    section.paragraphs.push(...part.paragraphs);
    section.tables.push(...part.tables.map((t) => (latest.length > 1 ? { ...t, caption: `${wave.title}: ${t.caption}` } : t)));
  }
  return section.waves.length > 0 ? section : null;
}

async function surveyWave(db: Db, authorityCode: string, surveyId: number): Promise<{ paragraphs: string[]; tables: PackTable[] } | null> {
  const view = await surveyResults(db, authorityCode, surveyId, false);
  if (!view) return null;
  const { survey, minGroup } = view;
  const period =
    survey.opensOn === null
      ? survey.closesOn
        ? `closing on ${survey.closesOn}`
        : 'with no set period'
      : survey.closesOn
        ? `open from ${survey.opensOn} to ${survey.closesOn}`
        : `open from ${survey.opensOn}`;
  const fewer = `fewer than ${minGroup} responses`;
  const paragraphs = [
    `“${survey.title}” (${period}). Results are shown only for at least ${minGroup} responses; an answer chosen by fewer than ${SMALL_NUMBER_THRESHOLD} people is shown as [c]. Free-text answers are never included.`,
  ];
  if (!view.shown) {
    paragraphs.push(`“${survey.title}” has ${fewer}, so no results are shown.`);
    return { paragraphs, tables: [] };
  }
  paragraphs.push(
    `“${survey.title}”: ${view.responses} responses, ${countCell(view.paper, true).text} of them on paper.${view.previousTitle ? ` The previous wave was “${view.previousTitle}”.` : ''}`,
  );

  const tables: PackTable[] = [];
  const likert = view.results.filter((r) => r.type === 'likert');
  if (likert.length > 0) {
    tables.push({
      caption: 'Statements: share agreeing (agree or strongly agree)',
      columns: [
        { label: 'Statement' },
        { label: 'Answered', numeric: true },
        { label: 'Agreeing', numeric: true },
        { label: 'Mean (1 to 5)', numeric: true },
        { label: 'Change since previous wave', numeric: true },
        { label: 'Comparator', numeric: true },
        { label: 'Against comparator', numeric: true },
      ],
      rows: likert.map((r) => {
        if (r.answered < minGroup) return [r.text, fewer, '', '', '', '', ''];
        const agreeHidden = isSmallNumber(agreeCount(r));
        return [
          r.text,
          String(r.answered),
          agreeHidden ? SUPPRESSED_CELL.text : percentText(r.agreePercent),
          r.mean === null || r.mean === undefined ? 'not available' : r.mean.toFixed(2),
          agreeHidden ? SUPPRESSED_CELL.text : view.previousTitle === null ? 'no previous wave' : pointsText(r.changeSincePrevious),
          r.comparator === null ? 'none' : percentText(r.comparator),
          agreeHidden ? SUPPRESSED_CELL.text : pointsText(r.gapToComparator),
        ];
      }),
    });
  }
  for (const r of view.results) {
    if ((r.type === 'single' || r.type === 'multiple') && r.options) {
      tables.push({
        caption: r.type === 'multiple' ? `${r.text} (share of those answering; more than one answer allowed)` : `${r.text} (share of those answering)`,
        columns: [{ label: 'Answer' }, { label: 'Share', numeric: true }],
        rows: r.answered < minGroup ? [[fewer, '']] : r.options.map((o) => [o.label, isSmallNumber(o.count) ? SUPPRESSED_CELL.text : percentText(o.percent)]),
      });
    } else if (r.type === 'ranking' && r.ranking) {
      const first = r.ranking.map((o) => o.firstChoice);
      const firstHidden = suppressColumn(first);
      tables.push({
        caption: `${r.text} (by mean rank, 1 = most important)`,
        columns: [{ label: 'Factor' }, { label: 'Mean rank', numeric: true }, { label: 'Ranked first by', numeric: true }],
        rows:
          r.answered < minGroup
            ? [[fewer, '', '']]
            : r.ranking.map((o, i) => [o.label, isSmallNumber(o.ranked) ? SUPPRESSED_CELL.text : o.meanRank === null ? 'not ranked' : o.meanRank.toFixed(1), hiddenOr(firstHidden[i]!, o.firstChoice)]),
      });
    }
  }
  if (likert.length > 0) {
    const labels = { team: 'team', role: 'role', experience: 'years qualified' } as const;
    for (const by of ['team', 'role', 'experience'] as const) {
      const groups = view.groups[by];
      if (groups.length < 2) continue;
      const hidden = groupsWithheld(
        groups.map((g) => g.responses),
        minGroup,
      );
      tables.push({
        caption: `Share agreeing by ${labels[by]} (groups of fewer than ${minGroup} responses are not shown)`,
        columns: [{ label: 'Statement' }, ...groups.map((g) => ({ label: g.label, numeric: true }))],
        rows: [
          ['Responses', ...groups.map((g, i) => (hidden[i] ? fewer : String(g.responses)))],
          ...likert.map((q) => [
            q.text,
            ...groups.map((g, i) => {
              if (hidden[i]) return SUPPRESSED_CELL.text;
              const result = g.results.find((x) => x.key === q.key);
              if (!result || result.answered < minGroup || isSmallNumber(agreeCount(result))) return SUPPRESSED_CELL.text;
              return percentText(result.agreePercent);
            }),
          ]),
        ],
      });
    }
  }
  return { paragraphs, tables };
}

/** Responses agreeing (4 or 5) with a Likert statement. */
function agreeCount(result: QuestionResult): number {
  return (result.options ?? []).filter((o) => o.value === '4' || o.value === '5').reduce((sum, o) => sum + o.count, 0);
}

/**
 * Survey groups to withhold: each with 1 to minGroup-1 responses, and when exactly one is withheld,
 * the next smallest too (the wave's total less the shown groups would give its count and answers away).
 * Example: groups of 30, 12 and 4 with a minimum of 10: 4 is withheld, so 12 is too.
 */
export function groupsWithheld(responses: readonly number[], minGroup: number): boolean[] {
  const hidden = responses.map((n) => n > 0 && n < minGroup);
  if (hidden.filter(Boolean).length === 1 && responses.length > 1) {
    let smallest = -1;
    responses.forEach((n, i) => {
      if (!hidden[i] && (smallest < 0 || n < responses[smallest]!)) smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return hidden;
}

// ---------------------------------------------------------------------------------------------
// Equality

/**
 * The equality tables for census year Y exactly as a viewer sees them on the equality page
 * (equalityView with personal data not allowed: primary and secondary suppression per column).
 */
export async function packEqualitySection(db: Db, authorityCode: string, censusYear: number): Promise<PackEqualitySection | null> {
  const view = await equalityView(db, authorityCode, censusYear, false);
  const first = view.tables[0];
  if (!first || (first.total.inpost.value === 0 && first.total.starters.value === 0 && first.total.leavers.value === 0)) return null;
  const c = (cell: Cell) => cell.text;
  return {
    censusYear,
    heading: 'Equality monitoring',
    paragraphs: [
      `Employed children’s social workers in census year ${censusYear}: in post on 30 September ${censusYear}, and starters and leavers over the year, by group, with each group’s turnover against the whole workforce’s. ` +
        'Disability is not held in the workers file, so it is not reported. Figures from fewer than 5 people, and any figure that would let one be worked out, are shown as [c].',
    ],
    tables: view.tables.map((table) => ({
      caption: `${table.title}, census year ${censusYear}`,
      columns: [
        { label: 'Group' },
        { label: 'In post', numeric: true },
        { label: 'Share of in post', numeric: true },
        { label: 'Starters', numeric: true },
        { label: 'Leavers', numeric: true },
        { label: 'Share of leavers', numeric: true },
        { label: 'Turnover rate', numeric: true },
        { label: 'Against all', numeric: true },
      ],
      rows: [
        ...table.rows.map((r) => [r.group, c(r.inpost), c(r.inpostShare), c(r.starters), c(r.leavers), c(r.leaversShare), c(r.turnoverRate), c(r.turnoverGap)]),
        ['All', c(table.total.inpost), '100.0%', c(table.total.starters), c(table.total.leavers), '100.0%', c(table.total.turnoverRate), ''],
      ],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The committee report

/** A stored section as committee report blocks (Word and the print HTML render the same blocks). Nothing for a pack issued without it. */
export function themePackBlocks(section: PackThemeSection | null | undefined): Block[] {
  if (!section) return [];
  return [
    { kind: 'subheading', text: section.heading },
    ...section.paragraphs.map((text): Block => ({ kind: 'paragraph', text })),
    ...section.tables.map((table): Block => ({ kind: 'table', caption: table.caption, columns: table.columns, rows: table.rows, rowHeaders: true })),
  ];
}
