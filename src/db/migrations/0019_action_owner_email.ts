import { sql, type Kysely } from 'kysely';

/**
 * An action owner's email (issue 15's reminders): reminders for actions under a recommendation
 * were listed but could not be sent, since only lead officers had an address. Empty when none is
 * recorded, as a lead officer's is (0016).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('review_actions')
    .addColumn('owner_email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table review_actions drop column owner_email`.execute(db);
}
