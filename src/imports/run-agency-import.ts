import { planApplicationUpsert, planAssignmentUpsert, planPriceCapUpsert, upsertApplications, upsertAssignments, upsertPriceCaps } from '../db/agency.ts';
import type { Db } from '../db/database.ts';
import { getRoleMap } from '../db/role-map.ts';
import type { AgencyAssignment, PriceCap } from '../domain/agency.ts';
import type { Application } from '../domain/recruitment.ts';
import { readAgencyFile, readPriceCapsFile } from './agency-file.ts';
import { readApplicationsFile } from './applications-file.ts';
import { runImport, type ImportInput, type ImportOutcome, type KindSpec } from './run-import.ts';

/**
 * `retain import agency|price-caps|applications FILE`: the same all-or-nothing import as workers
 * and vacancies (validate everything, then one transaction with the import record), for the
 * agency and recruitment files of shared/spec/retention-data.md sections 2 and 3.
 */

const AGENCY: KindSpec<AgencyAssignment> = {
  kind: 'agency',
  async read(db, input, bytes) {
    return readAgencyFile(input.fileName, bytes, { sheet: input.sheet, roleMap: await getRoleMap(db, input.authorityCode.trim()) });
  },
  describe: (record) => `assignment ${record.assignmentId}`,
  teamOf: (record) => record.team,
  plan: planAssignmentUpsert,
  write: upsertAssignments,
};

const PRICE_CAPS: KindSpec<PriceCap> = {
  kind: 'price_caps',
  async read(db, input, bytes) {
    return readPriceCapsFile(input.fileName, bytes, { sheet: input.sheet, roleMap: await getRoleMap(db, input.authorityCode.trim()) });
  },
  describe: (record) => `cap for ${record.role} from ${record.effectiveFrom}`,
  teamOf: () => null,
  plan: planPriceCapUpsert,
  write: (db, authorityCode, records, importId) => upsertPriceCaps(db, authorityCode, records, importId),
};

const APPLICATIONS: KindSpec<Application> = {
  kind: 'applications',
  async read(db, input, bytes) {
    return readApplicationsFile(input.fileName, bytes, { sheet: input.sheet, roleMap: await getRoleMap(db, input.authorityCode.trim()) });
  },
  describe: (record) => `application ${record.applicationId}`,
  teamOf: (record) => record.team,
  plan: planApplicationUpsert,
  write: upsertApplications,
};

export function importAgency(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, AGENCY);
}

export function importPriceCaps(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, PRICE_CAPS);
}

export function importApplications(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, APPLICATIONS);
}

export { formatProblem } from './problems.ts';
