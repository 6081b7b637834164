import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';

/**
 * A new PGlite data directory is made from an empty PostgreSQL cluster shipped in the repository
 * (reference/pglite/empty-cluster.tar.br) instead of by PGlite's initdb.
 *
 * initdb runs a second PGlite (a second 128 MB WebAssembly memory and its own bootstrap backend)
 * beside the first, and holds the cluster as a tar in memory while it copies it over: a process
 * doing it peaked at 490-590 MB, against 160 MB for one opening an existing directory. That made a
 * first `npm start` (its loader, serve-first-start.ts) and any command run on a new directory the
 * largest processes Retain ever ran. Written straight to disk from here, file by file as it is
 * decompressed, the cluster costs that process a few megabytes (measured: 175 MB after migrating,
 * the same as a restart's open plus the migrations).
 *
 * The cluster is PGlite's own initdb output (scripts/build-cluster.ts, `npm run build:cluster`),
 * not migrated: it changes only when PGlite does, not with every migration, and the migrations
 * run on it as on any new database. A cluster must come from the PostgreSQL build that reads it,
 * so it is used only when the PGlite version it was made with is the installed one, and only when
 * its checksum holds (a checkout that mangled it, e.g. a line-ending conversion, or a Git LFS
 * pointer); otherwise PGlite's initdb makes the directory, as before, only with more memory.
 *
 * Brotli (Node's own zlib) packs the 40 MB tar into 1.4 MB; gzip gave 4.5 MB (xz, 1.0 MB, is not in
 * Node). PostgreSQL's files are under the PostgreSQL Licence (reference/pglite/README.md). Every
 * directory made from it shares one system identifier (pg_control), which only replication and WAL
 * archiving compare; PGlite does neither. Generating it at `npm install` instead would run initdb's
 * 550 MB there, and not at all under `npm ci --ignore-scripts`.
 */

export const CLUSTER_DIR = new URL('../../reference/pglite/', import.meta.url);
export const CLUSTER_FILE = 'empty-cluster.tar.br';
export const CLUSTER_META = 'empty-cluster.json';

export interface ClusterMeta {
  /** The @electric-sql/pglite version whose initdb made the cluster. */
  pglite: string;
  /** SHA-256 of the compressed file, hex. */
  sha256: string;
}

/** The installed @electric-sql/pglite version (its package.json is not among its exports). */
export function installedPgliteVersion(): string {
  const entry = new URL(import.meta.resolve('@electric-sql/pglite'));
  // dist/index.js -> the package's own directory.
  const manifest = new URL('../package.json', entry);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function readClusterMeta(dir: URL = CLUSTER_DIR): ClusterMeta | undefined {
  try {
    return JSON.parse(readFileSync(new URL(CLUSTER_META, dir), 'utf8')) as ClusterMeta;
  } catch {
    return undefined;
  }
}

/**
 * The shipped cluster's file when it may be used with the installed PGlite, else why not (for
 * tests and the bench; openDatabase just falls back to initdb).
 */
export function usableCluster(dir: URL = CLUSTER_DIR, pgliteVersion: string = installedPgliteVersion()): { file: URL } | { reason: string } {
  const meta = readClusterMeta(dir);
  if (!meta) return { reason: `no ${CLUSTER_META} in ${dir.pathname}` };
  if (meta.pglite !== pgliteVersion) return { reason: `the cluster was made with PGlite ${meta.pglite}, and ${pgliteVersion} is installed (npm run build:cluster)` };
  const file = new URL(CLUSTER_FILE, dir);
  if (!existsSync(file)) return { reason: `no ${CLUSTER_FILE} in ${dir.pathname}` };
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (sha256 !== meta.sha256) return { reason: `${CLUSTER_FILE} does not match its checksum (a checkout that changed it?)` };
  return { file };
}

/**
 * Writes the shipped empty cluster into `dataDir` when it fits the installed PGlite; false (nothing
 * written) when it does not, for PGlite's initdb to make the directory instead. PG_VERSION, which
 * marks a directory as made (for PGlite and isFirstStart), is written last: a process stopped
 * half-way leaves a directory that the next start unpacks again, over the same files.
 */
export async function unpackEmptyCluster(dataDir: string, dir: URL = CLUSTER_DIR, pgliteVersion?: string): Promise<boolean> {
  const usable = usableCluster(dir, pgliteVersion);
  if (!('file' in usable)) return false;
  let pgVersion: Buffer | undefined;
  for await (const entry of tarEntries(createReadStream(usable.file).pipe(createBrotliDecompress()))) {
    const target = join(dataDir, entry.path);
    if (entry.type === 'directory') {
      mkdirSync(target, { recursive: true, mode: 0o700 });
    } else if (entry.path === 'PG_VERSION') {
      pgVersion = Buffer.concat(await collect(entry.data));
    } else {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      const fd = openSync(target, 'w', 0o600);
      try {
        for await (const chunk of entry.data) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
  }
  if (!pgVersion) throw new Error(`${CLUSTER_FILE} holds no PG_VERSION: rebuild it with npm run build:cluster`);
  writeFileSync(join(dataDir, 'PG_VERSION'), pgVersion, { mode: 0o600 });
  return true;
}

/**
 * The shipped cluster as a tar, for an in-memory database (`memory://`, which has no directory to
 * unpack into) to load with PGlite's loadDataDir; undefined when it does not fit, for initdb.
 */
export async function emptyClusterTar(dir: URL = CLUSTER_DIR, pgliteVersion?: string): Promise<Blob | undefined> {
  const usable = usableCluster(dir, pgliteVersion);
  if (!('file' in usable)) return undefined;
  return new Blob([new Uint8Array(await promisify(brotliDecompress)(readFileSync(usable.file)))]);
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

export interface TarEntry {
  /** Relative to the archive's root, `/` separated, never leaving it. */
  path: string;
  type: 'file' | 'directory';
  size: number;
  /** A file's bytes, to be read before the next entry is asked for. */
  data: AsyncIterable<Buffer>;
}

const BLOCK = 512;

/**
 * The entries of a ustar archive (as PGlite's dumpDataDir writes), read from a stream as it comes,
 * so that a file's bytes are written on before the next arrive and the whole tar is never held.
 */
export async function* tarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = exactReader(source);
  for (;;) {
    const header = await reader.read(BLOCK);
    if (!header || header.every((byte) => byte === 0)) return;
    const entry = parseHeader(header);
    const padded = Math.ceil(entry.size / BLOCK) * BLOCK;
    let consumed = 0;
    async function* data(): AsyncGenerator<Buffer> {
      while (consumed < entry.size) {
        const chunk = await reader.read(Math.min(entry.size - consumed, 1 << 20));
        if (!chunk) throw new Error(`the archive ends inside ${entry.path}`);
        consumed += chunk.length;
        yield chunk;
      }
    }
    yield { ...entry, data: data() };
    // Whatever the caller left unread, then the padding to the next block.
    while (consumed < entry.size) {
      const chunk = await reader.read(Math.min(entry.size - consumed, 1 << 20));
      if (!chunk) throw new Error(`the archive ends inside ${entry.path}`);
      consumed += chunk.length;
    }
    if (padded > entry.size && !(await reader.read(padded - entry.size))) throw new Error(`the archive ends inside ${entry.path}`);
  }
}

function parseHeader(header: Buffer): Omit<TarEntry, 'data'> {
  const text = (start: number, length: number) => {
    const field = header.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  const sum = header.reduce((total, byte, index) => total + (index >= 148 && index < 156 ? 32 : byte), 0);
  if (sum !== Number.parseInt(text(148, 8).trim(), 8)) throw new Error('not a tar archive (a header checksum does not match)');
  const prefix = text(345, 155);
  const name = (prefix ? `${prefix}/` : '') + text(0, 100);
  const path = normalize(name.replace(/^\/+/, '')).split(sep).join('/').replace(/\/$/, '');
  if (path === '' || path === '.' || path.startsWith('../') || path === '..') throw new Error(`the archive holds a path outside its root: ${name}`);
  const flag = text(156, 1);
  const size = Number.parseInt(text(124, 12).trim() || '0', 8);
  if (flag === '5') return { path, type: 'directory', size: 0 };
  if (flag === '0' || flag === '') return { path, type: 'file', size };
  throw new Error(`the archive holds ${name}, neither a file nor a directory (type ${flag})`);
}

/** Reads exactly n bytes at a time from a stream of chunks of any size; null at its end. */
function exactReader(source: AsyncIterable<Buffer>): { read(n: number): Promise<Buffer | null> } {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Buffer[] = [];
  let held = 0;
  let done = false;
  return {
    async read(n) {
      while (held < n && !done) {
        const next = await iterator.next();
        if (next.done) done = true;
        else {
          pending.push(next.value);
          held += next.value.length;
        }
      }
      // At the end: nothing, or a short read, which no caller can use (a cut-off archive).
      if (held < n) return null;
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const taken = all.subarray(0, Math.min(n, all.length));
      const rest = all.subarray(taken.length);
      pending = rest.length > 0 ? [rest] : [];
      held = rest.length;
      return taken;
    },
  };
}
