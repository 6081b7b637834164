/**
 * `retain import agency|price-caps|applications`: entries for the import command's table
 * (src/cli/commands/import.ts), loaded on use like the rest. Columns: shared/spec/retention-data.md.
 */
export const AGENCY_IMPORT_KINDS = {
  agency: {
    load: async () => (await import('../../imports/run-agency-import.ts')).importAgency,
    description: 'load agency assignments (one row per assignment, keyed by assignment_id): CSV or XLSX',
    examples: ['retain import agency assignments.csv', 'retain import agency msp-extract.xlsx --authority 202'],
  },
  'price-caps': {
    load: async () => (await import('../../imports/run-agency-import.ts')).importPriceCaps,
    description: "load the region's agency price caps (role, effective_from, max_hourly_rate)",
    examples: ['retain import price-caps caps.csv'],
  },
  applications: {
    load: async () => (await import('../../imports/run-agency-import.ts')).importApplications,
    description: 'load recruitment applications (one row per application, keyed by application_id)',
    examples: ['retain import applications applications.xlsx'],
  },
};
