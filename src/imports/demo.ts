import { createHash } from 'node:crypto';
import { ensureAuthority, setAuthorityRegion, setNeighbours } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { neighbourList, saveSettings } from '../db/settings.ts';
import { DEFAULT_NEIGHBOUR_MODEL } from '../domain/benchmarks.ts';
import { ensureReferenceData } from './reference-data.ts';
import { loadAgencyDemo } from './demo-agency.ts';
import { loadDemoCaseloads } from './demo-caseloads.ts';
import { DEMO_COUNCIL, generateCouncil, vacanciesCsv, workersCsv } from './demo-council.ts';
import { loadDemoPay } from './demo-pay.ts';
import { loadDemoLeavers, loadDemoSurveys } from './demo-leavers.ts';
import { formatProblem, importVacancies, importWorkers } from './run-import.ts';

export { DEMO_COUNCIL, DEMO_TEAMS, generateCouncil, vacanciesCsv, workersCsv, type CouncilOptions, type GeneratedCouncil } from './demo-council.ts';

export const DEMO_REGION = { code: 'E12000002', name: 'North West' } as const;

/** Real North West authorities (DfE three-digit codes): the fallback neighbours if DfE's lists are not loaded. */
export const DEMO_NEIGHBOURS = ['350', '351', '354', '355', '356', '357', '358', '359', '877', '889'] as const;

/**
 * The demo council is fictional, so it borrows DfE's neighbours of a real council of similar size:
 * Wigan (359), North West, 287 children's social workers in post in 2024 (Northbridge has about 300).
 * The dashboard and Settings say so.
 */
export const DEMO_NEIGHBOUR_BASIS = { code: '359', name: 'Wigan' } as const;

export interface DemoLoaded {
  authorityCode: string;
  name: string;
  firstYear: number;
  lastYear: number;
  workerRows: number;
  vacancyRows: number;
  /** Rows written by this run (0 when the demo was already loaded as it is). */
  changedRows: number;
  summary: string;
}

/** Loads (or re-loads, changing nothing) the demo council. */
export async function loadDemo(db: Db): Promise<DemoLoaded> {
  const council = generateCouncil(DEMO_COUNCIL);
  const code = DEMO_COUNCIL.authorityCode;
  // Region and neighbours are set when missing, so choices made since are kept.
  const authority = await ensureAuthority(db, code, DEMO_COUNCIL.name);
  if (authority.regionCode === null) await setAuthorityRegion(db, code, DEMO_REGION.code, DEMO_REGION.name);
  // DfE's indicators and neighbour lists ship with Retain (reference/dfe), so the demo compares from the start.
  await ensureReferenceData(db);
  if (authority.neighbours.length === 0) {
    const list = await neighbourList(db, DEFAULT_NEIGHBOUR_MODEL, DEMO_NEIGHBOUR_BASIS.code);
    await setNeighbours(db, code, list.length > 0 ? list.map((entry) => entry.neighbourCode) : DEMO_NEIGHBOURS);
    if (list.length > 0) await saveSettings(db, code, { neighbourModel: DEFAULT_NEIGHBOUR_MODEL, neighbourBasis: DEMO_NEIGHBOUR_BASIS.code });
  }

  // Re-running is a no-op: a file identical to the last one of its kind is not imported again
  // (the importer would leave every row as it is, but would still add an entry to the history).
  const history = await listImports(db, code);
  const isLatest = (kind: 'workers' | 'vacancies', bytes: Uint8Array) => history.find((entry) => entry.kind === kind)?.checksumSha256 === createHash('sha256').update(bytes).digest('hex');

  const workerBytes = Buffer.from(workersCsv(council.workers));
  const vacancyBytes = Buffer.from(vacanciesCsv(council.vacancies));
  let changedRows = 0;
  if (!isLatest('workers', workerBytes)) {
    const result = await importWorkers(db, { authorityCode: code, fileName: 'northbridge-workers.csv', bytes: workerBytes, importedBy: 'demo' });
    if (!result.ok) throw new Error(`The demo workers file did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
    changedRows += result.inserted + result.updated;
  }
  if (!isLatest('vacancies', vacancyBytes)) {
    const result = await importVacancies(db, { authorityCode: code, fileName: 'northbridge-vacancies.csv', bytes: vacancyBytes, importedBy: 'demo' });
    if (!result.ok) throw new Error(`The demo vacancies file did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
    changedRows += result.inserted + result.updated;
  }
  changedRows += await loadAgencyDemo(db, council, DEMO_COUNCIL.lastYear);

  changedRows += await loadDemoCaseloads(db, code, council.workers, { seed: DEMO_COUNCIL.seed, lastYear: DEMO_COUNCIL.lastYear, strugglingTeam: DEMO_COUNCIL.strugglingTeam });
  await loadDemoPay(db, code);
  changedRows += await loadDemoLeavers(db, code, council.workers, DEMO_COUNCIL.lastYear);
  changedRows += await loadDemoSurveys(db, code, DEMO_COUNCIL.teams, DEMO_COUNCIL.lastYear);

  const years = `${DEMO_COUNCIL.firstYear}-${DEMO_COUNCIL.lastYear}`;
  const summary =
    changedRows === 0
      ? `The demo council ${DEMO_COUNCIL.name} (${code}) is already loaded; nothing changed.`
      : `Loaded the demo council ${DEMO_COUNCIL.name} (${code}): ${council.workers.length} worker rows and ${council.vacancies.length} vacancy rows, census years ${years}.\n` +
        `Try: retain metrics --year ${DEMO_COUNCIL.lastYear} --authority ${code} --by team`;
  return {
    authorityCode: code,
    name: DEMO_COUNCIL.name,
    firstYear: DEMO_COUNCIL.firstYear,
    lastYear: DEMO_COUNCIL.lastYear,
    workerRows: council.workers.length,
    vacancyRows: council.vacancies.length,
    changedRows,
    summary,
  };
}
