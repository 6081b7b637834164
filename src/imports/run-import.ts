import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { setStatedDataRunsTo } from '../db/coverage.ts';
import { beginImport, setImportCounts, setImportWarnings, type BeginImport, type ImportKindName } from '../db/imports.ts';
import { getRoleMap } from '../db/role-map.ts';
import { getColumnMap, listCodeWords } from '../db/settings.ts';
import { wordKey, type CodeListName } from '../domain/code-words.ts';
import { fieldChanges, type FieldChange } from '../domain/record-changes.ts';
import { planVacancyUpsert, prepareVacanciesFirstLoad, upsertVacancies } from '../db/vacancies.ts';
import { planWorkerUpsert, prepareWorkersFirstLoad, teamsInData, upsertWorkers, type UpsertCounts } from '../db/workers.ts';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
import type { ColumnMapping } from './headers.ts';
import { formatProblem, type Problem } from './problems.ts';
import { readVacanciesImport, readWorkersImport } from './read-off-thread.ts';
import type { ParsedFile } from './workers-file.ts';

export { formatProblem, type Problem };

/**
 * `retain import workers|vacancies FILE` and the web import page: read and validate the whole
 * file, then write it in one transaction, or write nothing at all when any row has a problem.
 * Warnings (columns ignored, a team this authority has not used before) never block.
 */

export type ImportKind = ImportKindName;

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
  /**
   * More to write in the import's own transaction once the rows are in (a command's audit entry,
   * the pending upload removed), so the import and what goes with it stand or fall together.
   */
  alsoWrite?: ((trx: Db, outcome: Extract<ImportOutcome, { ok: true }>) => Promise<void>) | undefined;
}

export type ImportOutcome = ({ ok: true; importId: number; rowCount: number; checksumSha256: string; warnings: string[] } & UpsertCounts) | { ok: false; problems: Problem[]; warnings: string[] };

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
  /** Required fields no column gives: the web page asks which column holds each. */
  missingRequired: string[];
  /** The header as the file writes it, on which row, and the title rows above it. */
  header: string[];
  headerRow: number | null;
  titleRows: Array<{ row: number; text: string }>;
  /** The first data rows as read, cells as typed. */
  firstRows: Array<{ row: number; cells: string[] }>;
  /** For each record the file would change: which, and what changes (workers; at most CHANGES_SHOWN). */
  changes: RecordChange[];
}

export interface RecordChange {
  /** "worker 1001, post from 2021-04-01", or "2024-09-30, Assessment". */
  record: string;
  fields: FieldChange[];
}

/** How many changed records the preview lists field by field. */
export const CHANGES_SHOWN = 200;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asBytes(bytes: Uint8Array | string): Uint8Array {
  return typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
}

/** One kind of file: how to read it and write its records. Other files' importers (exit interviews...) define their own. */
export interface KindSpec<R> {
  kind: ImportKind;
  read(db: Db, input: ImportInput, bytes: Uint8Array): Promise<ParsedFile<R>>;
  teamOf(record: R): string | null;
  plan(db: Db, authorityCode: string, records: readonly R[]): Promise<{ counts: UpsertCounts; updates?: Array<{ before: R; after: R }> }>;
  describe(record: R): string;
  /** True when the write adds what it did to the import's row itself (bulkUpsert's upsert does), so no update of the counts follows. */
  countsItsWrites?: boolean;
  /** `held`: whether the council holds rows of this kind (read under the import's lock), else the write looks. */
  write(db: Db, authorityCode: string, records: readonly R[], importId: number, onProgress?: (done: number, total: number) => void, held?: boolean): Promise<UpsertCounts>;
  /** Makes what `write` will send for a council's first load of these records now, ahead of it (a batch, while the server writes the file before). */
  prepareFirstLoad?(authorityCode: string, records: readonly R[], importId: number): void;
}

export const WORKERS: KindSpec<WorkerRecord> = {
  kind: 'workers',
  async read(db, input, bytes) {
    const code = input.authorityCode.trim();
    const [roleMap, columnMap, words] = await Promise.all([getRoleMap(db, code), getColumnMap(db, code, 'workers'), codeWordMaps(db, code)]);
    return readWorkersImport(input.fileName, bytes, { sheet: input.sheet, roleMap, columnMap, codeWords: words });
  },
  describe: (record) => `worker ${record.workerId}, post from ${record.startDate}`,
  teamOf: (record) => record.team,
  plan: planWorkerUpsert,
  write: upsertWorkers,
  prepareFirstLoad: prepareWorkersFirstLoad,
  countsItsWrites: true,
};

export const VACANCIES: KindSpec<VacancyRecord> = {
  kind: 'vacancies',
  read: async (db, input, bytes) => readVacanciesImport(input.fileName, bytes, { sheet: input.sheet, columnMap: await getColumnMap(db, input.authorityCode.trim(), 'vacancies') }),
  describe: (record) => `${record.referenceDate}, ${record.team ?? 'whole council'}`,
  teamOf: (record) => record.team,
  plan: planVacancyUpsert,
  prepareFirstLoad: prepareVacanciesFirstLoad,
  countsItsWrites: true,
  async write(db, authorityCode, records, importId, onProgress, held) {
    onProgress?.(0, records.length);
    const counts = await upsertVacancies(db, authorityCode, records, importId, held);
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
export function importFile(db: Db, kind: 'workers' | 'vacancies', input: ImportInput): Promise<ImportOutcome> {
  return kind === 'workers' ? importWorkers(db, input) : importVacancies(db, input);
}

export function previewFile(db: Db, kind: 'workers' | 'vacancies', input: Omit<ImportInput, 'onProgress' | 'importedBy'>): Promise<ImportPreview> {
  return kind === 'workers' ? previewWorkers(db, input) : previewVacancies(db, input);
}

/** A file with a header and no data is refused: importing it would record an import that says nothing. */
export async function readChecked<R>(db: Db, input: ImportInput, bytes: Uint8Array, spec: KindSpec<R>): Promise<ParsedFile<R>> {
  return refuseEmpty(await spec.read(db, input, bytes), input.fileName);
}

/** The file as read, with a problem added when it has a header and no data rows (readChecked; a batch's files alike). */
export function refuseEmpty<R>(parsed: ParsedFile<R>, fileName: string): ParsedFile<R> {
  if (parsed.problems.length === 0 && parsed.rowCount === 0) {
    parsed.problems.push({ file: fileName, row: null, column: null, message: 'the file has a header row but no data rows' });
  }
  return parsed;
}

export async function runPreview<R>(db: Db, input: ImportInput, spec: KindSpec<R>): Promise<ImportPreview> {
  const bytes = asBytes(input.bytes);
  const authorityCode = input.authorityCode.trim();
  const parsed = await readChecked(db, input, bytes, spec);
  const ok = parsed.problems.length === 0;
  const warnings = [...parsed.warnings, ...(ok ? teamWarnings(await teamsInData(db, authorityCode), parsed, spec) : [])];
  const plan = ok ? await spec.plan(db, authorityCode, parsed.records) : null;
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
    counts: plan?.counts ?? null,
    missingRequired: parsed.missingRequired ?? [],
    header: parsed.header ?? [],
    headerRow: parsed.headerRow ?? null,
    titleRows: parsed.titleRows ?? [],
    firstRows: parsed.firstRows ?? [],
    changes: (plan?.updates ?? []).slice(0, CHANGES_SHOWN).map(({ before, after }) => ({ record: spec.describe(after), fields: fieldChanges(before as object, after as object) })),
  };
}

export async function runImport<R>(db: Db, input: ImportInput, spec: KindSpec<R>): Promise<ImportOutcome> {
  const bytes = asBytes(input.bytes);
  const parsed = await readChecked(db, input, bytes, spec);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems, warnings: parsed.warnings };
  return db.transaction().execute((trx) => writeImportIn(trx, input, spec, parsed, sha256Hex(bytes)));
}

/**
 * The write half of an import, for a file already read and found free of problems: records the
 * import and writes its rows, inside the caller's transaction (a file on its own, or every file of
 * a batch). Takes the authority's import lock for the rest of that transaction (beginImport).
 */
export async function writeImportIn<R>(
  trx: Db,
  input: ImportInput,
  spec: KindSpec<R>,
  parsed: ParsedFile<R>,
  checksumSha256: string,
  /** How the import begins: beginImport, or a batch's own (run-batch-import.ts), which has done the lock and the lookups for all its files at once. */
  begin: BeginImport = beginImport,
): Promise<Extract<ImportOutcome, { ok: true }>> {
  const authorityCode = input.authorityCode.trim();
  // The lock, the authority's row, what the council holds and the import's row, in one round trip.
  const begun = await begin(trx, {
    authorityCode,
    kind: spec.kind,
    fileName: input.fileName,
    checksumSha256,
    rowCount: parsed.records.length,
    warnings: parsed.warnings,
    importedBy: input.importedBy ?? null,
  });
  const { importId } = begun;
  const newTeams = teamWarnings(begun, parsed, spec);
  const warnings = [...parsed.warnings, ...newTeams];
  if (newTeams.length > 0) await setImportWarnings(trx, importId, warnings);
  // Other kinds (agency, pay...) let their write look for itself.
  const held = spec.kind === 'workers' || spec.kind === 'vacancies' ? begun.holds[spec.kind] : undefined;
  // A council's first load of this kind: every record is new (the reader refuses a key given
  // twice), so the import was recorded with its counts and needs no update after the write.
  const firstCounts = begun.firstLoad ? { inserted: parsed.records.length, updated: 0, unchanged: 0 } : undefined;
  const counts = await spec.write(trx, authorityCode, parsed.records, importId, input.onProgress, held);
  const recorded = firstCounts ? counts.inserted === firstCounts.inserted && counts.updated === 0 : spec.countsItsWrites === true;
  if (!recorded) await setImportCounts(trx, importId, counts);
  if (input.dataRunsTo !== undefined) await setStatedDataRunsTo(trx, authorityCode, input.dataRunsTo, input.importedBy ?? null);
  const outcome = { ok: true as const, importId, rowCount: parsed.records.length, checksumSha256, ...counts, warnings };
  await input.alsoWrite?.(trx, outcome);
  return outcome;
}

/**
 * One warning per team the file names that the authority's earlier data (workers or vacancies)
 * never used: usually a misspelling that would split a team's figures in two. An authority with
 * no earlier data gets none (every team is new to it).
 */
function teamWarnings<R>(inData: { teams: string[]; hasData: boolean }, parsed: ParsedFile<R>, spec: KindSpec<R>): string[] {
  if (!inData.hasData) return [];
  const known = new Set(inData.teams);
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

/** The council's own words for codes, one map (wordKey -> code) per list. */
export async function codeWordMaps(db: Db, authorityCode: string): Promise<Partial<Record<CodeListName, Map<string, string>>>> {
  return codeWordMapsOf(await listCodeWords(db, authorityCode));
}

/** One authority's code words as the workers reader takes them. */
export function codeWordMapsOf(words: ReadonlyArray<{ list: CodeListName; word: string; code: string }>): Partial<Record<CodeListName, Map<string, string>>> {
  const maps: Partial<Record<CodeListName, Map<string, string>>> = {};
  for (const word of words) {
    (maps[word.list] ??= new Map()).set(wordKey(word.word), word.code);
  }
  return maps;
}

function looseTeamKey(team: string): string {
  return team.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
