import { getAuthority, setNeighbours } from '../db/authorities.ts';
import { hasBenchmarks, latestAuthorityRows, unknownLaCodes } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { normaliseLaCode, parseNeighbourCodes, rowHasLaCode } from '../domain/benchmarks.ts';
import { unknownAuthority } from '../errors.ts';

/**
 * `retain neighbours`: an authority names its statistical neighbours as LA codes (old three-digit
 * or nine-character ONS). Malformed codes are refused; well-formed codes no loaded release knows
 * are kept with a warning (a release loaded later may know them), and only checked at all when
 * benchmarks are loaded.
 */

export interface NeighbourEntry {
  /** The code as stored. */
  code: string;
  /** From the latest published year, when the code is there. */
  name: string | null;
  regionName: string | null;
  published: boolean;
}

export interface NeighboursView {
  authorityCode: string;
  neighbours: NeighbourEntry[];
  warnings: string[];
}

export type NameNeighboursResult = ({ ok: true } & NeighboursView) | { ok: false; problems: string[] };

export async function nameNeighbours(db: Db, authorityCode: string, input: string | readonly string[]): Promise<NameNeighboursResult> {
  const authority = await getAuthority(db, authorityCode);
  if (!authority) return { ok: false, problems: [`No authority with code "${authorityCode}"`] };
  const { codes, invalid } = parseNeighbourCodes(input);
  if (invalid.length > 0) {
    return { ok: false, problems: invalid.map((value) => `"${value}" is not an LA code (a three-digit DfE code such as 840, or a nine-character ONS code such as E06000047)`) };
  }
  const own = new Set([authority.code, authority.oldLaCode, authority.newLaCode].filter((code): code is string => code !== null).map(normaliseLaCode));
  const warnings: string[] = [];
  const neighbours = codes.filter((code) => {
    if (!own.has(code)) return true;
    warnings.push(`${code} is ${authority.code} itself, so it is not kept as a neighbour`);
    return false;
  });
  await setNeighbours(db, authority.code, neighbours);
  const view = await listNeighbours(db, authority.code);
  return { ok: true, ...view, warnings: [...warnings, ...view.warnings] };
}

/** The authority's neighbours with their published names, and a warning for codes no release knows. */
export async function listNeighbours(db: Db, authorityCode: string): Promise<NeighboursView> {
  const authority = await getAuthority(db, authorityCode);
  if (!authority) throw unknownAuthority(authorityCode);
  const warnings: string[] = [];
  if (!(await hasBenchmarks(db))) {
    if (authority.neighbours.length > 0) warnings.push('No DfE benchmarks are loaded, so the neighbour codes are not checked yet (retain benchmarks import FILE)');
  } else {
    const unknown = await unknownLaCodes(db, authority.neighbours);
    if (unknown.length > 0) warnings.push(`Not in the published data: ${unknown.join(', ')}; check the codes`);
  }
  const directory = await latestAuthorityRows(db);
  return {
    authorityCode: authority.code,
    warnings,
    neighbours: authority.neighbours.map((code) => {
      const row = directory.find((candidate) => rowHasLaCode(candidate, code));
      return { code, name: row?.laName ?? null, regionName: row?.regionName ?? null, published: row !== undefined };
    }),
  };
}
