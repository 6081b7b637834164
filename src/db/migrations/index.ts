import type { Migration, MigrationProvider } from 'kysely';

/**
 * Migrations in order, each loaded only when the migrator asks for them: every command checks that
 * the schema is current by their names alone (database.ts), and importing all of them for that cost
 * each start about 12 ms. Listed by hand rather than read from a folder so that they ship with the
 * code and run the same from a clone, a package or a test. Add new ones at the end; never edit one that has shipped.
 */
const migrations: Readonly<Record<string, () => Promise<Migration>>> = {
  '0001_core': () => import('./0001_core.ts'),
  '0002_web': () => import('./0002_web.ts'),
  '0003_pending_uploads': () => import('./0003_pending_uploads.ts'),
  '0004_reviews': () => import('./0004_reviews.ts'),
  '0005_upload_previews': () => import('./0005_upload_previews.ts'),
  '0006_data_coverage': () => import('./0006_data_coverage.ts'),
  '0007_settings': () => import('./0007_settings.ts'),
  '0008_exit_interviews_surveys': () => import('./0008_exit_interviews_surveys.ts'),
  '0009_agency_recruitment': () => import('./0009_agency_recruitment.ts'),
  '0010_caseloads': () => import('./0010_caseloads.ts'),
  '0011_pay_scenarios': () => import('./0011_pay_scenarios.ts'),
  '0012_data_versions': () => import('./0012_data_versions.ts'),
  '0013_more_data_versions': () => import('./0013_more_data_versions.ts'),
  '0014_worker_history': () => import('./0014_worker_history.ts'),
  '0015_census_return': () => import('./0015_census_return.ts'),
  '0016_recommendation_tracking': () => import('./0016_recommendation_tracking.ts'),
  '0017_statement_references': () => import('./0017_statement_references.ts'),
  '0019_action_owner_email': () => import('./0019_action_owner_email.ts'),
  '0020_rows_written_once': () => import('./0020_rows_written_once.ts'),
  '0021_drop_workers_dates': () => import('./0021_drop_workers_dates.ts'),
};

/** The names of the migrations this code knows, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    const loaded = await Promise.all(MIGRATION_NAMES.map((name) => migrations[name]!()));
    return Object.fromEntries(MIGRATION_NAMES.map((name, i) => [name, loaded[i]!]));
  },
};
