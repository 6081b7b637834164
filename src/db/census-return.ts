import type { Db } from './database.ts';

/**
 * The census return's council-level answers (migration 0015): items no file holds, given by the
 * council for a census year, by element name.
 */

export async function censusReturnAnswers(db: Db, authorityCode: string, censusYear: number): Promise<Record<string, string>> {
  const rows = await db.selectFrom('census_return_answers').select(['item', 'value']).where('authority_code', '=', authorityCode).where('census_year', '=', censusYear).orderBy('item').execute();
  return Object.fromEntries(rows.map((row) => [row.item, row.value]));
}

/** Writes answers (a null clears one); run it in the caller's transaction. Returns the items changed. */
export async function saveCensusReturnAnswers(db: Db, authorityCode: string, censusYear: number, changes: Readonly<Record<string, string | null>>, updatedBy: string | null): Promise<string[]> {
  const held = await censusReturnAnswers(db, authorityCode, censusYear);
  const changed: string[] = [];
  for (const [item, value] of Object.entries(changes)) {
    if ((held[item] ?? null) === value) continue;
    changed.push(item);
    if (value === null) {
      await db.deleteFrom('census_return_answers').where('authority_code', '=', authorityCode).where('census_year', '=', censusYear).where('item', '=', item).execute();
    } else {
      await db
        .insertInto('census_return_answers')
        .values({ authority_code: authorityCode, census_year: censusYear, item, value, updated_by: updatedBy })
        .onConflict((oc) => oc.columns(['authority_code', 'census_year', 'item']).doUpdateSet({ value, updated_by: updatedBy, updated_at: new Date() }))
        .execute();
    }
  }
  return changed;
}
