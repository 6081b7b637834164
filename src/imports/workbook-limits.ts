import { inflateRawSync } from 'node:zlib';
import { count } from '../domain/format.ts';

/**
 * Limits on what one import file may hold, checked before the file is parsed, so that a small
 * file that unpacks to gigabytes (a "zip bomb") or a sheet of a million rows is refused with a
 * message instead of taking the server's memory and minutes of its time. Our choices (the
 * contract is silent): a council's whole workforce history is a few thousand rows; 100,000 is
 * far beyond any real file and still quick to read.
 */
export const MAX_DATA_ROWS = 100_000;
/** What an XLSX workbook may unpack to, all its parts together. */
export const MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks an XLSX (zip) file before a workbook library unpacks it: every part is inflated here
 * with a hard output cap (the sizes a zip declares can lie), and the rows with cells in its
 * worksheets are counted (`</row>`: an empty formatted row is written `<row .../>`). Returns a
 * message for the person uploading, or null when the file is within the limits. A zip this
 * cannot follow is left for the workbook reader, whose own error is then reported.
 */
export function checkWorkbookLimits(bytes: Uint8Array): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(buffer);
  if (end < 0) return null;
  const entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  let unpacked = 0;
  let rows = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL) return null;
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) return tooBig(); // zip64: far past our limits
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL) return null;
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    let part: Buffer;
    if (method === 0) part = data;
    else if (method === 8) {
      try {
        part = inflateRawSync(data, { maxOutputLength: MAX_XLSX_UNPACKED_BYTES - unpacked + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return tooBig();
        return null;
      }
    } else return null;
    unpacked += part.length;
    if (unpacked > MAX_XLSX_UNPACKED_BYTES) return tooBig();
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) {
      rows += countOccurrences(part, '</row>');
      if (rows > MAX_DATA_ROWS + 1) return tooManyRows(rows);
    }
  }
  return null;
}

/** The message for a file with more data rows than MAX_DATA_ROWS. */
export function tooManyRowsMessage(rows: number, what = 'the file has'): string {
  return `${what} ${count(rows)} rows or more; Retain reads at most ${count(MAX_DATA_ROWS)} data rows from one file. Delete the rows you do not need (including empty rows that have formatting), or split the file`;
}

function tooManyRows(rows: number): string {
  return tooManyRowsMessage(rows, 'the workbook has');
}

function tooBig(): string {
  return `the workbook unpacks to more than ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB, which is far more than a workforce file needs. Save just the sheet you want to import as a new workbook, or as CSV, and upload that`;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= earliest; i--) if (buffer.readUInt32LE(i) === EOCD) return i;
  return -1;
}

function countOccurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
