import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseMunicipalYear, TRACKER_STATUSES, type TrackerStatus } from '../../domain/recommendation-tracking.ts';
import type { ReviewClock, TrackerRow } from '../../reports/recommendation-tracker.ts';
import { authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';

/**
 * `retain tracker`: the council's recommendations tracker (issue 15) with the tracker page's
 * filters, read from src/reports/recommendation-tracker.ts as the page is. Reads only: updates go
 * back through the page's upload, which is audited. The command line has the database's full
 * rights, so it shows what an officer sees (lead officers' emails, who recorded each update).
 *
 * --csv is the page's download: the columns the upload takes back (TRACKER_COLUMNS), headed by
 * their labels, so a file written here can be edited and uploaded.
 *
 * JSON field names (the contract for scripts; snake_case like the other commands):
 *   { authority_code, filter: { committee, status, year, owner }, total, counts: { status: n },
 *     recommendations: [{ id, review_id, review_title, committee, reference, municipal_year, text,
 *       executive_member, response, response_reasons, decision_date, decision_reference, lead_officer,
 *       lead_officer_email, status (progress, or null), tracker_status, rag, target_date, revised_date,
 *       due_by, slip_reason, updates: [{ date, text, status, revised_date, reason, by }] }],
 *     response_clocks: [{ review_id, review_title, state, sent_on, due_date, responded_on, days_left, awaiting }] }
 */

interface TrackerOptions {
  authority?: string;
  committee?: string;
  status?: TrackerStatus;
  year?: number;
  owner?: string;
  json?: boolean;
  csv?: boolean;
}

export function parseMunicipalYearOption(value: string): number {
  const year = parseMunicipalYear(value);
  if (year === null) throw new InvalidArgumentError('a municipal year is written 2025/26, or 2025 (the year it starts in).');
  return year;
}

export function registerTracker(program: Command): void {
  program
    .command('tracker')
    .description('the recommendations tracker: every recommendation of every scrutiny review, its status, RAG colour and dates')
    .addOption(authorityOption())
    .option('--committee <name>', 'only this committee (the review’s scrutiny board), as written')
    .addOption(new Option('--status <status>', 'only recommendations with this status').choices(TRACKER_STATUSES))
    .addOption(new Option('--year <year>', 'only references of this municipal year (April to March): 2025/26, or 2025').argParser(parseMunicipalYearOption))
    .option('--owner <name>', 'only this lead officer (case ignored)')
    .addOption(new Option('--json', 'the tracker as JSON, every update included (field names in src/cli/commands/tracker.ts)').conflicts('csv'))
    .option('--csv', 'the tracker file, as the tracker page downloads it: edit it and upload it on the page')
    .addHelpText(
      'after',
      `\nStatuses: achieved, on_track, slipped, not_achieved, no_longer_monitored; awaiting (no response from
the executive yet); not_reported (accepted, no progress reported yet).\n` +
        examples('retain tracker', 'retain tracker --status slipped --year 2025/26', 'retain tracker --owner "Jo Bloggs" --json', 'retain tracker --csv > tracker.csv'),
    )
    .action(async (options: TrackerOptions, command: Command) => {
      const { responseClocks, trackerTable, trackerView } = await import('../../reports/recommendation-tracker.ts');
      const { tableToCsv } = await import('../../reports/tables.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const filter = { committee: options.committee?.trim() || undefined, status: options.status, municipalYear: options.year, owner: options.owner?.trim() || undefined };
        const view = await trackerView(db, authority.code, filter, { personalDataAllowed: true });
        if (options.csv) {
          print(tableToCsv(trackerTable(view.rows)));
          return;
        }
        const clocks = await responseClocks(db, authority.code, new Date().toISOString().slice(0, 10));
        if (options.json) {
          print(
            toJson({
              authority_code: authority.code,
              filter: { committee: filter.committee ?? null, status: filter.status ?? null, year: filter.municipalYear ?? null, owner: filter.owner ?? null },
              total: view.total,
              counts: Object.fromEntries(TRACKER_STATUSES.map((status) => [status, view.counts[status] ?? 0])),
              recommendations: view.rows.map(rowJson),
              response_clocks: clocks.map(clockJson),
            }),
          );
          return;
        }
        print(trackerText(authorityLabel(authority), view.rows, view.total, clocks));
      });
    });
}

function rowJson(row: TrackerRow) {
  return {
    id: row.id,
    review_id: row.reviewId,
    review_title: row.reviewTitle,
    committee: row.committee,
    reference: row.reference,
    municipal_year: row.municipalYear,
    text: row.text,
    executive_member: row.executiveMember,
    response: row.response,
    response_reasons: row.responseReasons,
    decision_date: row.decisionDate,
    decision_reference: row.decisionReference,
    lead_officer: row.leadOfficer,
    lead_officer_email: row.leadOfficerEmail.trim() || null,
    status: row.status,
    tracker_status: row.statusKey,
    rag: row.rag,
    target_date: row.targetDate,
    revised_date: row.revisedDate,
    due_by: row.dueBy,
    slip_reason: row.slipReason,
    updates: row.updates.map((update) => ({
      date: update.date,
      text: update.text,
      status: update.status ?? null,
      revised_date: update.revisedDate ?? null,
      reason: update.reason ?? null,
      by: update.by ?? null,
    })),
  };
}

function clockJson(clock: ReviewClock) {
  return {
    review_id: clock.reviewId,
    review_title: clock.reviewTitle,
    state: clock.state,
    sent_on: clock.sentOn,
    due_date: clock.dueDate,
    responded_on: clock.respondedOn,
    days_left: clock.daysLeft,
    awaiting: clock.awaiting,
  };
}

/** The tracker as a table, the RAG colour in words beside the status (never a colour alone), then the responses still awaited. */
export function trackerText(authority: string, rows: readonly TrackerRow[], total: number, clocks: readonly ReviewClock[]): string {
  const heading = `${authority}: ${rows.length === total ? `${total} recommendation${total === 1 ? '' : 's'}` : `${rows.length} of ${total} recommendations`}\n\n`;
  const table =
    rows.length === 0
      ? 'No recommendations match.\n'
      : alignedTable(
          ['reference', 'status', 'RAG', 'due by', 'lead officer', 'response', 'review'],
          rows.map((row) => [row.reference, row.statusText, row.rag ?? '', row.dueBy ?? '', row.leadOfficer, row.responseText, row.reviewTitle]),
        );
  const open = clocks.filter((clock) => clock.state === 'awaiting' || clock.state === 'due_soon' || clock.state === 'overdue');
  const awaited =
    open.length === 0 ? '' : `\nThe executive’s response:\n${open.map((clock) => `  ${clock.reviewTitle}: ${clock.stateText}, due ${clock.dueDate} (${clock.awaiting} awaiting)`).join('\n')}\n`;
  return `${heading}${table}${awaited}`;
}
