import { referenceDate } from '../domain/census.ts';
import { SMALL_NUMBER_THRESHOLD } from '../domain/disclosure.ts';
import { censusYearAsOf } from '../domain/coverage.ts';
import { leaverReasonCounts, unknownReasonShare, withheldReasons } from '../domain/leavers.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from '../db/database.ts';
import { listImports, type ImportRecord } from '../db/imports.ts';
import { packAgencySection, type PackAgencySection } from './agency-pack.ts';
import { caseloadPackSection, type CaseloadPackSection } from './caseloads.ts';
import { packEqualitySection, packExitInterviewSection, packSurveySection, type PackEqualitySection, type PackExitInterviewSection, type PackSurveySection } from './leavers-pack.ts';
import { retentionPackSection, type RetentionPackSection } from './retention-curves.ts';
import { councilFigures } from './metrics.ts';
import { dashboardFor, shownCell, SUPPRESSED_CELL, type Cell, type DashboardView, type RiskThresholds } from './dashboard.ts';
import { noFigures } from '../errors.ts';
import { percent } from '../domain/format.ts';

/**
 * An evidence pack for a scrutiny meeting: the dashboard's figures (headlines beside England, region
 * and neighbours; trends with their charts; teams and roles; retention) and why people left, as
 * they stood when the pack was issued. The whole thing, charts included, is stored with the pack,
 * so later imports never change what the committee was given. Committee members see aggregate
 * figures only, so a pack is always built with small numbers suppressed.
 */

export interface LeaverReasonRow {
  reason: string;
  label: string;
  headcount: Cell;
  fte: Cell;
}

export interface PackContent {
  dashboard: DashboardView;
  leaverReasons: LeaverReasonRow[];
  /** Leavers whose reason is not known, not yet collected or not recorded, as a share of all leavers. */
  unknownReasonShare: Cell;
  /** Agency cover and recruitment (issue 12); absent in packs issued before it, null with no such data. */
  agency?: PackAgencySection | null;
  /** Caseloads and retention curves at the census reference date (absent from packs issued before they existed). */
  caseloads?: CaseloadPackSection | null;
  retention?: RetentionPackSection | null;
  /**
   * Why people leave and what would keep them (issue 11): exit-interview themes for the census year,
   * the latest survey wave by the pack's date, and the equality tables, all with small numbers
   * withheld and no free text. Absent from packs issued before they existed; null with no such data.
   */
  exitInterviews?: PackExitInterviewSection | null;
  surveys?: PackSurveySection | null;
  equality?: PackEqualitySection | null;
}

/** One import the pack's figures were built from. */
/** Import kinds whose records no pack section reads. */
const NOT_IN_PACKS: ReadonlySet<string> = new Set(['pay_scales', 'supplements']);

export interface PackSource {
  importId: number;
  kind: ImportRecord['kind'];
  fileName: string;
  checksumSha256: string;
  rowCount: number;
  importedAt: string;
  importedBy: string | null;
}

// The census year as of a date and the leaver reasons withheld are rules of the domain; named here too for callers of the pack.
export { censusYearAsOf, withheldReasons };

export async function buildEvidencePack(
  db: Db,
  authorityCode: string,
  options: { asOf: IsoDate; thresholds?: Partial<RiskThresholds> },
): Promise<{ censusYear: number; content: PackContent; sources: PackSource[] }> {
  const latest = await dashboardFor(db, { authorityCode, personalDataAllowed: false, ...(options.thresholds ? { thresholds: options.thresholds } : {}) });
  if (!latest.hasData) throw noFigures('There are no figures for this council yet. Import a workers file first.');
  // Only a year the data holds whole can be frozen for a committee: a part year would read as good news.
  const censusYear = censusYearAsOf(options.asOf, latest.coverage.completeYears);
  if (censusYear === null) {
    if (latest.coverage.completeYears.length === 0 && latest.coverage.runsTo !== null) {
      throw noFigures(`No census year is complete in the data yet: it runs to ${latest.coverage.runsToText}, before the end of census year ${latest.years[0]} on ${referenceDate(latest.years[0]!)}.`);
    }
    throw noFigures(`No census year had ended by ${options.asOf}: the first year loaded is ${latest.years[0]}, which ends on ${referenceDate(latest.years[0]!)}.`);
  }
  const dashboard =
    censusYear === latest.censusYear ? latest : await dashboardFor(db, { authorityCode, censusYear, personalDataAllowed: false, ...(options.thresholds ? { thresholds: options.thresholds } : {}) });

  // The records the dashboard view was built from (one load of the council, kept per data version).
  const counts = leaverReasonCounts(await (await councilFigures(db, authorityCode)).workers(), censusYear);
  const share = unknownReasonShare(counts);
  const hidden = withheldReasons(counts.map((c) => c.headcount));
  const leaverReasons = counts.map((c, i) => ({
    reason: c.reason,
    label: c.label,
    headcount: hidden.has(i) ? SUPPRESSED_CELL : shownCell('leavers_headcount', c.headcount),
    fte: hidden.has(i) ? SUPPRESSED_CELL : shownCell('leavers_fte', c.fte),
  }));
  const unknownShown = share.unknown === 0 || share.unknown >= SMALL_NUMBER_THRESHOLD;
  const totalShown = share.total === 0 || share.total >= SMALL_NUMBER_THRESHOLD;
  const content: PackContent = {
    dashboard,
    leaverReasons,
    unknownReasonShare: unknownShown && totalShown ? percentCell(share.percent) : SUPPRESSED_CELL,
    agency: await packAgencySection(db, authorityCode, censusYear),
    caseloads: await caseloadPackSection(db, authorityCode, referenceDate(censusYear)),
    retention: await retentionPackSection(db, authorityCode, referenceDate(censusYear)),
    exitInterviews: await packExitInterviewSection(db, authorityCode, censusYear),
    surveys: await packSurveySection(db, authorityCode, options.asOf),
    equality: await packEqualitySection(db, authorityCode, censusYear),
  };

  // Every import held when the pack is issued whose kind feeds a pack section went into its figures: the
  // records are the union of them all. Pay scales and supplements feed the pay pages, not the pack.
  const sources = (await listImports(db, authorityCode))
    .reverse()
    .filter((entry) => !NOT_IN_PACKS.has(entry.kind))
    .map((entry) => ({
      importId: entry.id,
      kind: entry.kind,
      fileName: entry.fileName,
      checksumSha256: entry.checksumSha256,
      rowCount: entry.rowCount,
      importedAt: entry.importedAt.toISOString(),
      importedBy: entry.importedBy,
    }));
  return { censusYear, content, sources };
}

function percentCell(value: number | null): Cell {
  if (value === null) return shownCell('share', null);
  return { value, text: percent(value), status: 'shown' };
}
