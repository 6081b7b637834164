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
import { longDate } from '../../domain/format.ts';
import type { ReviewDossier } from '../review-dossier.ts';
import { committeeReport } from './committee-report.ts';
import { evaluationReport } from './evaluation.ts';
import type { Block, ReviewDocument, Section, TableBlock } from './model.ts';
import { scopingDocument } from './scoping.ts';

/**
 * Review documents written to Word with the `docx` package. Only Word downloads need it, so the
 * web imports this module when one is asked for, not at start.
 *
 * Charts: the HTML (and so the PDF) carries each chart as the evidence pack's stored SVG. The Word
 * file carries the chart's data table instead, with a note that the chart is in the PDF version:
 * Word shows an SVG only beside a PNG fallback, and drawing that PNG needs a browser or a
 * rasteriser this package does not have. The table holds every figure the chart draws.
 */

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
  const header = hasHeader ? [block.columns.map((c, i) => textCell(c.label, widths[i]!, { bold: true, shading: SHADE_HEADER, size: TABLE_TEXT, numeric: c.numeric ?? false }))] : [];
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
    tableCell(
      s.blocks.flatMap((b) => blockDocx(b, inner)),
      widths[1]!,
    ),
  ]);
  return [borderedTable(rows, widths)];
}

function sectionsDocx(sections: Section[]): (Paragraph | Table)[] {
  return sections.flatMap((s) => [new Paragraph({ heading: HeadingLevel.HEADING_2, text: s.number ? `${s.number}   ${s.heading}` : s.heading }), ...s.blocks.flatMap((b) => blockDocx(b, TEXT_WIDTH))]);
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
        children: [...titleBlockDocx(doc), ...(doc.layout === 'grid' ? gridDocx(doc.sections) : sectionsDocx(doc.sections)), ...doc.closing.flatMap((b) => blockDocx(b, TEXT_WIDTH))],
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
