import { ROLE_CODES, type RoleCode } from './codes.ts';

/**
 * Local role names and the DfE `OrgRole` code each reports as. Councils name posts in their own
 * way; an authority's own role map (stored per authority) is consulted first, so any choice
 * below can be overridden without a code change.
 *
 * Choices where the census guide leaves room:
 * - ASYE and NQSW (first year in practice) are case holders like any social worker.
 * - Advanced Practitioner, Consultant Social Worker and Practice Supervisor are senior
 *   practitioners (4): experienced, non-managerial practice roles; the contract says
 *   senior_practitioner "includes advanced practitioner".
 * - Assistant Team Manager supervises case holders day to day, so first line manager (3).
 * - Principal Social Worker leads practice across the service and usually sits at service manager
 *   level without line-managing teams: middle manager (2).
 * - Head of Service and Director (and Assistant Director) are senior managers (1).
 * - IRO and Child Protection Chair are qualified but do not hold cases (6).
 */
export const DEFAULT_ROLE_MAP: Readonly<Record<string, RoleCode>> = {
  'Social Worker': 'case_holder',
  'Children and Families Social Worker': 'case_holder',
  ASYE: 'case_holder',
  'ASYE Social Worker': 'case_holder',
  NQSW: 'case_holder',
  'Newly Qualified Social Worker': 'case_holder',
  'Experienced Social Worker': 'case_holder',
  'Senior Social Worker': 'senior_practitioner',
  'Senior Practitioner': 'senior_practitioner',
  'Advanced Practitioner': 'senior_practitioner',
  'Practice Supervisor': 'senior_practitioner',
  'Consultant Social Worker': 'senior_practitioner',
  'Team Manager': 'team_manager',
  'Assistant Team Manager': 'team_manager',
  'Deputy Team Manager': 'team_manager',
  'First Line Manager': 'team_manager',
  'Service Manager': 'middle_manager',
  'Group Manager': 'middle_manager',
  'Principal Social Worker': 'middle_manager',
  'Head of Service': 'senior_manager',
  'Assistant Director': 'senior_manager',
  Director: 'senior_manager',
  'Director of Children’s Services': 'senior_manager',
  IRO: 'qualified_no_cases',
  'Independent Reviewing Officer': 'qualified_no_cases',
  'Child Protection Chair': 'qualified_no_cases',
  'Child Protection Conference Chair': 'qualified_no_cases',
};

/**
 * A role name folded for matching: lower case, with spaces, punctuation and symbols dropped, so
 * "Senior  Practitioner", "senior-practitioner" and "Senior Practitioner." all meet.
 */
export function roleKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const DEFAULT_BY_KEY: ReadonlyMap<string, RoleCode> = new Map(Object.entries(DEFAULT_ROLE_MAP).map(([name, role]) => [roleKey(name), role]));
const CODE_BY_KEY: ReadonlyMap<string, RoleCode> = new Map(ROLE_CODES.map((code) => [roleKey(code), code]));

export interface ResolvedRole {
  role: RoleCode;
  /** The name as written, kept when it was a local name rather than a code or number. */
  localRole: string | null;
}

/**
 * Reads a role cell: a role code (`case_holder`), its DfE `OrgRole` number 1-6, or a local name
 * found in the authority's map (keyed by `roleKey`, and winning over the default) or the default
 * map. Undefined when none of these knows it.
 */
export function resolveRole(raw: string, localMap: ReadonlyMap<string, RoleCode> | Readonly<Record<string, RoleCode>> = {}): ResolvedRole | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const code = ROLE_CODES[Number(text) - 1];
    return code ? { role: code, localRole: null } : undefined;
  }
  // A code written as such (case_holder) is the code itself, with no local name to keep.
  const exact = ROLE_CODES.find((code) => code === text.toLowerCase());
  if (exact) return { role: exact, localRole: null };
  const key = roleKey(text);
  const local = localMap instanceof Map ? localMap.get(key) : lookupRecord(localMap as Readonly<Record<string, RoleCode>>, key);
  if (local) return { role: local, localRole: text };
  // Otherwise the default map, then a code's name written loosely ("Case holder"), keeping the words used.
  const known = DEFAULT_BY_KEY.get(key) ?? CODE_BY_KEY.get(key);
  return known ? { role: known, localRole: text } : undefined;
}

/** A plain object map may be keyed by names as written or by their keys. */
function lookupRecord(map: Readonly<Record<string, RoleCode>>, key: string): RoleCode | undefined {
  for (const [name, role] of Object.entries(map)) if (roleKey(name) === key) return role;
  return undefined;
}
