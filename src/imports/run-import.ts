import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ensureAuthority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { setStatedDataRunsTo } from '../db/coverage.ts';
import { recordImport, setImportCounts } from '../db/imports.ts';
import { getRoleMap } from '../db/role-map.ts';
import { planVacancyUpsert, upsertVacancies, vacancyTeamsForAuthority } from '../db/vacancies.ts';
import { countWorkers, planWorkerUpsert, teamsForAuthority, upsertWorkers, type UpsertCounts } from '../db/workers.ts';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
import type { ColumnMapping } from './headers.ts';
import { formatProblem, type Problem } from './problems.ts';
import { readVacanciesFile } from './vacancies-file.ts';
import { readWorkersFile, type ParsedFile } from './workers-file.ts';

export { formatProblem, type Problem };

/**
 * `retain import workers|vacancies FILE` and the web import page: read and validate the whole
 * file, then write it in one transaction, or write nothing at all when any row has a problem.
 * Warnings (columns ignored, a team this authority has not used before) never block.
 */

export type ImportKind = 'workers' | 'vacancies';

export interface ImportInput {
  authorityCode: string;
  fileName: string;
  bytes: Uint8Array | string;
  /** XLSX: the sheet to read; the first when not given. */
  sheet?: string | undefined;
  /** Who imported it (an email, "cli"), recorded with the import. */
  importedBy?: string | null | undefined;
  /** Hears (rows done, rows in all) while rows are written. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** The day the extract was taken, when the analyst says: the council's data runs to it (src/domain/coverage.ts). */
  dataRunsTo?: string | undefined;
}

export type ImportOutcome =
  | ({ ok: true; importId: number; rowCount: number; checksumSha256: string; warnings: string[] } & UpsertCounts)
  | { ok: false; problems: Problem[]; warnings: string[] };

export interface ImportPreview {
  kind: ImportKind;
  /** True when the file would import. */
  ok: boolean;
  fileName: string;
  format: 'csv' | 'xlsx' | null;
  sheet: string | null;
  checksumSha256: string;
  /** Data rows in the file (blank rows not counted). */
  rowCount: number;
  /** How each column of the file was read. */
  mapping: ColumnMapping[];
  /** Optional contract columns the file does not have. */
  missingOptional: string[];
  problems: Problem[];
  warnings: string[];
  /** What importing would do to the register; null when the file has problems. */
  counts: UpsertCounts | null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asBytes(bytes: Uint8Array | string): Uint8Array {
  return typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
}

interface KindSpec<R> {
  kind: ImportKind;
  read(db: Db, input: ImportInput, bytes: Uint8Array): Promise<ParsedFile<R>>;
  teamOf(record: R): string | null;
  plan(db: Db, authorityCode: string, records: readonly R[]): Promise<{ counts: UpsertCounts }>;
  write(db: Db, authorityCode: string, records: readonly R[], importId: number, onProgress?: (done: number, total: number) => void): Promise<UpsertCounts>;
}

const WORKERS: KindSpec<WorkerRecord> = {
  kind: 'workers',
  async read(db, input, bytes) {
    return readWorkersFile(input.fileName, bytes, { sheet: input.sheet, roleMap: await getRoleMap(db, input.authorityCode.trim()) });
  },
  teamOf: (record) => record.team,
  plan: planWorkerUpsert,
  write: upsertWorkers,
};

const VACANCIES: KindSpec<VacancyRecord> = {
  kind: 'vacancies',
  read: (_db, input, bytes) => readVacanciesFile(input.fileName, bytes, { sheet: input.sheet }),
  teamOf: (record) => record.team,
  plan: planVacancyUpsert,
  async write(db, authorityCode, records, importId, onProgress) {
    onProgress?.(0, records.length);
    const counts = await upsertVacancies(db, authorityCode, records, importId);
    onProgress?.(records.length, records.length);
    return counts;
  },
};

export function importWorkers(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, WORKERS);
}

export function importVacancies(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, VACANCIES);
}

export function previewWorkers(db: Db, input: Omit<ImportInput, 'onProgress' | 'importedBy'>): Promise<ImportPreview> {
  return runPreview(db, input, WORKERS);
}

export function previewVacancies(db: Db, input: Omit<ImportInput, 'onProgress' | 'importedBy'>): Promise<ImportPreview> {
  return runPreview(db, input, VACANCIES);
}

/** Either kind by name, for callers that hold the kind as data (the web's pending uploads). */
export function importFile(db: Db, kind: ImportKind, input: ImportInput): Promise<ImportOutcome> {
  return kind === 'workers' ? importWorkers(db, input) : importVacancies(db, input);
}

export function previewFile(db: Db, kind: ImportKind, input: Omit<ImportInput, 'onProgress' | 'importedBy'>): Promise<ImportPreview> {
  return kind === 'workers' ? previewWorkers(db, input) : previewVacancies(db, input);
}

/** A file with a header and no data is refused: importing it would record an import that says nothing. */
async function readChecked<R>(db: Db, input: ImportInput, bytes: Uint8Array, spec: KindSpec<R>): Promise<ParsedFile<R>> {
  const parsed = await spec.read(db, input, bytes);
  if (parsed.problems.length === 0 && parsed.rowCount === 0) {
    parsed.problems.push({ file: input.fileName, row: null, column: null, message: 'the file has a header row but no data rows' });
  }
  return parsed;
}

async function runPreview<R>(db: Db, input: ImportInput, spec: KindSpec<R>): Promise<ImportPreview> {
  const bytes = asBytes(input.bytes);
  const authorityCode = input.authorityCode.trim();
  const parsed = await readChecked(db, input, bytes, spec);
  const ok = parsed.problems.length === 0;
  const warnings = [...parsed.warnings, ...(ok ? await teamWarnings(db, authorityCode, parsed, spec) : [])];
  return {
    kind: spec.kind,
    ok,
    fileName: input.fileName,
    format: parsed.format,
    sheet: parsed.sheet,
    checksumSha256: sha256Hex(bytes),
    rowCount: parsed.rowCount,
    mapping: parsed.mapping,
    missingOptional: parsed.missingOptional,
    problems: parsed.problems,
    warnings,
    counts: ok ? (await spec.plan(db, authorityCode, parsed.records)).counts : null,
  };
}

async function runImport<R>(db: Db, input: ImportInput, spec: KindSpec<R>): Promise<ImportOutcome> {
  const bytes = asBytes(input.bytes);
  const authorityCode = input.authorityCode.trim();
  const parsed = await readChecked(db, input, bytes, spec);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems, warnings: parsed.warnings };
  const checksumSha256 = sha256Hex(bytes);

  return db.transaction().execute(async (trx) => {
    // One import per authority at a time, so two uploads of overlapping files cannot interleave.
    await sql`select pg_advisory_xact_lock(hashtext(${`retain.import.${authorityCode}`}))`.execute(trx);
    await ensureAuthority(trx, authorityCode);
    const warnings = [...parsed.warnings, ...(await teamWarnings(trx, authorityCode, parsed, spec))];
    const importId = await recordImport(trx, {
      authorityCode,
      kind: spec.kind,
      fileName: input.fileName,
      checksumSha256,
      rowCount: parsed.records.length,
      warnings,
      importedBy: input.importedBy ?? null,
    });
    const counts = await spec.write(trx, authorityCode, parsed.records, importId, input.onProgress);
    await setImportCounts(trx, importId, counts);
    if (input.dataRunsTo !== undefined) await setStatedDataRunsTo(trx, authorityCode, input.dataRunsTo, input.importedBy ?? null);
    return { ok: true as const, importId, rowCount: parsed.records.length, checksumSha256, ...counts, warnings };
  });
}

/**
 * One warning per team the file names that the authority's earlier data (workers or vacancies)
 * never used: usually a misspelling that would split a team's figures in two. An authority with
 * no earlier data gets none (every team is new to it).
 */
async function teamWarnings<R>(db: Db, authorityCode: string, parsed: ParsedFile<R>, spec: KindSpec<R>): Promise<string[]> {
  const [workerTeams, vacancyTeams, workerCount] = await Promise.all([
    teamsForAuthority(db, authorityCode),
    vacancyTeamsForAuthority(db, authorityCode),
    countWorkers(db, authorityCode),
  ]);
  if (workerCount === 0 && vacancyTeams.length === 0) return [];
  const known = new Set([...workerTeams, ...vacancyTeams]);
  const loose = new Map([...known].map((team) => [looseTeamKey(team), team]));
  const rowsByTeam = new Map<string, number[]>();
  parsed.records.forEach((record, i) => {
    const team = spec.teamOf(record);
    if (team === null || known.has(team)) return;
    const rows = rowsByTeam.get(team) ?? [];
    rows.push(parsed.rows[i]!);
    rowsByTeam.set(team, rows);
  });
  return [...rowsByTeam].map(([team, rows]) => {
    const shown = rows.length > 5 ? `${rows.slice(0, 5).join(', ')} and ${rows.length - 5} more` : rows.join(', ');
    const similar = loose.get(looseTeamKey(team));
    const hint = similar ? `; did you mean "${similar}"?` : '; check the spelling if it is not a new team';
    return `${parsed.fileName}: team "${team}" is not in this authority's earlier data (row${rows.length === 1 ? '' : 's'} ${shown})${hint}`;
  });
}

function looseTeamKey(team: string): string {
  return team.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
