/**
 * A small XML writer and reader for the census return. The return is flat (a message of elements
 * whose leaves hold text, no attributes, no namespaces that matter, no mixed content), so a
 * hand-written pair is enough and keeps a parser dependency out (none is installed directly; the
 * brief allows this for a schema this plain). The reader is strict where it matters for reading a
 * return back: tags must nest and close, entities are only XML's five and numeric references, and
 * a DOCTYPE is refused outright (no entity expansion, no external fetches). Attributes (an
 * `xmlns:xsi` on Message, say) are read past and ignored; the schema has none.
 */

import { RetainError } from '../../errors.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The text directly inside the element, entities decoded (empty for an element with children). */
  text: string;
  /** The line the start tag is on (1-based), for messages about a file read back. */
  line: number;
}

/** A file that is not well-formed XML: invalid input in the one error family, with where it went wrong. */
export class XmlReadError extends RetainError {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super('invalid_input', `line ${line}, column ${column}: ${message}`, { line, column });
    this.line = line;
    this.column = column;
    this.name = 'XmlReadError';
  }
}

/** A leaf element holding text. */
export function leaf(name: string, text: string): XmlElement {
  return { name, children: [], text, line: 0 };
}

export function branch(name: string, children: XmlElement[]): XmlElement {
  return { name, children, text: '', line: 0 };
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 up, bar the surrogates
// (paired ones are fine) and U+FFFE/U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as element content. A character XML 1.0 cannot carry at all (a control character pasted
 * from a spreadsheet) becomes U+FFFD, so the file stays well formed and the value is visibly
 * wrong where the schema check and the validation list will show it, rather than silently dropped.
 */
export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The document: UTF-8 declaration, two-space indents, one leaf per line. */
export function writeXml(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (element: XmlElement, depth: number) => {
    const indent = '  '.repeat(depth);
    if (element.children.length === 0) {
      lines.push(element.text === '' ? `${indent}<${element.name}/>` : `${indent}<${element.name}>${escapeText(element.text)}</${element.name}>`);
      return;
    }
    lines.push(`${indent}<${element.name}>`);
    for (const child of element.children) write(child, depth + 1);
    lines.push(`${indent}</${element.name}>`);
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}

/** An XML name, matched in one step from a position (sticky). */
const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /\s*/y;

/** Reads a document into its root element. Throws XmlReadError with the line and column. */
export function readXml(input: string): XmlElement {
  const source = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let at = 0;

  // Where each line starts, once, so a position is a binary search, not a scan from the start
  // (every element records its line: a scan each time made a 1 MB return take minutes).
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (index: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: index - lineStarts[low]! + 1 };
  };
  const fail = (message: string, index = at): never => {
    const { line, column } = position(index);
    throw new XmlReadError(message, line, column);
  };
  const startsWith = (text: string) => source.startsWith(text, at);
  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    at = SPACE.lastIndex;
  };
  const skipPast = (end: string, what: string) => {
    const found = source.indexOf(end, at);
    if (found < 0) fail(`${what} is not closed`);
    at = found + end.length;
  };
  /** Comments and processing instructions, which may appear between elements. */
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) skipPast('-->', 'a comment');
      else if (startsWith('<?')) skipPast('?>', 'a processing instruction');
      else return;
    }
  };
  const readName = () => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('expected an element name');
    at = NAME.lastIndex;
    return match[0];
  };
  const decode = (raw: string, index: number) =>
    raw.replace(/&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);|&/g, (_whole, entity: string | undefined, offset: number) => {
      if (entity === undefined) return fail('a bare "&" must be written &amp;', index + offset);
      if (entity.startsWith('#')) {
        const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        if (!(code >= 0x20 || code === 0x9 || code === 0xa || code === 0xd) || code > 0x10ffff) return fail(`&${entity}; is not a character XML allows`, index + offset);
        return String.fromCodePoint(code);
      }
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      return named[entity] ?? fail(`unknown entity &${entity};`, index + offset);
    });

  const readElement = (): XmlElement => {
    const tagStart = at;
    at += 1; // '<'
    const name = readName();
    // Attributes: read past them, properly quoted.
    for (;;) {
      skipSpace();
      if (startsWith('/>')) {
        at += 2;
        return { name, children: [], text: '', line: position(tagStart).line };
      }
      if (startsWith('>')) {
        at += 1;
        break;
      }
      readName();
      skipSpace();
      if (source[at] !== '=') fail(`an attribute of <${name}> has no value`);
      at += 1;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail(`an attribute of <${name}> is not quoted`);
      const close = source.indexOf(quote!, at + 1);
      if (close < 0) fail(`an attribute of <${name}> is not closed`);
      at = close + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (at >= source.length) fail(`<${name}> is not closed`, tagStart);
      if (startsWith('</')) {
        const closeAt = at;
        at += 2;
        const closing = readName();
        skipSpace();
        if (source[at] !== '>') fail(`</${closing}> is not closed`);
        at += 1;
        if (closing !== name) fail(`</${closing}> closes <${name}>`, closeAt);
        return { name, children, text: children.length > 0 && text.trim() === '' ? '' : text, line: position(tagStart).line };
      }
      if (startsWith('<!--')) skipPast('-->', 'a comment');
      else if (startsWith('<![CDATA[')) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('a CDATA section is not closed');
        text += source.slice(at + 9, end);
        at = end + 3;
      } else if (startsWith('<?')) skipPast('?>', 'a processing instruction');
      else if (startsWith('<!')) fail('declarations (such as DOCTYPE) are not allowed inside the return');
      else if (startsWith('<')) children.push(readElement());
      else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        const raw = source.slice(at, end);
        text += raw.includes('&') ? decode(raw, at) : raw;
        at = end;
      }
    }
  };

  if (startsWith('<?xml')) skipPast('?>', 'the XML declaration');
  skipMisc();
  if (startsWith('<!DOCTYPE') || startsWith('<!doctype')) fail('a DOCTYPE is not allowed in a census return');
  if (!startsWith('<')) fail(at >= source.length ? 'the file is empty' : 'expected the root element');
  const root = readElement();
  skipMisc();
  if (at < source.length) fail('there is content after the root element');
  return root;
}

/** The children of an element with this name, in order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}
