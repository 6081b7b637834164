import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, dateTime, longDate, monthYear, oneDecimal, percent, pounds, poundsAndPence, twoDecimals, upToOneDecimal } from './format.ts';

test('a calendar date prints as that day, wherever the server runs', () => {
  assert.equal(longDate('2026-01-14'), '14 January 2026');
  assert.equal(longDate('2024-09-30'), '30 September 2024');
  assert.equal(monthYear('2025-03-31'), 'Mar 2025');
});

test('a moment prints as the day and time it was in the UK, summer time included', () => {
  // 23:30 UTC on 30 June is 00:30 BST on 1 July.
  assert.equal(longDate('2025-06-30T23:30:00Z'), '1 July 2025');
  assert.equal(longDate(new Date('2025-06-30T23:30:00Z')), '1 July 2025');
  // In winter the UK is on UTC.
  assert.equal(longDate('2025-12-31T23:30:00Z'), '31 December 2025');
  assert.equal(dateTime('2026-11-24T09:54:00Z'), '24 November 2026 at 09:54');
  assert.equal(dateTime('2026-07-24T09:54:00Z'), '24 July 2026 at 10:54');
});

test('money, percentages and counts are written the British way', () => {
  assert.equal(pounds(180000), '£180,000');
  assert.equal(pounds(1234.5), '£1,235');
  assert.equal(poundsAndPence(41.5), '£41.50');
  assert.equal(percent(16), '16.0%');
  assert.equal(percent(15.449), '15.4%');
  assert.equal(count(12345), '12,345');
  assert.equal(oneDecimal(34328.24), '34,328.2');
  assert.equal(upToOneDecimal(12), '12');
  assert.equal(upToOneDecimal(12.46), '12.5');
  assert.equal(twoDecimals(1.5), '1.50');
});
