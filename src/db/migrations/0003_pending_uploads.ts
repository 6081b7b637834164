import { sql, type Kysely } from 'kysely';

/**
 * Files uploaded through the web and previewed, not yet confirmed. Kept in the database (not a
 * temp dir) so preview and confirm work across restarts and across several app servers on one
 * PostgreSQL, and so they go with the database's own access controls and backups. Rows expire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pending_uploads')
    // A random id (256 bits): it is in the preview page's URL.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('authority_code', 'text', (c) => c.notNull().references('authorities.code').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('workers', 'vacancies')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('checksum_sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pending_uploads_expiry').on('pending_uploads').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pending_uploads').execute();
}
