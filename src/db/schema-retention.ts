import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** JSON written as text, read back parsed (jsonb columns). */
type Json<T> = ColumnType<T, string, string>;

/** Exit interviews, their one-use links, retention settings and surveys; see migration 0008. */
export interface RetentionTables {
  exit_interviews: ExitInterviewTable;
  exit_interview_links: ExitInterviewLinkTable;
  retention_settings: RetentionSettingsTable;
  surveys: SurveyTable;
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
}

export interface ExitInterviewTable {
  authority_code: string;
  worker_id: string;
  leaving_date: string;
  status: string;
  interview_date: string | null;
  channel: string | null;
  primary_reason: string | null;
  other_reasons: Json<string[]>;
  regrettable: boolean | null;
  would_return: string | null;
  counter_offer: boolean | null;
  comments: string | null;
  import_id: number | null;
  recorded_by: string | null;
  updated_at: Timestamp;
}

export interface ExitInterviewLinkTable {
  token_hash: string;
  authority_code: string;
  worker_id: string;
  leaving_date: string;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface RetentionSettingsTable {
  authority_code: string;
  exit_interview_rate_target: number | null;
  survey_min_group_size: number | null;
}

export interface SurveyTable {
  id: Generated<number>;
  authority_code: string;
  title: string;
  template: string | null;
  questions: Json<unknown>;
  opens_on: string | null;
  closes_on: string | null;
  previous_survey_id: number | null;
  comparators: ColumnType<Record<string, number>, string | undefined, string>;
  link_token_hash: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SurveyInvitationTable {
  id: Generated<number>;
  authority_code: string;
  survey_id: number;
  invitee: string;
  token_hash: string;
  used: Generated<boolean>;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  authority_code: string;
  survey_id: number;
  channel: 'online' | 'paper';
  team: string | null;
  role: string | null;
  experience_band: string | null;
  answers: Json<unknown>;
  received_on: string;
}
