import type { Database } from './schema.ts';

/**
 * Every table and column the typed `Database` interface (src/db/schema.ts) declares, written out
 * so a test can look for each in the migrated database (src/db/schema-columns.test.ts). TypeScript
 * holds this list equal to the interface: a table or column the interface has and this list lacks,
 * or one this list has and the interface lacks, fails `tsc`. A new table or column therefore means
 * a line here, and the test then checks the migration made it.
 */
type ColumnsOf<Table> = { readonly [Column in keyof Table]-?: true };

export const SCHEMA_COLUMNS = {
  agency_assignments: { authority_code: true, assignment_id: true, worker_ref: true, swe_number: true, agency: true, role: true, local_role: true, team: true, start_date: true, end_date: true, hourly_rate: true, hours_per_week: true, covering_vacancy: true, project_team: true, qualified_date: true, over_cap_approved: true, import_id: true, updated_at: true },
  agency_price_caps: { authority_code: true, role: true, role_key: true, role_code: true, effective_from: true, max_hourly_rate: true, import_id: true, updated_at: true },
  api_tokens: { id: true, user_id: true, name: true, token_hash: true, token_prefix: true, created_at: true, last_used_at: true, revoked_at: true },
  applications: { authority_code: true, application_id: true, campaign: true, role: true, local_role: true, team: true, advert_date: true, applied_date: true, stage_reached: true, offer_date: true, offer_outcome: true, accepted_date: true, start_date: true, withdrawn: true, withdrawal_reason: true, source: true, route: true, import_id: true, updated_at: true },
  audit_log: { id: true, at: true, user_id: true, user_email: true, action: true, authority_code: true, details: true, ip: true },
  authorities: { code: true, name: true, new_la_code: true, old_la_code: true, region_code: true, region_name: true, neighbours: true, created_at: true },
  authority_settings: { authority_code: true, neighbour_model: true, neighbour_basis: true, neighbours_edited: true, at_risk_turnover: true, at_risk_vacancy: true, at_risk_caseload: true, updated_at: true },
  benchmark_releases: { id: true, file_name: true, checksum_sha256: true, row_count: true, first_year: true, last_year: true, imported_at: true },
  benchmark_rows: { release_id: true, time_period: true, geographic_level: true, region_code: true, region_name: true, old_la_code: true, new_la_code: true, la_name: true, figures: true, symbols: true },
  caseload_snapshots: { authority_code: true, snapshot_date: true, worker_id: true, cases: true, children: true, weighted_cases: true, import_id: true, updated_at: true },
  caseload_thresholds: { authority_code: true, role_key: true, role: true, cases_per_fte: true, updated_at: true },
  code_words: { authority_code: true, list: true, word_key: true, word: true, code: true },
  data_coverage: { authority_code: true, runs_to: true, stated_by: true, stated_at: true },
  data_versions: { scope: true, version: true },
  exit_interview_links: { token_hash: true, authority_code: true, worker_id: true, leaving_date: true, created_by: true, created_at: true, expires_at: true, used_at: true },
  exit_interviews: { authority_code: true, worker_id: true, leaving_date: true, status: true, interview_date: true, channel: true, primary_reason: true, other_reasons: true, regrettable: true, would_return: true, counter_offer: true, comments: true, import_id: true, recorded_by: true, updated_at: true },
  import_column_maps: { authority_code: true, kind: true, header_key: true, header: true, field: true },
  imports: { id: true, authority_code: true, kind: true, file_name: true, checksum_sha256: true, row_count: true, inserted: true, updated: true, unchanged: true, warnings: true, imported_by: true, imported_at: true },
  pay_scales: { authority_code: true, scale_authority: true, scale_authority_key: true, role: true, role_key: true, local_role: true, grade: true, min_salary: true, max_salary: true, effective_from: true, source: true, import_id: true, updated_at: true },
  pay_scenarios: { id: true, authority_code: true, name: true, definition: true, recommendation_id: true, created_by: true, created_at: true, updated_at: true },
  pay_supplements: { authority_code: true, role: true, role_key: true, local_role: true, amount_per_year: true, from_date: true, to_date: true, import_id: true, updated_at: true },
  pending_uploads: { id: true, user_id: true, authority_code: true, kind: true, file_name: true, bytes: true, checksum_sha256: true, created_at: true, expires_at: true, preview_json: true },
  retention_settings: { authority_code: true, exit_interview_rate_target: true, survey_min_group_size: true },
  review_actions: { meeting_id: true, description: true, owner: true, due_date: true, status: true, updated_at: true, id: true, authority_code: true, review_id: true, recommendation_id: true },
  review_evidence: { kind: true, title: true, notes: true, file_name: true, content_type: true, bytes: true, checksum_sha256: true, added_by: true, added_at: true, id: true, authority_code: true, review_id: true },
  review_findings: { rule_id: true, swot: true, statement: true, proposed_statement: true, evidence: true, status: true, decided_by: true, decided_at: true, id: true, authority_code: true, review_id: true },
  review_meetings: { number: true, meeting_date: true, subject: true, information_required: true, officers_attending: true, minutes: true, id: true, authority_code: true, review_id: true },
  census_return_answers: { authority_code: true, census_year: true, item: true, value: true, updated_by: true, updated_at: true },
  review_packs: { meeting_id: true, as_of: true, census_year: true, title: true, content: true, sources: true, issued_by: true, issued_at: true, id: true, authority_code: true, review_id: true, superseded_at: true, superseded_by: true, superseded_reason: true },
  review_recommendations: { number: true, text: true, addressed_to: true, response: true, response_reasons: true, decision_date: true, owner: true, financial_implications: true, investment_per_year: true, implementation_status: true, updates: true, progress_review_date: true, id: true, authority_code: true, review_id: true, reference_prefix: true, municipal_year: true, reference_number: true, decision_reference: true, lead_officer_email: true, progress_status: true, target_date: true, revised_date: true, slip_reason: true },
  reviews: { id: true, authority_code: true, title: true, scope: true, recommendations_agreed_on: true, contact_officer: true, created_by: true, created_at: true, updated_at: true, reference_prefix: true, sent_to_executive_on: true, six_month_held_on: true, six_month_conclusion: true, twelve_month_held_on: true, twelve_month_conclusion: true, published_at: true, published_by: true },
  role_map: { authority_code: true, local_key: true, local_name: true, role: true },
  scrutiny_settings: { authority_code: true, reference_prefix: true, response_months: true, updated_at: true },
  sessions: { id_hash: true, user_id: true, csrf_token: true, authority_code: true, flash: true, created_at: true, expires_at: true },
  statistical_neighbours: { model: true, la_code: true, la_name: true, region: true, rank: true, neighbour_code: true, proximity: true },
  survey_invitations: { id: true, authority_code: true, survey_id: true, invitee: true, token_hash: true, used: true },
  survey_responses: { id: true, authority_code: true, survey_id: true, channel: true, team: true, role: true, experience_band: true, answers: true, received_on: true },
  surveys: { id: true, authority_code: true, title: true, template: true, questions: true, opens_on: true, closes_on: true, previous_survey_id: true, comparators: true, link_token_hash: true, created_by: true, created_at: true },
  user_authorities: { user_id: true, authority_code: true },
  users: { id: true, email: true, display_name: true, password_hash: true, role: true, disabled: true, created_at: true, last_sign_in_at: true },
  vacancies: { authority_code: true, reference_date: true, team: true, post_id: true, vacant_since: true, vacancy_fte: true, agency_cover_fte: true, import_id: true, updated_at: true },
  worker_history: { authority_code: true, worker_id: true, start_date: true, swe_number: true, agency: true, role: true, local_role: true, team: true, service: true, fte: true, end_date: true, leaving_reason: true, leaver_destination: true, start_origin: true, cases: true, working_days_lost: true, date_of_birth: true, gender: true, ethnicity: true, salary: true, grade: true, qualified_date: true, recruitment_payment: true, retention_payment: true, id: true, previous_import_id: true, previous_updated_at: true, import_id: true, changed_fields: true, changed_at: true },
  workers: { authority_code: true, worker_id: true, start_date: true, swe_number: true, agency: true, role: true, local_role: true, team: true, service: true, fte: true, end_date: true, leaving_reason: true, leaver_destination: true, start_origin: true, cases: true, working_days_lost: true, date_of_birth: true, gender: true, ethnicity: true, salary: true, grade: true, qualified_date: true, recruitment_payment: true, retention_payment: true, import_id: true, updated_at: true },
} as const satisfies { readonly [Table in keyof Database]-?: ColumnsOf<Database[Table]> };
