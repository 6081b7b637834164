import type { Migration, MigrationProvider } from 'kysely';
import * as core from './0001_core.ts';
import * as web from './0002_web.ts';
import * as pendingUploads from './0003_pending_uploads.ts';
import * as reviews from './0004_reviews.ts';
import * as exitInterviewsSurveys from './0008_exit_interviews_surveys.ts';

/**
 * Migrations in order. Listed by hand rather than read from a folder so that they ship with the
 * code and run the same from a clone, a package or a test. Add new ones at the end; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_web': web,
  '0003_pending_uploads': pendingUploads,
  '0004_reviews': reviews,
  '0008_exit_interviews_surveys': exitInterviewsSurveys,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
