import { getAuthority, setNeighbours } from '../db/authorities.ts';
import { auditAs, inTransaction, type Actor } from '../commands/actor.ts';
import { hasBenchmarks, latestAuthorityRows, unknownLaCodes } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { getSettings, neighbourList, saveSettings } from '../db/settings.ts';
import { DEFAULT_NEIGHBOUR_MODEL, normaliseLaCode, parseNeighbourCodes, rowHasLaCode } from '../domain/benchmarks.ts';
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

/**
 * `retain neighbours set`: names the neighbours by hand (LA codes, nearest first), marks the list as
 * edited and writes its audit entry, in one transaction (as the Settings page's editNeighbours does).
 */
export async function nameNeighbours(db: Db, authorityCode: string, input: string | readonly string[], actor: Actor): Promise<NameNeighboursResult> {
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
  await inTransaction(db, async (trx) => {
    await setNeighbours(trx, authority.code, neighbours);
    await saveSettings(trx, authority.code, { neighboursEdited: true });
    await auditAs(trx, actor, 'settings.neighbours', authority.code, { before: authority.neighbours, after: neighbours });
  });
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

export interface NeighbourModelView extends NeighboursView {
  /** DfE's model in use: '2025' (the default) or '2021'. */
  model: string;
  /** The LA code whose DfE list is used: the council's own, or another's it borrows (the demo council). */
  basis: string | null;
  /** True when the basis is another council's. */
  borrowed: boolean;
  /** True when the list was edited by hand after the model filled it. */
  edited: boolean;
  /** DfE's closeness label for each neighbour the model lists for the basis, by code. */
  proximity: Record<string, string>;
}

/**
 * Which DfE model the council's neighbours come from and the list as it stands, for `retain
 * neighbours model` (the Settings page shows the same; both change it with chooseNeighbourModel).
 */
export async function neighbourModelView(db: Db, authorityCode: string): Promise<NeighbourModelView> {
  const authority = await getAuthority(db, authorityCode);
  if (!authority) throw new Error(`No authority with code "${authorityCode}"`);
  const settings = await getSettings(db, authority.code);
  const model = settings.neighbourModel ?? DEFAULT_NEIGHBOUR_MODEL;
  const basis = settings.neighbourBasis ?? authority.oldLaCode ?? (/^\d{3}$/.test(authority.code) ? authority.code : null);
  const [view, list] = await Promise.all([listNeighbours(db, authority.code), basis === null ? Promise.resolve([]) : neighbourList(db, model, basis)]);
  return {
    ...view,
    model,
    basis,
    borrowed: settings.neighbourBasis !== null,
    edited: settings.neighboursEdited,
    proximity: Object.fromEntries(list.map((entry) => [entry.neighbourCode, entry.proximity])),
  };
}
