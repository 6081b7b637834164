import type { Db } from '../../db/database.ts';
import type { ImportInput, ImportOutcome } from '../../imports/run-import.ts';

/** `retain import pay-scales` and `retain import supplements` (retention-data.md section 6), joined to import.ts's KINDS. */
export const PAY_IMPORT_KINDS = {
  'pay-scales': {
    description: "load pay scales, the council's own and comparators' (authority, role, grade, min_salary, max_salary, effective_from, source)",
    examples: ['retain import pay-scales pay-scales.csv', 'retain import pay-scales scales.xlsx --authority 202'],
    load: async (): Promise<(db: Db, input: ImportInput) => Promise<ImportOutcome>> => (await import('../../imports/run-pay-import.ts')).importPayScales,
  },
  supplements: {
    description: 'load market supplements (role, amount_per_year, from, to; to empty while running)',
    examples: ['retain import supplements supplements.csv'],
    load: async (): Promise<(db: Db, input: ImportInput) => Promise<ImportOutcome>> => (await import('../../imports/run-pay-import.ts')).importSupplements,
  },
};
