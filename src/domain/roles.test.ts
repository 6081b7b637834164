import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLE_CODES } from './codes.ts';
import { DEFAULT_ROLE_MAP, resolveRole, roleKey } from './roles.ts';

const SPEC_NAMES = [
  'Social Worker',
  'ASYE',
  'NQSW',
  'Experienced Social Worker',
  'Senior Practitioner',
  'Advanced Practitioner',
  'Practice Supervisor',
  'Consultant Social Worker',
  'Team Manager',
  'Assistant Team Manager',
  'Service Manager',
  'Head of Service',
  'Director',
  'IRO',
  'Child Protection Chair',
  'Principal Social Worker',
];

test('the default map knows every local name the contract lists, and keeps the name as written', () => {
  for (const name of SPEC_NAMES) {
    const resolved = resolveRole(name);
    assert.ok(resolved, name);
    assert.equal(resolved.localRole, name);
  }
  assert.deepEqual(resolveRole('ASYE'), { role: 'case_holder', localRole: 'ASYE' });
  assert.equal(resolveRole('Advanced Practitioner')?.role, 'senior_practitioner');
  assert.equal(resolveRole('Service Manager')?.role, 'middle_manager');
  assert.equal(resolveRole('Team Manager')?.role, 'team_manager');
  assert.equal(resolveRole('IRO')?.role, 'qualified_no_cases');
  assert.equal(resolveRole('Director')?.role, 'senior_manager');
});

test('names match whatever their case, spacing and punctuation', () => {
  assert.equal(roleKey('  Senior  Practitioner. '), roleKey('senior-practitioner'));
  assert.equal(resolveRole('social_worker')?.role, 'case_holder');
  assert.equal(resolveRole('Child-Protection  CHAIR')?.role, 'qualified_no_cases');
});

test('role codes and OrgRole numbers 1-6 are read as themselves, with no local name', () => {
  ROLE_CODES.forEach((code, i) => {
    assert.deepEqual(resolveRole(code), { role: code, localRole: null });
    assert.deepEqual(resolveRole(String(i + 1)), { role: code, localRole: null });
  });
  assert.deepEqual(resolveRole('CASE_HOLDER'), { role: 'case_holder', localRole: null });
  assert.deepEqual(resolveRole('Case holder'), { role: 'case_holder', localRole: 'Case holder' });
  assert.equal(resolveRole('0'), undefined);
  assert.equal(resolveRole('7'), undefined);
});

test('the authority’s own map is consulted first, and unknown names resolve to nothing', () => {
  const local = new Map([
    [roleKey('Advanced Practitioner'), 'qualified_no_cases' as const],
    [roleKey('Locum SW'), 'case_holder' as const],
  ]);
  assert.deepEqual(resolveRole('advanced practitioner', local), { role: 'qualified_no_cases', localRole: 'advanced practitioner' });
  assert.deepEqual(resolveRole('Locum SW', local), { role: 'case_holder', localRole: 'Locum SW' });
  assert.deepEqual(resolveRole('Locum SW', { 'locum sw': 'team_manager' }), { role: 'team_manager', localRole: 'Locum SW' });
  assert.equal(resolveRole('Locum SW'), undefined);
  assert.equal(resolveRole(''), undefined);
});

test('every default maps to a role code', () => {
  for (const role of Object.values(DEFAULT_ROLE_MAP)) assert.ok(ROLE_CODES.includes(role));
});
