import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDate, parseDecimal, parseFraction, parseGender, parseWholeNumber, parseYesNo, type Cell, type Parsed } from './values.ts';

function value<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) assert.fail(parsed.message);
  return parsed.value;
}
function message(parsed: Parsed<unknown>): string {
  assert.equal(parsed.ok, false);
  return (parsed as { message: string }).message;
}

test('yes and no are read in every form the contract allows, in any case', () => {
  for (const cell of ['yes', 'Y', 'TRUE', '1', ' Yes ', 1] as Cell[]) assert.equal(value(parseYesNo(cell)), true);
  for (const cell of ['no', 'n', 'False', '0', 0] as Cell[]) assert.equal(value(parseYesNo(cell)), false);
  assert.match(message(parseYesNo('maybe')), /"maybe" is not yes or no/);
});

test('decimals accept thousands commas and a pound sign, and refuse text', () => {
  assert.equal(value(parseDecimal('0.5')), 0.5);
  assert.equal(value(parseDecimal('.5')), 0.5);
  assert.equal(value(parseDecimal('£32,500.50')), 32500.5);
  assert.equal(value(parseDecimal(7)), 7);
  assert.match(message(parseDecimal('1O')), /"1O" is not a number/);
  assert.match(message(parseDecimal('1,2')), /not a number/);
  assert.equal(value(parseWholeNumber('12')), 12);
  assert.match(message(parseWholeNumber('2.5')), /not a whole number/);
});

test('a percentage is a fraction: 80% is exactly 0.8', () => {
  assert.equal(value(parseFraction('80%')), 0.8);
  assert.equal(value(parseFraction('100 %')), 1);
  assert.equal(value(parseFraction('0.6')), 0.6);
  assert.match(message(parseFraction('eighty%')), /not a number or a percentage/);
});

test('dates are read as ISO, UK day-first, Excel cells and Excel serial numbers', () => {
  assert.equal(value(parseDate('2024-09-30')), '2024-09-30');
  assert.equal(value(parseDate('2024-09-30T00:00:00')), '2024-09-30');
  assert.equal(value(parseDate('30/09/2024')), '2024-09-30');
  assert.equal(value(parseDate('1/2/2024')), '2024-02-01');
  assert.equal(value(parseDate('01-02-2024')), '2024-02-01');
  assert.equal(value(parseDate('5 Apr 2024')), '2024-04-05');
  assert.equal(value(parseDate('5 April 2024')), '2024-04-05');
  assert.equal(value(parseDate(new Date(Date.UTC(2024, 1, 29)))), '2024-02-29');
  assert.equal(value(parseDate(45565)), '2024-09-30');
  assert.equal(value(parseDate('45565')), '2024-09-30');
});

test('impossible and ambiguous dates are refused with a message saying why', () => {
  assert.match(message(parseDate('31/02/2024')), /"31\/02\/2024" is not a real date: February 2024 has 29 days/);
  assert.match(message(parseDate('2023-02-29')), /February 2023 has 28 days/);
  assert.match(message(parseDate('12/13/2024')), /there is no month 13/);
  assert.match(message(parseDate('1/2/24')), /two-digit year/);
  assert.match(message(parseDate('soon')), /"soon" is not a date/);
  assert.match(message(parseDate('12')), /not a date/);
});

test('an Excel date cell is its UTC calendar date, whatever the time zone, even a millisecond early', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
      const midnight = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
      const iso = midnight.toISOString().slice(0, 10);
      assert.equal(value(parseDate(midnight)), iso);
      assert.equal(value(parseDate(new Date(midnight.getTime() - 1))), iso);
      assert.equal(value(parseDate(iso)), iso);
    }),
  );
});

test('gender is the DfE number or words, stored as words', () => {
  assert.equal(value(parseGender('2')), 'female');
  assert.equal(value(parseGender('Male')), 'male');
  assert.equal(value(parseGender(9)), 'not_specified');
  assert.equal(value(parseGender('not known')), 'not_known');
  assert.equal(value(parseGender('Not_Specified')), 'not_specified');
  assert.match(message(parseGender('3')), /"3" is not a gender/);
});

test('a date is real exactly when the calendar has that day, century leap years included, in either order', () => {
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
      const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const calendar = new Date(Date.UTC(year, month - 1, day));
      const real = calendar.getUTCMonth() === month - 1;
      for (const written of [iso, `${day}/${month}/${String(year).padStart(4, '0')}`]) {
        const parsed = parseDate(written);
        assert.equal(parsed.ok, real, written);
        if (parsed.ok) assert.equal(parsed.value, iso);
      }
    }),
  );
  assert.equal(value(parseDate('2000-02-29')), '2000-02-29');
  assert.match(message(parseDate('1900-02-29')), /February 1900 has 28 days/);
});

test('plain digits and decimals read as the numbers they write', () => {
  fc.assert(
    fc.property(fc.nat(), fc.option(fc.nat({ max: 99_999 }), { nil: undefined }), (whole, fraction) => {
      const text = fraction === undefined ? String(whole) : `${whole}.${fraction}`;
      assert.equal(value(parseDecimal(text)), Number(text));
      assert.equal(value(parseDecimal(` ${text} `)), Number(text));
    }),
  );
});
