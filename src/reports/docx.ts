import JSZip from 'jszip';

/**
 * A small WordprocessingML (DOCX) writer: headings, paragraphs, lists, tables and a page footer,
 * which is all a council report needs. The `docx` package is not among the installed dependencies,
 * so the few parts of the format Word and LibreOffice need are written here and zipped with jszip
 * (which exceljs already brings). Styles are Word's built-in ids (Title, Heading1..3), so Word's
 * navigation pane and "update table of contents" work on the result.
 *
 * Every function returns an XML fragment; text is escaped where it enters (`run`).
 */

/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** XML 1.0 text: escaped, and without the control characters XML cannot carry (pasted text has them). */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export interface RunOptions {
  bold?: boolean;
  italic?: boolean;
  /** Half-points, e.g. 18 for 9 pt. */
  size?: number;
  colour?: string;
}

export function run(text: string, options: RunOptions = {}): string {
  const props = [
    options.bold ? '<w:b/>' : '',
    options.italic ? '<w:i/>' : '',
    options.colour ? `<w:color w:val="${options.colour}"/>` : '',
    options.size ? `<w:sz w:val="${options.size}"/><w:szCs w:val="${options.size}"/>` : '',
  ].join('');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

export interface ParagraphOptions {
  style?: 'Title' | 'Subtitle' | 'Heading1' | 'Heading2' | 'Heading3' | 'Caption' | 'Note';
  /** Keep with the next paragraph (a heading or caption with its table). */
  keepNext?: boolean;
  /** Hanging indent for a numbered or bulleted item, in twips. */
  hanging?: number;
  align?: 'left' | 'right';
  spacingAfter?: number;
}

/** A paragraph of runs (pass strings from `run`). */
export function paragraph(runs: string | string[], options: ParagraphOptions = {}): string {
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.keepNext ? '<w:keepNext/>' : '',
    options.spacingAfter !== undefined ? `<w:spacing w:after="${options.spacingAfter}"/>` : '',
    options.hanging ? `<w:ind w:left="${options.hanging}" w:hanging="${options.hanging}"/>` : '',
    options.align === 'right' ? '<w:jc w:val="right"/>' : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${Array.isArray(runs) ? runs.join('') : runs}</w:p>`;
}

/** Free text as paragraphs: officers type blank lines between paragraphs, and Word has no line-break-in-text. */
export function textParagraphs(text: string, options: ParagraphOptions = {}): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => paragraph(run(line), options));
}

/**
 * A list with its numbers or bullets written as text behind a hanging indent. Word's automatic
 * numbering needs a numbering part and restarts that are easy to get wrong; literal numbers
 * print the same everywhere and keep "recommendation 2" meaning the second one.
 */
export function list(items: readonly string[], ordered: boolean): string[] {
  return items.map((item, index) => paragraph([run(ordered ? `${index + 1}.` : '•'), '<w:r><w:tab/></w:r>', run(item)], { hanging: 425, spacingAfter: 60 }));
}

export interface CellOptions {
  width: number;
  header?: boolean;
  /** Fill colour, hex without '#'. */
  shading?: string;
  align?: 'left' | 'right';
  /** Text size in half-points, for `textCell`. */
  size?: number;
}

/** A table cell. `content` is paragraphs or tables; a cell must end with a paragraph, so one is added. */
export function cell(content: string | string[], options: CellOptions): string {
  const body = Array.isArray(content) ? content.join('') : content;
  const props =
    `<w:tcW w:w="${options.width}" w:type="dxa"/>` +
    (options.shading ? `<w:shd w:val="clear" w:color="auto" w:fill="${options.shading}"/>` : '');
  const endsWithParagraph = body.endsWith('</w:p>');
  return `<w:tc><w:tcPr>${props}</w:tcPr>${body}${endsWithParagraph ? '' : '<w:p/>'}</w:tc>`;
}

/** A cell holding one line of text, bold in a header. */
export function textCell(text: string, options: CellOptions): string {
  return cell(paragraph(run(text, { bold: options.header ?? false, ...(options.size ? { size: options.size } : {}) }), { spacingAfter: 0, ...(options.align ? { align: options.align } : {}) }), options);
}

export interface TableOptions {
  /** Column widths in twips; they should add up to the width the table sits in. */
  widths: readonly number[];
  /** How many leading rows repeat at the top of each page. */
  headerRows?: number;
}

/** A bordered table of rows, each a list of cells from `cell` / `textCell`. */
export function table(rows: readonly string[][], options: TableOptions): string {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>`;
  const total = options.widths.reduce((sum, width) => sum + width, 0);
  const props =
    `<w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
    '</w:tblPr>';
  const grid = `<w:tblGrid>${options.widths.map((width) => `<w:gridCol w:w="${width}"/>`).join('')}</w:tblGrid>`;
  const body = rows
    .map((cells, index) => {
      // Rows never split across pages; header rows repeat on each page.
      const rowProps = `<w:trPr><w:cantSplit/>${index < (options.headerRows ?? 0) ? '<w:tblHeader/>' : ''}</w:trPr>`;
      return `<w:tr>${rowProps}${cells.join('')}</w:tr>`;
    })
    .join('');
  return `<w:tbl>${props}${grid}${body}</w:tbl>`;
}

export function pageBreak(): string {
  return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
}

// ---------------------------------------------------------------------------------------------
// The package

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${NS}>
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:color w:val="505A5F"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:color w:val="505A5F"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="505A5F"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
</w:styles>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>`;

function field(instruction: string): string {
  return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
}

/** The footer on every page: what the document is, left; "Page n of m", right (a right tab stop). */
function footerXml(text: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ${NS}>` +
    `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs></w:pPr>` +
    `${run(text)}<w:r><w:tab/></w:r>${run('Page ')}${field('PAGE')}${run(' of ')}${field('NUMPAGES')}</w:p></w:ftr>`
  );
}

function coreXml(title: string, created: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>Retain</dc:creator><dc:language>en-GB</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}T00:00:00Z</dcterms:created></cp:coreProperties>`
  );
}

export interface DocxOptions {
  /** The document's title, in its properties (screen readers announce it). */
  title: string;
  /** Printed at the foot of every page beside the page numbers. */
  footer: string;
  /** 'YYYY-MM-DD': the creation date in the document's properties. */
  created: string;
}

/** Body XML (paragraphs and tables) zipped into a .docx file. */
export async function docxPackage(body: readonly string[], options: DocxOptions): Promise<Buffer> {
  const sectPr =
    `<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.margin}" w:right="${PAGE.margin}" w:bottom="${PAGE.margin}" w:left="${PAGE.margin}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS}><w:body>${body.join('')}${sectPr}</w:body></w:document>`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
  zip.file('word/document.xml', document);
  zip.file('word/styles.xml', STYLES);
  zip.file('word/footer1.xml', footerXml(options.footer));
  zip.file('docProps/core.xml', coreXml(options.title, options.created));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
}
