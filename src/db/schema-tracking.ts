import type { Generated } from 'kysely';

/** A council's settings for following scrutiny recommendations; see migration 0016. No row: the defaults. */
export interface ScrutinySettingsTable {
  authority_code: string;
  /** The reference prefix of reviews that name none of their own, e.g. "CYP". */
  reference_prefix: Generated<string>;
  /** How many months the executive has to respond to a report (two unless the council's constitution says otherwise). */
  response_months: Generated<number>;
  updated_at: Generated<Date>;
}
