import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCensusYear } from './census-year-text.ts';

test('a census year is four digits from 1900 to 2999, spaces around it ignored', () => {
  assert.equal(parseCensusYear('2024'), 2024);
  assert.equal(parseCensusYear(' 2025 '), 2025);
  assert.equal(parseCensusYear('1900'), 1900);
  assert.equal(parseCensusYear('2999'), 2999);
});

test('anything else is not a census year, rather than a guess at one', () => {
  for (const text of ['', '24', '20245', '2024.0', '+2024', '-2024', '1e3', '0999', '1899', '3000', 'twenty', '２０２４', '2024-25']) {
    assert.equal(parseCensusYear(text), null, text);
  }
});
