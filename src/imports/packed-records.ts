/**
 * Records as columns, for the trip from a reader thread to the main thread. Structured clone of a
 * council's 1,500 worker records (20 fields each) took 3-7 ms to unpack on the main thread, which
 * is the thread writing the previous file; the same values as one array per field unpack in about
 * 1 ms (a few arrays of strings and numbers instead of 1,500 objects), and making the objects again
 * about as much.
 */
export interface PackedRecords {
  keys: string[];
  columns: unknown[][];
}

export function packRecords(records: readonly object[]): PackedRecords {
  const keys: string[] = [];
  const seen = new Set<string>();
  // Every record's keys: an optional field absent from the first record may be in a later one.
  for (const record of records) {
    for (const key in record) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const columns = keys.map((key) => records.map((record) => (record as Record<string, unknown>)[key]));
  return { keys, columns };
}

/** The records again; a field a record did not have comes back as undefined, which reads the same. */
export function unpackRecords<R>({ keys, columns }: PackedRecords): R[] {
  const length = columns[0]?.length ?? 0;
  const records = new Array<R>(length);
  for (let i = 0; i < length; i += 1) {
    const record: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k += 1) record[keys[k]!] = columns[k]![i];
    records[i] = record as R;
  }
  return records;
}
