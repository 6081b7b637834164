import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('authorities')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('new_la_code', 'text')
    .addColumn('old_la_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('region_name', 'text')
    .addColumn('neighbours', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('checksum_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('imports_authority').on('imports').columns(['authority_code', 'imported_at']).execute();

  await db.schema
    .createTable('workers')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('swe_number', 'text')
    .addColumn('agency', 'boolean', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('local_role', 'text')
    .addColumn('team', 'text')
    .addColumn('service', 'text', (c) => c.notNull().defaultTo('children'))
    .addColumn('fte', 'double precision', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('leaving_reason', 'text')
    .addColumn('leaver_destination', 'text')
    .addColumn('start_origin', 'text')
    .addColumn('cases', 'integer')
    .addColumn('working_days_lost', 'double precision')
    .addColumn('date_of_birth', 'date')
    .addColumn('gender', 'text')
    .addColumn('ethnicity', 'text')
    .addColumn('salary', 'double precision')
    .addColumn('grade', 'text')
    .addColumn('qualified_date', 'date')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('workers_pk', ['authority_code', 'worker_id', 'start_date'])
    .execute();
  // Census measures read records that overlap a year: started before its end, not ended before its start.
  await db.schema.createIndex('workers_dates').on('workers').columns(['authority_code', 'start_date', 'end_date']).execute();

  await db.schema
    .createTable('vacancies')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('reference_date', 'date', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vacancy_fte', 'double precision', (c) => c.notNull())
    .addColumn('agency_cover_fte', 'double precision', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('vacancies_pk', ['authority_code', 'reference_date', 'team'])
    .execute();

  await db.schema
    .createTable('role_map')
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code'))
    .addColumn('local_key', 'text', (c) => c.notNull())
    .addColumn('local_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_map_pk', ['authority_code', 'local_key'])
    .execute();

  await db.schema
    .createTable('benchmark_releases')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('checksum_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('first_year', 'integer', (c) => c.notNull())
    .addColumn('last_year', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('benchmark_rows')
    .addColumn('release_id', 'integer', (c) => c.notNull().references('benchmark_releases.id').onDelete('cascade'))
    .addColumn('time_period', 'integer', (c) => c.notNull())
    .addColumn('geographic_level', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('region_name', 'text')
    .addColumn('old_la_code', 'text')
    .addColumn('new_la_code', 'text')
    .addColumn('la_name', 'text')
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('symbols', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('benchmark_rows_year').on('benchmark_rows').columns(['time_period', 'geographic_level']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['benchmark_rows', 'benchmark_releases', 'role_map', 'vacancies', 'workers', 'imports', 'authorities']) {
    await db.schema.dropTable(table).execute();
  }
}
