import { EXIT_CHANNELS, EXIT_INTERVIEW_STATUSES, EXIT_REASONS, WOULD_RETURN, exitCodeFrom, exitCodeList, interviewKey, type ExitInterviewRecord, type ExitReason } from '../domain/exit-interviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { rowReader } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { cellText, parseDate, parseYesNo, type Cell, type Parsed } from './values.ts';
import { unreadable, type ParsedFile, type ReadFileOptions } from './workers-file.ts';

/**
 * The `exit-interviews` file (shared/spec/retention-data.md section 1). Key: (worker_id,
 * leaving_date); leaving_date must be the end_date of one of that worker's post rows already
 * imported, so the council's workers file comes first.
 *
 * Choices where the contract is silent:
 * - A primary reason repeated in other_reasons, or a reason listed twice, is kept once.
 * - interview_date is not checked against leaving_date: interviews are held in the notice period
 *   as often as after the last day.
 * - Reasons, channel and would_return are accepted on a declined or not-offered row (a leaver may
 *   say why while declining the interview); they are counted only for completed interviews.
 */

export const EXIT_INTERVIEW_FIELDS = [
  { field: 'worker_id', required: true, synonyms: ['staff number', 'employee id'] },
  { field: 'leaving_date', required: true, synonyms: ['end date', 'date left'] },
  { field: 'status', required: true, synonyms: ['interview status'] },
  { field: 'interview_date', required: false, synonyms: [] },
  { field: 'channel', required: false, synonyms: [] },
  { field: 'primary_reason', required: false, synonyms: ['main reason'] },
  { field: 'other_reasons', required: false, synonyms: [] },
  { field: 'regrettable', required: false, synonyms: ['regrettable leaver'] },
  { field: 'would_return', required: false, synonyms: [] },
  { field: 'counter_offer', required: false, synonyms: [] },
  { field: 'comments', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
export type ExitInterviewField = (typeof EXIT_INTERVIEW_FIELDS)[number]['field'];

export interface ReadExitInterviewsOptions extends ReadFileOptions {
  /** Each worker's post end dates, from the authority's workers data. */
  endDates: ReadonlyMap<string, ReadonlySet<IsoDate>>;
}

export async function readExitInterviewsFile(fileName: string, bytes: Uint8Array, options: ReadExitInterviewsOptions): Promise<ParsedFile<ExitInterviewRecord>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateExitInterviews(fileName, read.table, options.endDates);
}

function code<T extends string>(list: readonly T[], field: string): (cell: Cell) => Parsed<T> {
  return (cell) => {
    const found = exitCodeFrom(list, cellText(cell));
    return found ? { ok: true, value: found } : { ok: false, message: `${field} "${cellText(cell)}" is not one of ${list.join(', ')}` };
  };
}

export function validateExitInterviews(fileName: string, table: Table, endDates: ReadonlyMap<string, ReadonlySet<IsoDate>>): ParsedFile<ExitInterviewRecord> {
  const match = matchHeaders<ExitInterviewField>(fileName, table.header, table.headerRow, EXIT_INTERVIEW_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };

  const records: ExitInterviewRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const tableRow of table.rows) {
    const r = rowReader(fileName, table.header, match, tableRow);

    const workerId = r.text('worker_id');
    if (workerId === null) r.fail('worker_id', 'worker_id is required');
    const leavingDate = r.parse('leaving_date', parseDate);
    if (leavingDate === null) r.fail('leaving_date', 'leaving_date is required');
    const status = r.parse('status', code(EXIT_INTERVIEW_STATUSES, 'status'));
    if (status === null) r.fail('status', `status is required: ${EXIT_INTERVIEW_STATUSES.join(', ')}`);
    const completed = status === 'completed';

    const interviewDate = r.parse('interview_date', parseDate);
    if (completed && interviewDate === null) r.fail('interview_date', 'interview_date is required when status is completed');
    const channel = r.parse('channel', code(EXIT_CHANNELS, 'channel'));
    const primaryReason = r.parse('primary_reason', code(EXIT_REASONS, 'primary_reason'));
    if (completed && primaryReason === null) r.fail('primary_reason', 'primary_reason is required when status is completed');

    let otherReasons: ExitReason[] = [];
    const otherText = r.text('other_reasons');
    if (otherText !== null) {
      const list = exitCodeList(EXIT_REASONS, otherText);
      if (list.unknown.length > 0) {
        r.fail(
          'other_reasons',
          `other_reasons ${list.unknown.map((item) => `"${item}"`).join(', ')} ${list.unknown.length === 1 ? 'is not a reason code' : 'are not reason codes'}: use ${EXIT_REASONS.join(', ')}, separated by ;`,
        );
      }
      otherReasons = list.codes.filter((reason) => reason !== primaryReason);
    }
    const regrettable = r.parse('regrettable', parseYesNo);
    const wouldReturn = r.parse('would_return', code(WOULD_RETURN, 'would_return'));
    const counterOffer = r.parse('counter_offer', parseYesNo);

    if (workerId !== null && typeof leavingDate === 'string') {
      const ends = endDates.get(workerId);
      if (!ends?.has(leavingDate)) {
        const known = ends && ends.size > 0 ? `; their posts end on ${[...ends].sort().join(', ')}` : ends ? '; none of their posts has an end_date' : '; no such worker_id is in the workers data';
        r.fail('leaving_date', `leaving_date ${leavingDate} is not the end_date of any post of worker_id ${workerId}${known}`);
      }
      const key = interviewKey(workerId, leavingDate);
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('worker_id', `worker_id ${workerId} with leaving_date ${leavingDate} is also on row ${earlier}; one interview per leaving`);
      else seen.set(key, r.row);
    }

    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({
      workerId: workerId!,
      leavingDate: leavingDate!,
      status: status!,
      interviewDate: interviewDate ?? null,
      channel: channel ?? null,
      primaryReason: primaryReason ?? null,
      otherReasons,
      regrettable: regrettable ?? null,
      wouldReturn: wouldReturn ?? null,
      counterOffer: counterOffer ?? null,
      comments: r.text('comments'),
    });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
