import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atShownPrecision, changeSince, judgementOf } from './change.ts';

const shown = (value: number) => ({ value, status: 'shown' as const });

test('a change is judged by which way is better: up is worse for turnover, better for staff in post, neither for starters', () => {
  assert.equal(judgementOf('up', 'lower_better'), 'worse');
  assert.equal(judgementOf('down', 'lower_better'), 'better');
  assert.equal(judgementOf('up', 'higher_better'), 'better');
  assert.equal(judgementOf('down', 'neutral'), 'no_judgement');
});

test('the worked examples read as the doc comment says', () => {
  assert.equal(changeSince('rate', 'lower_better', shown(12.04), shown(10), 2023).text, 'Up 2.0 percentage points since 2023 (worse)');
  const same = changeSince('decimal', 'lower_better', shown(10.04), shown(10.01), 2023);
  assert.deepEqual([same.direction, same.judgement, same.text], ['same', null, 'No change since 2023']);
  assert.equal(changeSince('count', 'lower_better', shown(9), shown(12), 2023).text, 'Down 3 since 2023 (better)');
  assert.equal(changeSince('decimal', 'neutral', shown(12), shown(10), 2023).text, 'Up 2.0 since 2023');
  const withheld = changeSince('rate', 'lower_better', { value: null, status: 'suppressed' }, shown(10), 2023);
  assert.deepEqual([withheld.direction, withheld.text], [null, 'Not comparable with 2023 (figures withheld)']);
  assert.equal(changeSince('rate', 'lower_better', shown(10), { value: null, status: 'not_available' }, 2023).text, 'Not comparable with 2023');
});

test('changes are measured between the figures as shown, so a change too small to see is no change', () => {
  assert.equal(atShownPrecision('count', 11.6), 12);
  assert.equal(atShownPrecision('rate', 15.449), 15.4);
  // 15.46% and 15.54% both show as 15.5%.
  assert.equal(changeSince('rate', 'lower_better', shown(15.54), shown(15.46), 2024).direction, 'same');
  // 15.44% shows as 15.4%, 15.46% as 15.5%: a visible fall of 0.1.
  assert.equal(changeSince('rate', 'lower_better', shown(15.44), shown(15.46), 2024).text, 'Down 0.1 percentage points since 2024 (better)');
});
