import { redactSmallFigures } from '../../domain/disclosure.ts';

/**
 * The plain document every review document is built as (sections of blocks), before it is
 * written to Word (docx.ts) or printed through the web templates (src/web/views/reviews/print/).
 * Other reports (agency, leavers, caseloads, business cases) build blocks of this model too.
 */

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
