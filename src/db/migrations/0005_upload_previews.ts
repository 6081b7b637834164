import type { Kysely } from 'kysely';

/**
 * An upload's preview (column mapping, counts, warnings, problems), worked out once when the file
 * is uploaded and kept beside it, so the preview page and the problems download read it instead
 * of parsing the file again on every request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pending_uploads').addColumn('preview_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pending_uploads').dropColumn('preview_json').execute();
}
