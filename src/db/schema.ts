import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ActionStatus, EvidenceKind, FindingStatus, ImplementationStatus, InformationItem, Minutes, ProgressUpdate, RecommendationResponse, ReviewScope, Swot } from '../domain/reviews.ts';
import type { CoverageTables } from './schema-coverage.ts';
import type { VersionTables } from './schema-versions.ts';
import type { SettingsTables } from './schema-settings.ts';
import type { AgencyTables } from './schema-agency.ts';
import type { CaseloadTables } from './schema-caseloads.ts';
import type { PayTables } from './schema-pay.ts';
import type { RetentionTables } from './schema-retention.ts';
import type { CensusReturnAnswerTable } from './schema-census-return.ts';
import type { ScrutinySettingsTable } from './schema-tracking.ts';
import type { ProgressStatus } from '../domain/recommendation-tracking.ts';
import type { WorkerHistoryTable } from './schema-history.ts';

/**
 * The one typed description of the database. Every table that holds a council's data carries
 * `authority_code`, so one database serves many councils and every query says whose data it reads.
 */
export interface Database extends CoverageTables, VersionTables, SettingsTables, AgencyTables, CaseloadTables, PayTables, RetentionTables {
  authorities: AuthorityTable;
  imports: ImportTable;
  workers: WorkerTable;
  worker_history: WorkerHistoryTable;
  vacancies: VacancyTable;
  role_map: RoleMapTable;
  benchmark_releases: BenchmarkReleaseTable;
  benchmark_rows: BenchmarkRowTable;
  users: UserTable;
  user_authorities: UserAuthorityTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  pending_uploads: PendingUploadTable;
  reviews: ReviewTable;
  review_meetings: ReviewMeetingTable;
  review_actions: ReviewActionTable;
  review_packs: ReviewPackTable;
  review_evidence: ReviewEvidenceTable;
  review_findings: ReviewFindingTable;
  review_recommendations: ReviewRecommendationTable;
  census_return_answers: CensusReturnAnswerTable;
  scrutiny_settings: ScrutinySettingsTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AuthorityTable {
  /** The code users type: usually the DfE three-digit LA code (e.g. "202") or the nine-character ONS code. */
  code: string;
  name: string;
  /** ONS code (E06000047) and old three-digit DfE code (840) when known, to match published rows. */
  new_la_code: string | null;
  old_la_code: string | null;
  region_code: string | null;
  region_name: string | null;
  /** Statistical neighbours as LA codes (either form). */
  neighbours: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
}

export interface ImportTable {
  id: Generated<number>;
  authority_code: string;
  kind: 'workers' | 'vacancies' | 'agency' | 'price_caps' | 'applications' | 'caseloads' | 'pay_scales' | 'supplements' | 'exit_interviews';
  file_name: string;
  checksum_sha256: string;
  row_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  warnings: ColumnType<string[], string, string>;
  imported_by: string | null;
  imported_at: Timestamp;
}

export interface WorkerTable {
  authority_code: string;
  worker_id: string;
  start_date: string;
  swe_number: string | null;
  agency: boolean;
  role: string;
  local_role: string | null;
  team: string | null;
  service: string;
  fte: number;
  end_date: string | null;
  leaving_reason: string | null;
  leaver_destination: string | null;
  start_origin: string | null;
  cases: number | null;
  working_days_lost: number | null;
  date_of_birth: string | null;
  gender: string | null;
  ethnicity: string | null;
  salary: number | null;
  grade: string | null;
  qualified_date: string | null;
  recruitment_payment: ColumnType<number | null, number | null | undefined, number | null>;
  retention_payment: ColumnType<number | null, number | null | undefined, number | null>;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface VacancyTable {
  authority_code: string;
  reference_date: string;
  /** '' is the council as a whole; a team name otherwise (part of the key, so never null). */
  team: string;
  /** '' when the row is not for one post (part of the key). */
  post_id: ColumnType<string, string | undefined, string>;
  vacant_since: string | null;
  vacancy_fte: number;
  agency_cover_fte: number;
  import_id: number | null;
  updated_at: Timestamp;
}

export interface RoleMapTable {
  authority_code: string;
  /** The local name folded for matching (lower case, spaces collapsed). */
  local_key: string;
  local_name: string;
  role: string;
}

export interface BenchmarkReleaseTable {
  id: Generated<number>;
  file_name: string;
  checksum_sha256: string;
  row_count: number;
  first_year: number;
  last_year: number;
  imported_at: Timestamp;
}

export interface BenchmarkRowTable {
  release_id: number;
  time_period: number;
  geographic_level: string;
  region_code: string | null;
  region_name: string | null;
  old_la_code: string | null;
  new_la_code: string | null;
  la_name: string | null;
  /** Published figures by output field name; null where the file has a suppression symbol. */
  figures: ColumnType<Record<string, number | null>, string, string>;
  /** The suppression symbol per field (c, x, z, u, low, :) so "not available" keeps its reason. */
  symbols: ColumnType<Record<string, string>, string, string>;
}

export type WorkerRow = Selectable<WorkerTable>;
export type NewWorkerRow = Insertable<WorkerTable>;
export type VacancyRow = Selectable<VacancyTable>;
export type AuthorityRow = Selectable<AuthorityTable>;
export type BenchmarkRow = Selectable<BenchmarkRowTable>;

export type UserRole = 'admin' | 'analyst' | 'viewer';

export interface UserTable {
  id: Generated<number>;
  /** Lower case; unique. */
  email: string;
  display_name: string;
  /** argon2id PHC string. */
  password_hash: string;
  role: UserRole;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  last_sign_in_at: Date | null;
}

export interface UserAuthorityTable {
  user_id: number;
  authority_code: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie value; the value itself is never stored. */
  id_hash: string;
  user_id: number;
  /** The session's CSRF token, sent back in every form. */
  csrf_token: string;
  /** The authority the user is looking at, when they have several. */
  authority_code: string | null;
  /** A message for the next page (post/redirect/get). */
  flash: ColumnType<Flash | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface Flash {
  type: 'success' | 'important';
  title?: string;
  heading: string;
  text?: string;
  /** A secret shown once (a new password or API token). */
  secret?: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  token_prefix: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  user_id: number | null;
  user_email: string | null;
  action: string;
  authority_code: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  ip: string | null;
}

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditRow = Selectable<AuditLogTable>;

/** An uploaded file between preview and confirm (web imports); see migration 0003. */
export interface PendingUploadTable {
  id: string;
  user_id: number;
  authority_code: string;
  kind: 'workers' | 'vacancies';
  file_name: string;
  bytes: Uint8Array;
  checksum_sha256: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  /** The preview worked out at upload, as JSON (migration 0005); null until then. */
  preview_json: ColumnType<string | null, string | null | undefined, string | null>;
}

/** JSON written as text, read back parsed (jsonb columns). */
type Json<T> = ColumnType<T, string, string>;

/** Scrutiny reviews; see migration 0004. Child tables point at (authority_code, review_id). */
export interface ReviewTable {
  id: Generated<number>;
  authority_code: string;
  title: string;
  scope: Json<ReviewScope>;
  recommendations_agreed_on: string | null;
  contact_officer: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  // Migration 0016 (issue 15): the committee's prefix, the response clock, the 6- and 12-month reviews, publication.
  reference_prefix: string | null;
  sent_to_executive_on: string | null;
  six_month_held_on: string | null;
  six_month_conclusion: Generated<string>;
  twelve_month_held_on: string | null;
  twelve_month_conclusion: Generated<string>;
  published_at: Date | null;
  published_by: string | null;
}

interface ReviewChild {
  id: Generated<number>;
  authority_code: string;
  review_id: number;
}

export interface ReviewMeetingTable extends ReviewChild {
  number: number;
  meeting_date: string;
  subject: string;
  information_required: Json<InformationItem[]>;
  officers_attending: Json<string[]>;
  minutes: ColumnType<Minutes | null, string | null, string | null>;
}

export interface ReviewActionTable extends ReviewChild {
  meeting_id: number | null;
  description: string;
  owner: string;
  due_date: string;
  status: ActionStatus;
  updated_at: Generated<Date>;
  // Migration 0016: an action may sit under a recommendation.
  recommendation_id: number | null;
  /** Migration 0019: where its reminders go; empty when none is recorded. */
  owner_email: Generated<string>;
}

export interface ReviewPackTable extends ReviewChild {
  meeting_id: number | null;
  as_of: string;
  census_year: number;
  title: string;
  content: Json<unknown>;
  sources: Json<unknown>;
  issued_by: string | null;
  issued_at: Generated<Date>;
  // Migration 0016: superseded by a later pack (the pack itself never changes).
  superseded_at: Date | null;
  superseded_by: string | null;
  superseded_reason: Generated<string>;
}

export interface ReviewEvidenceTable extends ReviewChild {
  kind: EvidenceKind;
  title: string;
  notes: Generated<string>;
  file_name: string | null;
  content_type: string | null;
  bytes: Uint8Array | null;
  checksum_sha256: string | null;
  added_by: string | null;
  added_at: Generated<Date>;
}

export interface ReviewFindingTable extends ReviewChild {
  rule_id: string | null;
  swot: Swot;
  statement: string;
  proposed_statement: string | null;
  evidence: Generated<string>;
  status: Generated<FindingStatus>;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface ReviewRecommendationTable extends ReviewChild {
  number: number;
  text: string;
  addressed_to: string;
  response: Generated<RecommendationResponse>;
  response_reasons: Generated<string>;
  decision_date: string | null;
  owner: Generated<string>;
  financial_implications: Generated<string>;
  investment_per_year: number | null;
  implementation_status: Generated<ImplementationStatus>;
  updates: Json<ProgressUpdate[]>;
  progress_review_date: string | null;
  // Migration 0016: the reference as parts ("CYP 2025/26-03"), the response's decision reference, progress.
  // Given by the database as the row is written (migration 0016's trigger), unless the insert names them.
  reference_prefix: Generated<string>;
  municipal_year: Generated<number>;
  reference_number: Generated<number>;
  decision_reference: Generated<string>;
  lead_officer_email: Generated<string>;
  progress_status: ProgressStatus | null;
  target_date: string | null;
  revised_date: string | null;
  slip_reason: Generated<string>;
}
