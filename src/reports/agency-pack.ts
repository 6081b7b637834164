import type { Db } from '../db/database.ts';
import { agencyView, recruitmentView } from './agency-view.ts';
import type { Block, TableBlock } from './review-documents.ts';

/**
 * The agency and recruitment sections of evidence packs and the committee report: aggregates
 * only, always with anything from 1-4 assignments or applications withheld as [c] (committee
 * documents are read by viewers). Stored with the pack as plain text cells, so it never changes.
 */
export interface PackAgencySection {
  censusYear: number;
  agency: Array<[string, string]> | null;
  compliance: Array<[string, string]>;
  recruitment: Array<[string, string]> | null;
  lossReasons: Array<[string, string]>;
}

export async function packAgencySection(db: Db, authorityCode: string, censusYear: number): Promise<PackAgencySection | null> {
  const [agency, recruitment] = await Promise.all([agencyView(db, authorityCode, censusYear, false), recruitmentView(db, authorityCode, censusYear, false)]);
  if (!agency.hasData && !recruitment.hasData) return null;
  return {
    censusYear,
    agency: agency.hasData ? agency.headline.map((h) => [h.label, h.figure.text]) : null,
    compliance: agency.hasData ? [...agency.checks, ...agency.longRunning.map((c) => ({ ...c, title: `Assignments running ${c.title.toLowerCase()}` }))].map((c) => [c.title, c.count.text]) : [],
    recruitment: recruitment.hasData ? recruitment.headline.map((h) => [h.label, h.figure.text]) : null,
    lossReasons: recruitment.lossReasons.map((r) => [r.label, r.count.text]),
  };
}

function table(caption: string, header: [string, string], rows: Array<[string, string]>): TableBlock {
  return { kind: 'table', caption, columns: [{ label: header[0] }, { label: header[1], numeric: true }], rows, rowHeaders: true };
}

/** The committee report's blocks for a pack's agency and recruitment section. */
export function agencyPackBlocks(section: PackAgencySection | null | undefined): Block[] {
  if (!section) return [];
  const year = section.censusYear;
  return [
    ...(section.agency
      ? [
          { kind: 'subheading', text: 'Agency cover and its cost' } as Block,
          table(`Agency social workers, census year ${year}`, ['Measure', 'Figure'], section.agency),
          table('Compliance with DfE’s statutory guidance on agency social workers', ['Check', 'Assignments'], section.compliance),
        ]
      : []),
    ...(section.recruitment
      ? [
          { kind: 'subheading', text: 'Recruitment' } as Block,
          table(`Applications made in census year ${year}`, ['Measure', 'Figure'], section.recruitment),
          ...(section.lossReasons.length > 0 ? [table('Candidates lost (declined offers and withdrawals) by reason', ['Reason', 'Candidates'], section.lossReasons)] : []),
        ]
      : []),
  ];
}
