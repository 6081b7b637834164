import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvRecords } from './csv-records.ts';

/** csv-parse as readCsv calls it: the reference this reader must agree with. */
function reference(text: string, delimiter: string): string[][] | 'refused' {
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    return 'refused';
  }
}

const pieces = (delimiter: string) => fc.constantFrom('a', 'bc', ' ', delimiter, '"', '""', '\n', '\n\n', 'Zoë', '£3', ',', ';', '\t');

test('wherever the fast reader answers, it gives exactly the records csv-parse gives', () => {
  for (const delimiter of [',', ';', '\t']) {
    fc.assert(
      fc.property(
        fc.array(pieces(delimiter), { maxLength: 30 }).map((parts) => parts.join('')),
        (text) => {
          const fast = csvRecords(text, delimiter);
          const slow = reference(text, delimiter);
          if (slow === 'refused') assert.equal(fast, undefined, 'csv-parse refuses it, so the fast reader must hand it over');
          else if (fast !== undefined) assert.deepEqual(fast, slow);
        },
      ),
      { numRuns: 1000 },
    );
  }
});

test('well-formed CSV, quoted fields and all, is read by the fast reader itself', () => {
  const field = fc.oneof(
    fc.stringMatching(/^[^",\n\r]*$/),
    fc
      .string()
      .filter((text) => !text.includes('\r'))
      .map((text) => `"${text.replaceAll('"', '""')}"`),
  );
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (rows, finalNewline) => {
      const text = rows.map((row) => row.join(',')).join('\n') + (finalNewline ? '\n' : '');
      const fast = csvRecords(text, ',');
      assert.notEqual(fast, undefined);
      assert.deepEqual(fast, reference(text, ','));
    }),
    { numRuns: 1000 },
  );
});

test('what is not plain CSV is handed to csv-parse: a stray quote, text after a closing quote, an open quote, CR, a BOM', () => {
  for (const text of ['a,b"c\n', '"a"b,c\n', '"open,\n', 'a,b\r\nc,d\r\n', '\uFEFFa,b\n']) assert.equal(csvRecords(text, ','), undefined, JSON.stringify(text));
});

test('empty lines are records of one empty field, and the final newline ends the last record', () => {
  assert.deepEqual(csvRecords('a,b\n\n,\nc\n', ','), [['a', 'b'], [''], ['', ''], ['c']]);
  assert.deepEqual(csvRecords('', ','), []);
  assert.deepEqual(csvRecords('"x ""y"", z",2', ','), [['x "y", z', '2']]);
});
