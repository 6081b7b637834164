import { createHash } from 'node:crypto';
import { listAuthorities } from '../db/authorities.ts';
import { fillAuthorityDetails, insertRelease, levelCounts, unknownLaCodes } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { GEOGRAPHIC_LEVELS } from '../domain/benchmarks.ts';
import { parseBenchmarksFile, type ImportProblem } from './benchmarks-file.ts';

export interface BenchmarksImportInput {
  fileName: string;
  bytes: Uint8Array | string;
}

export type BenchmarksImportResult =
  | {
      ok: true;
      releaseId: number;
      rowCount: number;
      firstYear: number;
      lastYear: number;
      /** Rows per geographic level; the three DfE levels are always present. */
      levels: Record<string, number>;
      /** The same file (by SHA-256) was loaded before; nothing new was written. */
      alreadyLoaded: boolean;
      checksumSha256: string;
      /** Authorities whose name, region or LA codes were filled in from their published row. */
      authoritiesUpdated: string[];
      /** Things worth telling the user that did not stop the import. */
      warnings: string[];
    }
  | { ok: false; problems: ImportProblem[] };

/**
 * `retain benchmarks import FILE`: loads a DfE csww_indicators CSV as a release. Nothing is written
 * when the file has any problem; loading the same file twice writes nothing the second time.
 * Afterwards, authorities missing a name, region or LA codes get them from their published row,
 * and neighbour codes no release knows are warned about.
 */
export async function importBenchmarks(db: Db, input: BenchmarksImportInput): Promise<BenchmarksImportResult> {
  const parsed = parseBenchmarksFile(input.fileName, input.bytes);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };

  const bytes = typeof input.bytes === 'string' ? Buffer.from(input.bytes, 'utf8') : input.bytes;
  const checksumSha256 = createHash('sha256').update(bytes).digest('hex');
  const { release, alreadyLoaded } = await insertRelease(db, { fileName: input.fileName, checksumSha256, rows: parsed.rows });

  const levels: Record<string, number> = Object.fromEntries(GEOGRAPHIC_LEVELS.map((level) => [level, 0]));
  Object.assign(levels, await levelCounts(db, release.id));

  const warnings: string[] = [];
  if (parsed.missingMeasures.length > 0) warnings.push(`${input.fileName} has no column for ${parsed.missingMeasures.join(', ')}; those figures show as not available`);
  const authoritiesUpdated = await fillAuthorityDetails(db, parsed.rows);
  warnings.push(...(await neighbourWarnings(db)));

  return {
    ok: true,
    releaseId: release.id,
    rowCount: release.rowCount,
    firstYear: release.firstYear,
    lastYear: release.lastYear,
    levels,
    alreadyLoaded,
    checksumSha256,
    authoritiesUpdated,
    warnings,
  };
}

/** One warning per authority whose named neighbours include codes no loaded release has. */
export async function neighbourWarnings(db: Db): Promise<string[]> {
  const warnings: string[] = [];
  for (const authority of await listAuthorities(db)) {
    const unknown = await unknownLaCodes(db, authority.neighbours);
    if (unknown.length > 0) warnings.push(`${authority.code}: neighbour codes not in the published data: ${unknown.join(', ')}`);
  }
  return warnings;
}
