import type { IsoDate } from '../domain/workforce.ts';

/**
 * Cell parsers for workforce files. Each takes a cell as read from CSV (text) or XLSX (text,
 * number or Date) and gives a value or a message saying what is wrong, written for the person
 * who has to correct the file. Empty cells are the caller's business (`isBlank`).
 */

export type Cell = string | number | Date | null;

/**
 * The most characters a cell may hold (teams, roles, grades, ids, codes). Where the contract is
 * silent this is our choice: 255 is more than any real team or job title (the longest in the demo
 * and DfE's lists is under 80), and it stops a pasted document or a 15 MB cell reaching the
 * database, every page that lists teams, and every problem message that quotes the value.
 */
export const MAX_CELL_LENGTH = 255;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

export function isBlank(cell: Cell | undefined): cell is null | undefined {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The cell as text, for messages and text fields: dates as YYYY-MM-DD, numbers as written by JS. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'an invalid date' : isoFromUtcDate(cell);
  return String(cell).trim();
}

/**
 * The cell as the person sees it in their file, for messages: text as typed; a date cell (XLSX)
 * as DD/MM/YYYY, the way a UK spreadsheet shows it, not the ISO form it is stored in.
 */
export function typedText(cell: Cell | undefined): string {
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) {
    const iso = isoFromUtcDate(cell);
    return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  return cellText(cell);
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

export function parseYesNo(cell: Cell): Parsed<boolean> {
  const text = cellText(cell).toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`"${cellText(cell)}" is not yes or no (use yes/no, y/n, true/false or 1/0)`);
}

// Digits with optional thousands commas ("32,000") and decimals; a leading £ is allowed for money.
const DECIMAL = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

export function parseDecimal(cell: Cell): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : fail(`"${cell}" is not a number`);
  if (cell instanceof Date) return fail(`"${cellText(cell)}" is a date, not a number`);
  const plain = cellText(cell);
  // Plain digits, as nearly every numeric cell of an extract is: the checks below would pass them unchanged.
  if (PLAIN_DECIMAL.test(plain)) return ok(Number(plain));
  const text = plain.replace(/^£\s*/, '');
  if (text === '' || text === '.' || !DECIMAL.test(text) || !/\d/.test(text)) return fail(`"${cellText(cell)}" is not a number`);
  return ok(Number(text.replaceAll(',', '')));
}

/** A decimal or a percentage: "80%" is 0.8 (for FTE). */
export function parseFraction(cell: Cell): Parsed<number> {
  if (typeof cell === 'string' && cell.trim().endsWith('%')) {
    const number = parseDecimal(cell.trim().slice(0, -1).trim());
    if (!number.ok) return fail(`"${cell.trim()}" is not a number or a percentage`);
    // Rounded so that 80% is exactly 0.8, not 0.8000000000000002.
    return ok(Math.round(number.value * 1e10) / 1e12);
  }
  return parseDecimal(cell);
}

export function parseWholeNumber(cell: Cell): Parsed<number> {
  const number = parseDecimal(cell);
  if (!number.ok) return fail(`"${cellText(cell)}" is not a whole number`);
  if (!Number.isInteger(number.value)) return fail(`"${cellText(cell)}" is not a whole number`);
  return number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Excel serial day numbers in a CSV (a date column saved as General) are read as dates only in
 * this range, 1950-01-01 to 2099-12-31, so that a stray small number is not taken for a date in 1900.
 */
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73050;

/**
 * Dates as the contract allows: `YYYY-MM-DD`, UK `DD/MM/YYYY` (also `D/M/YYYY`, and `-` or `.`
 * between the parts), an Excel date cell, or an Excel serial number. Also accepted, because HR
 * systems export them: a time after an ISO date (ignored) and `31 Mar 2024`. Two-digit years are
 * refused (1/2/24 could be 1924 or 2024), and US month-first order is never guessed.
 */
export function parseDate(cell: Cell): Parsed<IsoDate> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail('the date cell does not hold a valid date');
    return ok(isoFromUtcDate(cell));
  }
  if (typeof cell === 'number') return fromSerial(cell, String(cell));
  const text = cellText(cell);
  // YYYY-MM-DD exactly, the usual cell of an HR extract, is already the date as stored: read by
  // its characters, as the first pattern below would read it, without running the patterns.
  if (text.length === 10 && isIsoDateShape(text)) return fromParts(digitsAt(text, 0, 4), digitsAt(text, 5, 7), digitsAt(text, 8, 10), text, text);
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  // YYYY-MM-DD exactly, the usual cell of an HR extract, is already the date as stored.
  if (match) return fromParts(Number(match[1]), Number(match[2]), Number(match[3]), text, text.length === 10 ? text : undefined);
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (match) return fromParts(Number(match[3]), Number(match[2]), Number(match[1]), text);
  match = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(text);
  if (match) {
    const month = MONTHS.indexOf(match[2]!.slice(0, 3).toLowerCase()) + 1;
    const fullName = MONTH_NAMES[month - 1];
    if (month > 0 && (match[2]!.length === 3 || fullName?.toLowerCase().startsWith(match[2]!.toLowerCase()))) {
      return fromParts(Number(match[3]), month, Number(match[1]), text);
    }
  }
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), text);
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text)) return fail(`"${text}" has a two-digit year; write the date as DD/MM/YYYY or YYYY-MM-DD`);
  return fail(`"${text}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)`);
}

/** Digits at 0-3, 5-6 and 8-9, '-' at 4 and 7. */
function isIsoDateShape(text: string): boolean {
  for (let i = 0; i < 10; i += 1) {
    const code = text.charCodeAt(i);
    if (i === 4 || i === 7 ? code !== 0x2d : code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** The number the decimal digits from `start` to `end` write. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}

/**
 * A parser that remembers its answer for each text cell it has read: for the columns of a file
 * that repeat a few values on every row (yes/no, service, gender, codes), one parser per file.
 * Only for parsers whose answer depends on the cell alone.
 */
export function rememberingParser<T>(parser: (cell: Cell) => Parsed<T>): (cell: Cell) => Parsed<T> {
  const answers = new Map<string, Parsed<T>>();
  return (cell) => {
    if (typeof cell !== 'string') return parser(cell);
    let answer = answers.get(cell);
    if (answer === undefined) {
      answer = parser(cell);
      answers.set(cell, answer);
    }
    return answer;
  };
}

function fromSerial(serial: number, text: string): Parsed<IsoDate> {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return fail(`"${text}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)`);
  // Serial 25569 is 1970-01-01 in Excel's 1900 date system; any time of day is dropped.
  return ok(isoFromUtcDate(new Date((Math.floor(serial) - 25569) * 86_400_000)));
}

function fromParts(year: number, month: number, day: number, text: string, iso?: IsoDate): Parsed<IsoDate> {
  if (month < 1 || month > 12) return fail(`"${text}" is not a real date: there is no month ${month}`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return fail(`"${text}" is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days`);
  return ok(iso ?? `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** By the Gregorian rule rather than a Date made for every date read; years 0-99, which Date.UTC reads as 1900-1999, as before. */
function daysInMonth(year: number, month: number): number {
  if (year < 100) return new Date(Date.UTC(year, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * exceljs gives date cells as Dates at UTC midnight of the calendar date, so the UTC parts are the
 * date (local parts would shift it a day west of Greenwich). Rounded to the second first, as a
 * serial's floating-point time can land a millisecond before midnight.
 */
function isoFromUtcDate(date: Date): IsoDate {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  return rounded.toISOString().slice(0, 10);
}

/** DfE `GenderCurrent`: 0 not known, 1 male, 2 female, 9 not specified. Stored as the words. */
const GENDERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['not_known', ['0', 'not known', 'unknown', 'u']],
  ['male', ['1', 'male', 'm', 'man']],
  ['female', ['2', 'female', 'f', 'woman']],
  ['not_specified', ['9', 'not specified', 'unspecified', 'prefer not to say', 'indeterminate', 'other', 'x']],
];

/**
 * Gender as the DfE number or in words, kept as `male`, `female`, `not_known` or `not_specified`
 * (words, so the register reads plainly; the DfE number is the list position above).
 */
export function parseGender(cell: Cell): Parsed<string> {
  const text = cellText(cell).toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  for (const [code, words] of GENDERS) if (words.includes(text)) return ok(code);
  return fail(`"${cellText(cell)}" is not a gender (use 1 male, 2 female, 0 not known, 9 not specified, or the words)`);
}
