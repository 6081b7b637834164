import type { CaseloadPackSection } from './caseloads.ts';
import type { RetentionPackSection } from './retention-curves.ts';
import type { Block, TableBlock } from './review-documents.ts';
import { longDate, oneDecimal, percent } from '../domain/format.ts';

/**
 * The committee report's caseload and retention-curve sections (issue 13 item 5), from what the
 * evidence pack froze when it was issued (PackContent.caseloads and .retention). Packs are built
 * for viewers, so a group of 1 to 4 workers is already [c] and over-threshold counts of 1 to 4 are
 * withheld; retention groups hold 5 spells or more and survival is null below 5 at risk. The
 * blocks say the same as the pack's web page and PDF (src/web/views/reviews/_pack-caseloads.njk).
 * The retention chart is a chart block: the PDF draws the stored SVG, Word prints its table.
 */

const decimalOrWithheld = (value: number | null, suppressed = false) => (suppressed || value === null ? '[c]' : oneDecimal(value));
const percentOrNa = (value: number | null) => (value === null ? 'n/a' : percent(value));
const months = (value: number | null) => (value === null ? 'not reached' : oneDecimal(value));
const count = (value: number | null) => (value === null ? '[c]' : String(value));

/** "newly_qualified" as "Newly qualified", as the pack page shows start origins. */
function originLabel(key: string | number): string {
  const words = String(key).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function caseloadBlocks(section: CaseloadPackSection): Block[] {
  type Row = CaseloadPackSection['council'];
  const cells = (label: string, row: Row) => [
    label,
    decimalOrWithheld(row.caseload_fte, row.suppressed),
    decimalOrWithheld(row.median_cases_per_fte, row.suppressed),
    decimalOrWithheld(row.p90_cases_per_fte, row.suppressed),
    count(row.over_threshold),
  ];
  const spread: TableBlock = {
    kind: 'table',
    caption: `Caseload spread by team, ${longDate(section.snapshotDate)}`,
    columns: [
      { label: 'Team' },
      { label: 'Caseload per FTE', numeric: true },
      { label: 'Median', numeric: true },
      { label: '90th percentile', numeric: true },
      { label: 'Over threshold', numeric: true },
    ],
    rows: [cells('Council', section.council), ...section.byTeam.map((team) => cells(team.key, team))],
    rowHeaders: true,
  };
  const leavers = section.leavers;
  return [
    { kind: 'subheading', text: 'Caseloads' },
    {
      kind: 'paragraph',
      text: `Cases per full-time equivalent worker on ${longDate(section.snapshotDate)}, social workers holding their own cases. The spread matters as much as the average: the 90th percentile is the caseload one worker in ten carries or exceeds.`,
    },
    spread,
    ...(leavers && !leavers.suppressed && leavers.leavers_mean_cases_per_fte !== null && leavers.stayers_mean_cases_per_fte !== null
      ? [
          {
            kind: 'paragraph',
            text: `In census year ${leavers.year}, people who left had held ${oneDecimal(leavers.leavers_mean_cases_per_fte)} cases per FTE on average in their last six months, against ${oneDecimal(leavers.stayers_mean_cases_per_fte)} for those who stayed all year.`,
          } as Block,
        ]
      : []),
  ];
}

function retentionBlocks(section: RetentionPackSection): Block[] {
  const figures: TableBlock = {
    kind: 'table',
    caption: 'Share of spells lasting 12 and 24 months, by where people came from',
    columns: [{ label: 'Group' }, { label: 'Spells', numeric: true }, { label: '12 months', numeric: true }, { label: '24 months', numeric: true }, { label: 'Median (months)', numeric: true }],
    rows: [
      ['All spells', String(section.council.spells), percentOrNa(section.council.survival_12m), percentOrNa(section.council.survival_24m), months(section.council.median_months)],
      ...section.byStartOrigin.map((group) => [originLabel(group.key), String(group.spells), percentOrNa(group.survival_12m), percentOrNa(group.survival_24m), months(group.median_months)]),
    ],
    rowHeaders: true,
  };
  const description = `The share of employed spells still going after each number of months, at ${longDate(section.at)} (Kaplan-Meier, with 95% confidence intervals).`;
  return [
    { kind: 'subheading', text: 'Retention curves' },
    { kind: 'paragraph', text: description },
    section.chartSvg ? { kind: 'chart', title: 'Retention of social workers', description, svg: section.chartSvg, table: figures } : figures,
  ];
}

/** The committee report's blocks for a pack's caseloads and retention curves; none for packs issued before they existed. */
export function caseloadRetentionPackBlocks(caseloads: CaseloadPackSection | null | undefined, retention: RetentionPackSection | null | undefined): Block[] {
  return [...(caseloads ? caseloadBlocks(caseloads) : []), ...(retention ? retentionBlocks(retention) : [])];
}
