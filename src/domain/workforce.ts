import type { LeaverDestination, LeavingReason, RoleCode, Service, StartOrigin } from './codes.ts';

/** A calendar date as `YYYY-MM-DD`. ISO strings compare correctly as text, so no Date objects (and no time zones) are needed. */
export type IsoDate = string;

/** One worker in one post: a row of the `workers` file after validation. */
export interface WorkerRecord {
  workerId: string;
  sweNumber: string | null;
  agency: boolean;
  role: RoleCode;
  /** The role as the council wrote it (e.g. "ASYE"), kept beside the code it maps to. */
  localRole: string | null;
  team: string | null;
  service: Service;
  fte: number;
  startDate: IsoDate;
  /** Last day in the post; null while in post. */
  endDate: IsoDate | null;
  leavingReason: LeavingReason | null;
  leaverDestination: LeaverDestination | null;
  startOrigin: StartOrigin | null;
  /** Cases held on the census reference date. */
  cases: number | null;
  /** Sickness days lost in the census year. */
  workingDaysLost: number | null;
  dateOfBirth: IsoDate | null;
  gender: string | null;
  ethnicity: string | null;
  /** Full-time annual salary in pounds. */
  salary: number | null;
  grade: string | null;
  qualifiedDate: IsoDate | null;
  /** Recruitment payments in the census year, in pounds (DfE's census from 2025); optional so older callers need not name it. */
  recruitmentPayment?: number | null;
  /** Retention payments in the census year, in pounds (DfE's census from 2025). */
  retentionPayment?: number | null;
}

/** One row of the `vacancies` file: vacant and agency-covered FTE on a reference date, for the council or one team. */
export interface VacancyRecord {
  referenceDate: IsoDate;
  vacancyFte: number;
  agencyCoverFte: number;
  team: string | null;
  /** The post, when the row is for one vacant post (optional columns; absent on older files). */
  postId?: string;
  /** The day the post fell vacant, for vacancy age; only with a post. */
  vacantSince?: IsoDate | null;
}
