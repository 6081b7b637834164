import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { rowReaders } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable } from './read-table.ts';
import type { BatchFile } from './run-batch-import.ts';
import { parseDate } from './values.ts';

/**
 * The manifest of `retain import batch`: one row per file a consortium loads, CSV (or XLSX) with
 * columns authority_code, kind (workers or vacancies) and file (a path relative to the manifest),
 * and optionally sheet (XLSX) and data_runs_to (the day the extract was taken). Its problems are
 * named as a data file's are (manifest:row:column), and the files are only looked for here: they
 * are read one by one as the batch reaches them.
 */

export const MANIFEST_FIELDS = [
  { field: 'authority_code', required: true, synonyms: ['authority', 'la code', 'la_code', 'council'] },
  { field: 'kind', required: true, synonyms: ['type', 'file kind'] },
  { field: 'file', required: true, synonyms: ['path', 'file name', 'filename'] },
  { field: 'sheet', required: false, synonyms: ['sheet name', 'worksheet'] },
  { field: 'data_runs_to', required: false, synonyms: ['extract date', 'data runs to'] },
] as const satisfies readonly FieldSpec[];
type ManifestField = (typeof MANIFEST_FIELDS)[number]['field'];

const KINDS = ['workers', 'vacancies'] as const;

export interface Manifest {
  files: BatchFile[];
  problems: Problem[];
  warnings: string[];
}

/** Reads a manifest's bytes; `manifestPath` names it in problems and anchors the relative paths. */
export async function readManifest(manifestPath: string, bytes: Uint8Array): Promise<Manifest> {
  const name = manifestPath;
  const read = await readTable(bytes, name);
  if (!read.ok) return { files: [], problems: [{ file: name, row: null, column: null, message: read.message }], warnings: [] };
  const { table } = read;
  const match = matchHeaders<ManifestField>(name, table.header, table.headerRow, MANIFEST_FIELDS);
  if (match.problems.length > 0) return { files: [], problems: match.problems, warnings: match.warnings };

  const base = dirname(manifestPath);
  const files: BatchFile[] = [];
  const problems: Problem[] = [];
  const firstRow = new Map<string, number>();
  const readRow = rowReaders(name, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const authorityCode = r.text('authority_code');
    if (authorityCode === null) r.fail('authority_code', 'authority_code is required');
    const kindText = r.text('kind');
    const kind = KINDS.find((known) => known === kindText?.toLowerCase());
    if (kindText === null) r.fail('kind', 'kind is required: workers or vacancies');
    else if (kind === undefined) r.fail('kind', `"${kindText}" is not a kind a batch imports: use workers or vacancies (other kinds of file are imported one at a time: retain import KIND FILE)`);
    const file = r.text('file');
    if (file === null) r.fail('file', 'file is required: the path of the file, from the folder the manifest is in');
    const dataRunsTo = r.parse('data_runs_to', parseDate);
    const sheet = r.text('sheet');

    if (authorityCode !== null && kind !== undefined) {
      const key = `${authorityCode}\u0000${kind}`;
      const earlier = firstRow.get(key);
      if (earlier !== undefined) r.fail('authority_code', `${authorityCode} already has a ${kind} file on row ${earlier}; list one ${kind} file per authority`);
      else firstRow.set(key, r.row);
    }
    let path: string | undefined;
    if (file !== null) {
      path = isAbsolute(file) ? file : resolve(base, file);
      const found = await stat(path).catch(() => null);
      if (found === null) r.fail('file', `no such file: ${file}${isAbsolute(file) ? '' : ` (looked for ${path})`}`);
      else if (!found.isFile()) r.fail('file', `${file} is not a file`);
    }
    problems.push(...r.problems);
    if (r.problems.length > 0 || authorityCode === null || kind === undefined || file === null) continue;
    files.push({ kind, authorityCode, fileName: file, path, sheet: sheet ?? undefined, dataRunsTo: dataRunsTo ?? undefined });
  }
  if (problems.length === 0 && files.length === 0) problems.push({ file: name, row: null, column: null, message: 'the manifest lists no files' });
  return { files, problems, warnings: match.warnings };
}
