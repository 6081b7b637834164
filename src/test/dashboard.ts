import { ensureAuthority, setAuthorityRegion, setNeighbours } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { upsertVacancies } from '../db/vacancies.ts';
import { DEMO_COUNCIL, generateCouncil } from '../imports/demo-council.ts';
import { buildLeaver, buildVacancy, buildWorker } from './builders.ts';
import { insertTestWorkers } from './workers.ts';

/** Data for dashboard tests (src/reports/dashboard.test.ts, src/web/dashboard.test.ts). */

/** England, the South West and two neighbours, 2023 and 2024, in DfE's format. */
export const DASHBOARD_BENCHMARKS = `time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,leavers_fte,turnover_rate_fte,vacancy_rate_fte,agency_rate_fte,caseload_fte,absence_rate_fte
2023,Reporting year,National,E92000001,England,,,,,,30000,5000,16.7,20,17.6,16.3,3.3
2023,Reporting year,Regional,E92000001,England,E12000009,South West,,,,3000,450,15,19,16,15.5,3.1
2023,Reporting year,Local authority,E92000001,England,E12000009,South West,902,E06000902,Betaford,100,10,10,15,12,15,3
2023,Reporting year,Local authority,E92000001,England,E12000009,South West,903,E06000903,Gammaby,100,30,30,25,20,19,3.4
2024,Reporting year,National,E92000001,England,,,,,,34328.2,4728.7,13.9,18.7,15.5,15.4,3.4
2024,Reporting year,Regional,E92000001,England,E12000009,South West,,,,3100,400,12.9,17,14,15,3
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,902,E06000902,Betaford,100,12,12,14,11,14,c
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,903,E06000903,Gammaby,100,16,16,18,13,18,3.6
`;

/**
 * Testshire in 2023 and 2024: team Big has ten case holders and three leavers in 2024 (turnover
 * 30%, at risk) and one in 2023; team Tiny has three case holders with 25 cases each (caseload at
 * risk, but too few people to show a viewer); one agency worker.
 */
export async function seedTestshire(db: Db, code = 'T1'): Promise<void> {
  await db
    .insertInto('authorities')
    .values({ code, name: 'Testshire', new_la_code: null, old_la_code: null, region_code: 'E12000009', region_name: 'South West', neighbours: ['902', '903'] })
    .execute();
  await insertTestWorkers(db, code, [
    ...Array.from({ length: 10 }, (_, i) => buildWorker({ workerId: `${code}-B${i}`, team: 'Big', cases: 12, workingDaysLost: 5 })),
    ...Array.from({ length: 3 }, (_, i) => buildLeaver('2024-06-30', { workerId: `${code}-L${i}`, team: 'Big', cases: 10 })),
    buildLeaver('2023-03-31', { workerId: `${code}-L9`, team: 'Big' }),
    ...Array.from({ length: 3 }, (_, i) => buildWorker({ workerId: `${code}-T${i}`, team: 'Tiny', cases: 25 })),
    buildWorker({ workerId: `${code}-AG`, team: 'Big', agency: true }),
  ]);
  await upsertVacancies(db, code, [buildVacancy({ referenceDate: '2024-09-30', vacancyFte: 2 }), buildVacancy({ referenceDate: '2023-09-30', vacancyFte: 4 })], null);
}

/**
 * The demo council's records written straight to the register (no files, no import history):
 * the same records `retain demo` loads, in a fraction of the time.
 */
export async function seedDemoCouncil(db: Db): Promise<{ authorityCode: string; name: string; lastYear: number }> {
  const council = generateCouncil(DEMO_COUNCIL);
  await ensureAuthority(db, council.authorityCode, council.name);
  // As loadDemo sets them (src/imports/demo.ts, which also pulls in the file import this avoids).
  await setAuthorityRegion(db, council.authorityCode, 'E12000002', 'North West');
  await setNeighbours(db, council.authorityCode, ['350', '351', '354', '355', '356', '357', '358', '359', '877', '889']);
  await insertTestWorkers(db, council.authorityCode, council.workers);
  await upsertVacancies(db, council.authorityCode, council.vacancies, null);
  return { authorityCode: council.authorityCode, name: council.name, lastYear: DEMO_COUNCIL.lastYear };
}
