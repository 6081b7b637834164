import { sql, type Kysely } from 'kysely';

/**
 * The first hour (issue 10): DfE's statistical neighbour models, a council's own settings (which
 * neighbour model, at-risk thresholds), the column mapping it chose for its HR files, and the words
 * its HR system uses for leaving reasons, origins and destinations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // DfE's published lists: each council's ten neighbours, nearest first, with DfE's closeness label.
  await db.schema
    .createTable('statistical_neighbours')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('la_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('neighbour_code', 'text', (c) => c.notNull())
    .addColumn('proximity', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('statistical_neighbours_pk', ['model', 'la_code', 'rank'])
    .execute();

  await db.schema
    .createTable('authority_settings')
    .addColumn('authority_code', 'text', (c) => c.primaryKey().references('authorities.code').onDelete('cascade'))
    // '2021' or '2025'; null until chosen (2025 is the default).
    .addColumn('neighbour_model', 'text')
    // The council whose DfE list is used: its own LA code, or (the demo) a real council of similar size.
    .addColumn('neighbour_basis', 'text')
    // True once someone edits the list by hand, so choosing a model again says it replaces the edit.
    .addColumn('neighbours_edited', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('at_risk_turnover', 'double precision')
    .addColumn('at_risk_vacancy', 'double precision')
    .addColumn('at_risk_caseload', 'double precision')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('import_column_maps')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // headerKey() of the column as the council's file names it.
    .addColumn('header_key', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull())
    // The contract field it is read as; '' to ignore the column.
    .addColumn('field', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_column_maps_pk', ['authority_code', 'kind', 'header_key'])
    .execute();

  await db.schema
    .createTable('code_words')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('list', 'text', (c) => c.notNull().check(sql`list in ('leaving_reason', 'start_origin', 'leaver_destination')`))
    .addColumn('word_key', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('code_words_pk', ['authority_code', 'list', 'word_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('code_words').execute();
  await db.schema.dropTable('import_column_maps').execute();
  await db.schema.dropTable('authority_settings').execute();
  await db.schema.dropTable('statistical_neighbours').execute();
}
