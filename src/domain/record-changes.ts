/**
 * What changed in a record between what the database holds and a file (or between two imports):
 * the fields whose values differ, each with its value before and after. Pure; used by the import
 * preview so an analyst sees, for each changed record, exactly what the file would change.
 *
 * Worked example: before { fte: 1, team: 'Assessment' }, after { fte: 0.8, team: 'Assessment' }
 * gives [{ field: 'fte', before: 1, after: 0.8 }].
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function fieldChanges<R extends object>(before: R, after: R, ignore: readonly string[] = []): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => !ignore.includes(field));
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = (before as Record<string, unknown>)[field] ?? null;
    const b = (after as Record<string, unknown>)[field] ?? null;
    if (a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}
