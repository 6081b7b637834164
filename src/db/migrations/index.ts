import type { Migration, MigrationProvider } from 'kysely';
import * as core from './0001_core.ts';
import * as web from './0002_web.ts';
import * as pendingUploads from './0003_pending_uploads.ts';
import * as reviews from './0004_reviews.ts';
import * as uploadPreviews from './0005_upload_previews.ts';
import * as dataCoverage from './0006_data_coverage.ts';
import * as settings from './0007_settings.ts';
import * as exitInterviewsSurveys from './0008_exit_interviews_surveys.ts';
import * as agencyRecruitment from './0009_agency_recruitment.ts';
import * as caseloads from './0010_caseloads.ts';
import * as payScenarios from './0011_pay_scenarios.ts';
import * as dataVersions from './0012_data_versions.ts';
import * as moreDataVersions from './0013_more_data_versions.ts';
import * as workerHistory from './0014_worker_history.ts';
import * as censusReturn from './0015_census_return.ts';
import * as recommendationTracking from './0016_recommendation_tracking.ts';
import * as statementReferences from './0017_statement_references.ts';
import * as actionOwnerEmail from './0019_action_owner_email.ts';

/**
 * Migrations in order. Listed by hand rather than read from a folder so that they ship with the
 * code and run the same from a clone, a package or a test. Add new ones at the end; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_web': web,
  '0003_pending_uploads': pendingUploads,
  '0004_reviews': reviews,
  '0005_upload_previews': uploadPreviews,
  '0006_data_coverage': dataCoverage,
  '0007_settings': settings,
  '0008_exit_interviews_surveys': exitInterviewsSurveys,
  '0009_agency_recruitment': agencyRecruitment,
  '0010_caseloads': caseloads,
  '0011_pay_scenarios': payScenarios,
  '0012_data_versions': dataVersions,
  '0013_more_data_versions': moreDataVersions,
  '0014_worker_history': workerHistory,
  '0015_census_return': censusReturn,
  '0016_recommendation_tracking': recommendationTracking,
  '0017_statement_references': statementReferences,
  '0019_action_owner_email': actionOwnerEmail,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
