import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeFromWords, wordKey } from './code-words.ts';

test('leaving reasons are read from the words HR systems use', () => {
  assert.equal(codeFromWords('leaving_reason', 'Resignation'), 'resignation');
  assert.equal(codeFromWords('leaving_reason', 'Moved within LA'), 'moved_within_la');
  assert.equal(codeFromWords('leaving_reason', 'Retirement'), 'retired');
  assert.equal(codeFromWords('leaving_reason', 'Redundancy - Voluntary'), 'voluntary_redundancy');
  assert.equal(codeFromWords('leaving_reason', '7'), 'moved_within_la');
  assert.equal(codeFromWords('leaving_reason', 'Left - new job'), undefined);
});

test("a council's own words are read too, and win over the defaults", () => {
  const own = new Map([
    [wordKey('Left - new job'), 'resignation'],
    [wordKey('Redundancy'), 'voluntary_redundancy'],
  ]);
  assert.equal(codeFromWords('leaving_reason', 'left: NEW JOB', own), 'resignation');
  assert.equal(codeFromWords('leaving_reason', 'Redundancy', own), 'voluntary_redundancy');
});

test('a destination is never newly qualified, even by a word that means it as an origin', () => {
  assert.equal(codeFromWords('start_origin', 'NQSW'), 'newly_qualified');
  assert.equal(codeFromWords('leaver_destination', 'NQSW'), undefined);
  assert.equal(codeFromWords('leaver_destination', 'Another local authority'), 'another_english_la');
});
