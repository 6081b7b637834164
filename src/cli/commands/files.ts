import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.ts';

/** The bytes of a file named on the command line; a missing or unreadable file is a usage error. */
export async function readInputFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    throw usageError(`retain: cannot read ${file}: ${reason}`);
  }
}
