import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv-parse-sync.ts';
import { listAuthorities, setNeighbours } from '../db/authorities.ts';
import { hasBenchmarks } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { getSettings, neighbourList, neighbourModelSize, replaceNeighbourModel, saveSettings, type NeighbourModelRow } from '../db/settings.ts';
import { NEIGHBOUR_MODELS, DEFAULT_NEIGHBOUR_MODEL, type NeighbourModel } from '../domain/benchmarks.ts';
import type { Problem } from './problems.ts';
import { decodeText } from './read-table.ts';
import { importBenchmarks } from './run-benchmarks-import.ts';

/**
 * DfE's published reference data, shipped in the repository (`reference/dfe/`, Open Government
 * Licence v3.0) so that comparisons work from the first start, with no file to find and no
 * `../shared` beside the repository:
 * - csww_indicators_2017_to_2024.csv: the CSWW indicators for England, regions and every council;
 * - statistical_neighbours_2021.csv and _2025.csv: each council's ten neighbours, nearest first.
 * A newer indicators file is loaded with `retain benchmarks import` or on the Settings page; the
 * bundled one is loaded only into a database that has no benchmarks at all, so it never shadows a
 * newer release (the latest imported release answers for each year).
 */

export const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference', 'dfe');
export const BUNDLED_INDICATORS = 'csww_indicators_2017_to_2024.csv';
export const neighbourFileName = (model: NeighbourModel) => `statistical_neighbours_${model}.csv`;

/** A statistical neighbours file as DfE publishes it: old_la_code, la_name, region, rank, neighbour_old_la_code, proximity. */
export function parseNeighbourModelFile(fileName: string, model: string, bytes: Uint8Array | string): { rows: NeighbourModelRow[]; problems: Problem[] } {
  const text = typeof bytes === 'string' ? bytes : decodeText(bytes);
  const problems: Problem[] = [];
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    return { rows: [], problems: [{ file: fileName, row: null, column: null, message: `the CSV cannot be read: ${(error as Error).message}` }] };
  }
  const rows: NeighbourModelRow[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    const rank = Number(record.rank);
    const laCode = record.old_la_code ?? '';
    const neighbourCode = record.neighbour_old_la_code ?? '';
    // "-": the council did not exist when the model was made (Cumberland in 2021); it has no list.
    if (neighbourCode === '-' || neighbourCode === '') return;
    if (!/^\d{3}$/.test(laCode)) problems.push({ file: fileName, row, column: 'old_la_code', message: `"${laCode}" is not a three-digit LA code` });
    else if (!/^\d{3}$/.test(neighbourCode)) problems.push({ file: fileName, row, column: 'neighbour_old_la_code', message: `"${neighbourCode}" is not a three-digit LA code` });
    else if (!Number.isInteger(rank) || rank < 1) problems.push({ file: fileName, row, column: 'rank', message: `"${record.rank}" is not a rank (1 is the nearest)` });
    else rows.push({ model, laCode, laName: record.la_name ?? '', region: record.region ?? '', rank, neighbourCode, proximity: record.proximity ?? '' });
  });
  return { rows, problems };
}

export interface ReferenceLoaded {
  /** True when the bundled indicators were loaded now (the database had none). */
  indicatorsLoaded: boolean;
  /** Neighbour models loaded now. */
  modelsLoaded: NeighbourModel[];
  /** Authorities given their DfE neighbours (default model) now. */
  neighboursSet: string[];
}

/**
 * Loads what is missing: the bundled indicators when no benchmarks are loaded, each neighbour model
 * not loaded yet, and, for each council with no neighbours named, the DfE list of the default model
 * for its own LA code. Idempotent: a second run changes nothing.
 */
export async function ensureReferenceData(db: Db): Promise<ReferenceLoaded> {
  const loaded: ReferenceLoaded = { indicatorsLoaded: false, modelsLoaded: [], neighboursSet: [] };
  if (!(await hasBenchmarks(db))) {
    const bytes = await readFile(join(REFERENCE_DIR, BUNDLED_INDICATORS));
    const result = await importBenchmarks(db, { fileName: BUNDLED_INDICATORS, bytes });
    if (!result.ok) throw new Error(`The bundled DfE file did not load: ${result.problems[0]?.message}`);
    loaded.indicatorsLoaded = !result.alreadyLoaded;
  }
  for (const model of NEIGHBOUR_MODELS) {
    if ((await neighbourModelSize(db, model)) > 0) continue;
    const fileName = neighbourFileName(model);
    const parsed = parseNeighbourModelFile(fileName, model, await readFile(join(REFERENCE_DIR, fileName)));
    if (parsed.problems.length > 0) throw new Error(`The bundled ${fileName} did not load: ${parsed.problems[0]!.message}`);
    await replaceNeighbourModel(db, model, parsed.rows);
    loaded.modelsLoaded.push(model);
  }
  for (const authority of await listAuthorities(db)) {
    if (authority.neighbours.length > 0) continue;
    const settings = await getSettings(db, authority.code);
    const basis = settings.neighbourBasis ?? authority.oldLaCode ?? (/^\d{3}$/.test(authority.code) ? authority.code : null);
    if (basis === null) continue;
    const model = (settings.neighbourModel as NeighbourModel | null) ?? DEFAULT_NEIGHBOUR_MODEL;
    const list = await neighbourList(db, model, basis);
    if (list.length === 0) continue;
    await setNeighbours(
      db,
      authority.code,
      list.map((entry) => entry.neighbourCode),
    );
    await saveSettings(db, authority.code, { neighbourModel: model });
    loaded.neighboursSet.push(authority.code);
  }
  return loaded;
}
