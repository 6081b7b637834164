import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listImports, type ImportRecord } from '../../db/imports.ts';
import { cancelImport, confirmImport, uploadForImport } from '../../commands/imports.ts';
import { clearPendingPreview, findPendingUpload, savePendingPreview, type PendingUpload } from '../../db/pending-uploads.ts';
import { actorOf } from '../actor.ts';
import type { Table } from '../../reports/tables.ts';
import { authorityOf } from '../access.ts';
import { sendTables } from '../downloads.ts';
import { RetainError } from '../../errors.ts';
import { badRequest, forbidden } from '../errors.ts';
import { registerUploads } from '../uploads.ts';
import { formError, validateForm, type FormErrors } from '../forms.ts';
import { previewFile, type ImportPreview, type Problem } from '../../imports/run-import.ts';
import { VACANCY_FIELDS, WORKER_FIELDS } from '../../imports/headers.ts';
import { saveColumnChoices } from '../../commands/settings.ts';
import { count } from '../../domain/format.ts';

/** Big enough for a large council's full history as CSV; an upload over this is refused with a form error. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_SIZE_TEXT = '20 MB';
const ALLOWED_EXTENSIONS = ['.csv', '.xlsx'];
const HISTORY_SHOWN = 100;
/**
 * The page lists the first this-many problems (in the error summary and the table) with the total
 * count; the download holds them all. A wrong file with 50,000 bad rows once made a 298 MB page.
 */
export const PROBLEMS_SHOWN = 100;
/**
 * Problems kept with a preview, and so in its download. With at most 100,000 data rows per file
 * this is every problem of any file with up to one per row; beyond it, the download says how many
 * more there were (the count on the page is always the full one).
 */
export const PROBLEMS_KEPT = 100_000;

/** A preview as stored at upload: its problems cut to PROBLEMS_KEPT, with the full count. */
interface StoredPreview extends ImportPreview {
  problemCount: number;
}

const uploadForm = z.object({
  kind: z.enum(['workers', 'vacancies'], { error: 'Select whether the file holds workers or vacancies' }),
});

/** A file part as @fastify/multipart leaves it in the body with `attachFieldsToBody`. */
interface FilePart {
  type: 'file';
  filename: string;
  file: { truncated: boolean };
  toBuffer(): Promise<Buffer>;
}

/** Multipart fields arrive as `{ value }`; plain forms as strings. */
function fieldValue(body: unknown, name: string): unknown {
  const field = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (field && typeof field === 'object' && 'value' in field) return (field as { value: unknown }).value;
  return field;
}

function filePart(body: unknown): FilePart | undefined {
  const field = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  const part = Array.isArray(field) ? field[0] : field;
  return part && typeof part === 'object' && (part as { type?: unknown }).type === 'file' ? (part as FilePart) : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface ImportHistoryRow extends Record<string, unknown> {
  fileName: string;
  kind: string;
  checksumSha256: string;
  rowCount: number;
  inserted: number;
  updated: number;
  unchanged: number;
  importedBy: string | null;
  importedAt: string;
}

function historyTable(imports: ImportRecord[]): Table<ImportHistoryRow> {
  return {
    title: 'Import history',
    columns: [
      { key: 'fileName', label: 'file_name' },
      { key: 'kind', label: 'kind' },
      { key: 'checksumSha256', label: 'checksum_sha256' },
      { key: 'rowCount', label: 'rows' },
      { key: 'inserted', label: 'inserted' },
      { key: 'updated', label: 'updated' },
      { key: 'unchanged', label: 'unchanged' },
      { key: 'importedBy', label: 'imported_by' },
      { key: 'importedAt', label: 'imported_at' },
    ],
    rows: imports.map((i) => ({
      fileName: i.fileName,
      kind: i.kind,
      checksumSha256: i.checksumSha256,
      rowCount: i.rowCount,
      inserted: i.inserted,
      updated: i.updated,
      unchanged: i.unchanged,
      importedBy: i.importedBy,
      importedAt: new Date(i.importedAt).toISOString(),
    })),
  };
}

/**
 * The upload's authority must still be one the user may see (they may have been removed from it
 * since they uploaded).
 */
function uploadAuthority(request: FastifyRequest, upload: PendingUpload) {
  const authority = request.authorities.find((a) => a.code === upload.authorityCode);
  if (!authority) throw forbidden('You do not have access to the authority this file was uploaded for.');
  return authority;
}

async function pendingFrom(app: FastifyInstance, request: FastifyRequest): Promise<PendingUpload> {
  const { uploadId } = request.params as { uploadId: string };
  const upload = await findPendingUpload(app.db, uploadId, request.user!.id);
  if (!upload) {
    throw new RetainError('upload_not_found', 'This upload has expired or has already been imported. Upload the file again.');
  }
  return upload;
}

function problemText(p: Problem): string {
  const where = [p.row === null ? null : `Row ${p.row}`, p.column ? `column ${p.column}` : null].filter((part) => part !== null);
  return where.length > 0 ? `${where.join(', ')}: ${p.message}` : p.message;
}

function countRows(preview: ImportPreview): { label: string; value: string | number }[] {
  const rows = [{ label: 'Data rows', value: preview.rowCount }];
  if (preview.counts) {
    rows.push({ label: 'New records', value: preview.counts.inserted }, { label: 'Changed records', value: preview.counts.updated }, { label: 'Unchanged records', value: preview.counts.unchanged });
  }
  return rows;
}

function previewPage(upload: PendingUpload, authority: { code: string; name: string }, preview: StoredPreview, mappingErrors?: FormErrors) {
  // Required columns not recognised: the page asks which column is which (the mapping step),
  // rather than listing "required column ... is missing" as problems to fix in the file.
  const needsMapping = preview.missingRequired.length > 0 && preview.header.length > 0;
  const fields = upload.kind === 'workers' ? WORKER_FIELDS : VACANCY_FIELDS;
  const readAs = new Map(preview.mapping.map((m) => [m.header, m.field]));
  const mappingRows = preview.header
    .map((header, index) => ({ index: index + 1, header, field: readAs.get(header) ?? '', example: preview.firstRows[0]?.cells[index] ?? '' }))
    .filter((row) => row.header.trim() !== '');
  const shown = preview.problems.slice(0, PROBLEMS_SHOWN);
  const summary = shown.map((p, i) => ({ text: problemText(p), href: `#problem-${i + 1}` }));
  if (preview.problemCount > shown.length) {
    summary.push({ text: `and ${count(preview.problemCount - shown.length)} more problems: download the full list below`, href: '#problems' });
  }
  const errors: FormErrors | undefined = mappingErrors ?? (preview.ok || needsMapping ? undefined : { summary, fields: {} });
  const base = `/imports/preview/${encodeURIComponent(upload.id)}`;
  return {
    title: needsMapping ? `Which column of ${upload.fileName} is which?` : preview.ok ? `Check ${upload.fileName} before importing` : `${upload.fileName} cannot be imported`,
    mappingRows,
    fieldChoices: fields.map((spec) => ({ field: spec.field, required: spec.required })),
    columnsUrl: `/imports/preview/${encodeURIComponent(upload.id)}/columns`,
    errors,
    upload,
    uploadAuthority: authority,
    preview: {
      valid: preview.ok,
      problems: shown,
      problemCount: preview.problemCount,
      problemCountText: count(preview.problemCount),
      problemsHidden: preview.problemCount > shown.length,
      warnings: preview.warnings,
      mapping: preview.mapping,
      missingOptional: preview.missingOptional,
      counts: countRows(preview),
      sheet: preview.sheet,
      needsMapping,
      missingRequired: preview.missingRequired,
      header: preview.header,
      headerRow: preview.headerRow,
      titleRows: preview.titleRows,
      firstRows: preview.firstRows,
      changes: preview.changes,
      changesTruncated: (preview.counts?.updated ?? 0) > preview.changes.length,
    },
    sizeText: formatBytes(upload.bytes.byteLength),
    confirmUrl: `${base}/confirm`,
    cancelUrl: `${base}/cancel`,
    downloads: { csv: `${base}/problems.csv`, xlsx: `${base}/problems.xlsx` },
  };
}

interface ProblemRow extends Record<string, unknown> {
  file: string;
  row: number | null;
  column: string | null;
  message: string;
}

function problemsTable(preview: StoredPreview): Table<ProblemRow> {
  const problems: Problem[] = [...preview.problems];
  if (preview.problemCount > problems.length) {
    problems.push({
      file: preview.fileName,
      row: null,
      column: null,
      message: `and ${count(preview.problemCount - problems.length)} more problems not listed: correct these and upload the file again to see the rest`,
    });
  }
  return {
    title: 'Problems',
    columns: [
      { key: 'file', label: 'file' },
      { key: 'row', label: 'row' },
      { key: 'column', label: 'column' },
      { key: 'message', label: 'message' },
    ],
    rows: problems.map((p) => ({ ...p })),
  };
}

/**
 * The upload's preview: worked out once (at upload) and kept with it, so showing the page again or
 * downloading the problems never parses the file again.
 */
async function previewOf(app: FastifyInstance, upload: PendingUpload): Promise<StoredPreview> {
  if (upload.previewJson) return JSON.parse(upload.previewJson) as StoredPreview;
  const preview = await previewFile(app.db, upload.kind, { authorityCode: upload.authorityCode, fileName: upload.fileName, bytes: upload.bytes });
  const stored: StoredPreview = { ...preview, problemCount: preview.problems.length, problems: preview.problems.slice(0, PROBLEMS_KEPT) };
  const json = JSON.stringify(stored);
  await savePendingPreview(app.db, upload.id, json);
  upload.previewJson = json;
  return stored;
}

/**
 * Imports through the browser: upload, preview (the column mapping, counts, warnings and every
 * problem by row and column), then confirm. Nothing reaches the register until the user confirms
 * a valid file; the file waits in pending_uploads meanwhile, and confirm imports those very bytes.
 */
export async function register(app: FastifyInstance): Promise<void> {
  const analyst = { config: { access: 'analyst' as const } };
  await registerUploads(app, { fileSize: MAX_UPLOAD_BYTES, fields: 5 });

  const indexPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const authority = authorityOf(request);
    return {
      title: 'Imports',
      imports: (await listImports(app.db, authority.code)).slice(0, HISTORY_SHOWN),
      maxSizeText: MAX_SIZE_TEXT,
      ...extra,
    };
  };

  app.get('/imports', analyst, async (request, reply) => reply.page('imports/index.njk', await indexPage(request)));

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/imports/history.${format}`, analyst, async (request, reply) => {
      const authority = authorityOf(request);
      return sendTables(reply, format, `imports-${authority.code}`, [historyTable(await listImports(app.db, authority.code))]);
    });
  }

  app.post('/imports', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const rerender = async (errors: FormErrors, kind?: unknown) => reply.code(400).page('imports/index.njk', await indexPage(request, { errors, kind }));
    if (!request.isMultipart()) throw badRequest('Upload the file with the form on the Imports page.');
    const kind = fieldValue(request.body, 'kind');
    const form = validateForm(uploadForm, { kind });
    const file = filePart(request.body);
    const bytes = file ? await file.toBuffer() : undefined;
    const fileProblem =
      !file?.filename || !bytes
        ? 'Select a file'
        : file.file.truncated
          ? `The selected file must be smaller than ${MAX_SIZE_TEXT}`
          : bytes.byteLength === 0
            ? 'The selected file is empty'
            : !ALLOWED_EXTENSIONS.some((ext) => file.filename.toLowerCase().endsWith(ext))
              ? 'The selected file must be a CSV or XLSX file'
              : undefined;
    if (!form.ok || fileProblem) {
      const errors: FormErrors = form.ok ? { summary: [], fields: {} } : form.errors;
      if (fileProblem) {
        const one = formError('file', fileProblem);
        errors.summary.push(...one.summary);
        Object.assign(errors.fields, one.fields);
      }
      return rerender(errors, kind);
    }
    const upload = await uploadForImport(
      app.db,
      {
        authorityCode: authority.code,
        kind: form.value.kind,
        // A path from an old browser (C:\fakepath\x.csv) is cut to its last part.
        fileName: file!.filename.split(/[\\/]/).pop()!.slice(0, 200),
        bytes: bytes!,
      },
      { ...actorOf(request), userId: request.user!.id },
    );
    // Read and checked now, once (off the main thread when large); the preview page shows the result.
    await previewOf(app, upload);
    return reply.redirect(`/imports/preview/${encodeURIComponent(upload.id)}`, 303);
  });

  app.get('/imports/preview/:uploadId', analyst, async (request, reply) => {
    const upload = await pendingFrom(app, request);
    const authority = uploadAuthority(request, upload);
    return reply.page('imports/preview.njk', previewPage(upload, authority, await previewOf(app, upload)));
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/imports/preview/:uploadId/problems.${format}`, analyst, async (request, reply) => {
      const upload = await pendingFrom(app, request);
      uploadAuthority(request, upload);
      const preview = await previewOf(app, upload);
      return sendTables(reply, format, `problems-${upload.fileName.replace(/\.[^.]*$/, '')}`, [problemsTable(preview)]);
    });
  }

  app.post('/imports/preview/:uploadId/confirm', analyst, async (request, reply) => {
    const upload = await pendingFrom(app, request);
    const authority = uploadAuthority(request, upload);
    // A file that is not the one previewed is a checksum_mismatch (400) from the one error family.
    const result = await confirmImport(app.db, { upload, previewedChecksum: fieldValue(request.body, 'checksum') }, actorOf(request));
    if (!result.ok) {
      // Valid at preview but not now (say the role map changed): show the problems, save nothing.
      const now: StoredPreview = { ...(await previewOf(app, upload)), ok: false, counts: null, problems: result.problems.slice(0, PROBLEMS_KEPT), problemCount: result.problems.length };
      await savePendingPreview(app.db, upload.id, JSON.stringify(now));
      return reply.code(400).page('imports/preview.njk', previewPage(upload, authority, now));
    }
    await request.flash({
      type: 'success',
      heading: `${upload.fileName} has been imported`,
      text: `${result.rowCount} ${result.rowCount === 1 ? 'row' : 'rows'}: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged.`,
    });
    return reply.redirect('/imports#history', 303);
  });

  /** The mapping step: which column is which, saved for the council and used from now on. */
  app.post('/imports/preview/:uploadId/columns', analyst, async (request, reply) => {
    const upload = await pendingFrom(app, request);
    const authority = uploadAuthority(request, upload);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const choices: Array<{ header: string; field: string }> = [];
    for (let index = 1; index <= 500; index += 1) {
      const header = fieldValue(body, `header-${index}`);
      if (header === undefined) continue;
      choices.push({ header: String(header), field: String(fieldValue(body, `column-${index}`) ?? '') });
    }
    const result = await saveColumnChoices(app.db, { authorityCode: authority.code, kind: upload.kind, choices }, { userId: request.user!.id, email: request.user!.email, ip: request.ip });
    if (!result.ok) {
      const errors: FormErrors = {
        summary: Object.entries(result.problems).map(([name, text]) => ({ text, href: `#${name}` })),
        fields: Object.fromEntries(Object.entries(result.problems).map(([name, text]) => [name, { text }])),
      };
      return reply.code(400).page('imports/preview.njk', previewPage(upload, authority, await previewOf(app, upload), errors));
    }
    // The kept preview was read with the old mapping: read the file again with the new one.
    await clearPendingPreview(app.db, upload.id);
    await request.flash({ type: 'success', heading: 'Your column choices are saved', text: result.summary });
    return reply.redirect(`/imports/preview/${encodeURIComponent(upload.id)}`, 303);
  });

  app.post('/imports/preview/:uploadId/cancel', analyst, async (request, reply) => {
    const upload = await pendingFrom(app, request);
    await cancelImport(app.db, { upload }, actorOf(request));
    await request.flash({ type: 'important', heading: `${upload.fileName} was not imported`, text: 'The uploaded file has been deleted.' });
    return reply.redirect('/imports', 303);
  });
}
