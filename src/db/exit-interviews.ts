import { sql } from 'kysely';
import type { ExitChannel, ExitInterviewRecord, ExitInterviewStatus, ExitReason, WouldReturn } from '../domain/exit-interviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import type { ExitInterviewTable } from './schema-retention.ts';
import type { UpsertCounts } from './workers.ts';

/**
 * Exit interviews, keyed by (authority, worker_id, leaving_date). Imports and the browser form
 * upsert: the same key again updates, never duplicates.
 */

const COLUMNS = ['worker_id', 'leaving_date', 'status', 'interview_date', 'channel', 'primary_reason', 'other_reasons', 'regrettable', 'would_return', 'counter_offer', 'comments'] as const;

type StoredRow = Omit<Pick<ExitInterviewTable, (typeof COLUMNS)[number]>, 'other_reasons'> & { other_reasons: unknown };

function toRecord(row: StoredRow): ExitInterviewRecord {
  const reasons = typeof row.other_reasons === 'string' ? (JSON.parse(row.other_reasons) as string[]) : (row.other_reasons as string[]);
  return {
    workerId: row.worker_id,
    leavingDate: row.leaving_date,
    status: row.status as ExitInterviewStatus,
    interviewDate: row.interview_date,
    channel: row.channel as ExitChannel | null,
    primaryReason: row.primary_reason as ExitReason | null,
    otherReasons: reasons as ExitReason[],
    regrettable: row.regrettable,
    wouldReturn: row.would_return as WouldReturn | null,
    counterOffer: row.counter_offer,
    comments: row.comments,
  };
}

function toRow(authorityCode: string, record: ExitInterviewRecord, importId: number | null, recordedBy: string | null) {
  return {
    authority_code: authorityCode,
    worker_id: record.workerId,
    leaving_date: record.leavingDate,
    status: record.status,
    interview_date: record.interviewDate,
    channel: record.channel,
    primary_reason: record.primaryReason,
    other_reasons: JSON.stringify(record.otherReasons),
    regrettable: record.regrettable,
    would_return: record.wouldReturn,
    counter_offer: record.counterOffer,
    comments: record.comments,
    import_id: importId,
    recorded_by: recordedBy,
  };
}

const key = (workerId: string, leavingDate: string) => `${workerId}\u0000${leavingDate}`;

function same(a: ExitInterviewRecord, b: ExitInterviewRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function exitInterviewsForAuthority(db: Db, authorityCode: string): Promise<ExitInterviewRecord[]> {
  const rows = await db.selectFrom('exit_interviews').select(COLUMNS).where('authority_code', '=', authorityCode).orderBy('leaving_date').orderBy('worker_id').execute();
  return rows.map(toRecord);
}

export async function exitInterviewFor(db: Db, authorityCode: string, workerId: string, leavingDate: IsoDate): Promise<(ExitInterviewRecord & { recordedBy: string | null }) | null> {
  const row = await db
    .selectFrom('exit_interviews')
    .select([...COLUMNS, 'recorded_by'])
    .where('authority_code', '=', authorityCode)
    .where('worker_id', '=', workerId)
    .where('leaving_date', '=', leavingDate)
    .executeTakeFirst();
  return row ? { ...toRecord(row), recordedBy: row.recorded_by } : null;
}

export async function planExitInterviewUpsert(db: Db, authorityCode: string, records: readonly ExitInterviewRecord[]): Promise<{ counts: UpsertCounts; changed: ExitInterviewRecord[] }> {
  const existing = new Map((await exitInterviewsForAuthority(db, authorityCode)).map((record) => [key(record.workerId, record.leavingDate), record]));
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: ExitInterviewRecord[] = [];
  for (const record of records) {
    const before = existing.get(key(record.workerId, record.leavingDate));
    if (before && same(before, record)) counts.unchanged += 1;
    else {
      if (before) counts.updated += 1;
      else counts.inserted += 1;
      changed.push(record);
    }
  }
  return { counts, changed };
}

/** Writes interviews (new keys inserted, changed ones updated, identical ones left alone). Run it in a transaction. */
export async function upsertExitInterviews(db: Db, authorityCode: string, records: readonly ExitInterviewRecord[], importId: number | null, recordedBy: string | null = null): Promise<UpsertCounts> {
  const { counts, changed } = await planExitInterviewUpsert(db, authorityCode, records);
  for (let i = 0; i < changed.length; i += 1000) {
    await db
      .insertInto('exit_interviews')
      .values(changed.slice(i, i + 1000).map((record) => toRow(authorityCode, record, importId, recordedBy)))
      .onConflict((oc) =>
        oc.columns(['authority_code', 'worker_id', 'leaving_date']).doUpdateSet((eb) => ({
          ...Object.fromEntries(COLUMNS.filter((c) => c !== 'worker_id' && c !== 'leaving_date').map((c) => [c, eb.ref(`excluded.${c}`)])),
          import_id: eb.ref('excluded.import_id'),
          recorded_by: eb.ref('excluded.recorded_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  return counts;
}

/** Each worker's post end dates (any post, employed or agency), to check an interview's leaving_date against. */
export async function postEndDates(db: Db, authorityCode: string): Promise<Map<string, Set<IsoDate>>> {
  const rows = await db.selectFrom('workers').select(['worker_id', 'end_date']).where('authority_code', '=', authorityCode).execute();
  const ends = new Map<string, Set<IsoDate>>();
  for (const row of rows) {
    const set = ends.get(row.worker_id) ?? new Set<IsoDate>();
    if (row.end_date !== null) set.add(row.end_date);
    ends.set(row.worker_id, set);
  }
  return ends;
}

// One-use links for a leaver to complete their own interview.

export interface ExitInterviewLink {
  authorityCode: string;
  workerId: string;
  leavingDate: IsoDate;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertExitInterviewLink(
  db: Db,
  link: { tokenHash: string; authorityCode: string; workerId: string; leavingDate: IsoDate; expiresAt: Date; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('exit_interview_links')
    .values({
      token_hash: link.tokenHash,
      authority_code: link.authorityCode,
      worker_id: link.workerId,
      leaving_date: link.leavingDate,
      expires_at: link.expiresAt,
      created_by: link.createdBy,
    })
    .execute();
}

export async function exitInterviewLinkByHash(db: Db, tokenHash: string, forUpdate = false): Promise<ExitInterviewLink | null> {
  let query = db.selectFrom('exit_interview_links').selectAll().where('token_hash', '=', tokenHash);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row
    ? { authorityCode: row.authority_code, workerId: row.worker_id, leavingDate: row.leaving_date, expiresAt: new Date(row.expires_at), usedAt: row.used_at ? new Date(row.used_at) : null }
    : null;
}

export async function markExitInterviewLinkUsed(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('exit_interview_links').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Links sent for one leaving, newest first (the leaver's page lists them). */
export async function exitInterviewLinksFor(
  db: Db,
  authorityCode: string,
  workerId: string,
  leavingDate: IsoDate,
): Promise<Array<{ createdAt: Date; expiresAt: Date; usedAt: Date | null; createdBy: string | null }>> {
  const rows = await db
    .selectFrom('exit_interview_links')
    .select(['created_at', 'expires_at', 'used_at', 'created_by'])
    .where('authority_code', '=', authorityCode)
    .where('worker_id', '=', workerId)
    .where('leaving_date', '=', leavingDate)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({ createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at), usedAt: row.used_at ? new Date(row.used_at) : null, createdBy: row.created_by }));
}

// Settings.

export interface RetentionSettings {
  /** The exit-interview rate the council aims for, percent; null when none is set. */
  exitInterviewRateTarget: number | null;
  /** The smallest group of survey responses whose results are shown; null uses the default. */
  surveyMinGroupSize: number | null;
}

export async function retentionSettings(db: Db, authorityCode: string): Promise<RetentionSettings> {
  const row = await db.selectFrom('retention_settings').selectAll().where('authority_code', '=', authorityCode).executeTakeFirst();
  return { exitInterviewRateTarget: row?.exit_interview_rate_target ?? null, surveyMinGroupSize: row?.survey_min_group_size ?? null };
}

export async function saveRetentionSettings(db: Db, authorityCode: string, settings: RetentionSettings): Promise<void> {
  const values = { exit_interview_rate_target: settings.exitInterviewRateTarget, survey_min_group_size: settings.surveyMinGroupSize };
  await db
    .insertInto('retention_settings')
    .values({ authority_code: authorityCode, ...values })
    .onConflict((oc) => oc.column('authority_code').doUpdateSet(values))
    .execute();
}
