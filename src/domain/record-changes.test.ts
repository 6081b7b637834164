import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldChanges } from './record-changes.ts';

test('only the fields whose values differ are listed, with their values before and after', () => {
  assert.deepEqual(fieldChanges({ fte: 1, team: 'Assessment', endDate: null }, { fte: 0.8, team: 'Assessment', endDate: '2025-03-31' }), [
    { field: 'fte', before: 1, after: 0.8 },
    { field: 'endDate', before: null, after: '2025-03-31' },
  ]);
});

test('a missing value and null are the same, and ignored fields are left out', () => {
  assert.deepEqual(fieldChanges({ a: null, id: 1 } as Record<string, unknown>, { id: 2 } as Record<string, unknown>, ['id']), []);
});
