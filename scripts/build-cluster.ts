/**
 * `npm run build:cluster`: makes reference/pglite/empty-cluster.tar.br, the empty PostgreSQL
 * cluster that new PGlite data directories are made from (src/db/empty-cluster.ts), with the
 * installed PGlite's initdb, and records that PGlite's version and the file's checksum beside it.
 * Run it after upgrading @electric-sql/pglite: until then new directories are made by initdb, and
 * src/db/empty-cluster.test.ts fails to say so.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { setWasmFlags } from '../src/cli/wasm-flags.ts';
import { CLUSTER_DIR, CLUSTER_FILE, CLUSTER_META, type ClusterMeta, installedPgliteVersion } from '../src/db/empty-cluster.ts';

setWasmFlags();
const { PGlite } = await import('@electric-sql/pglite');
// PGlite runs initdb for a new in-memory database; everything in it is then on its files system.
const pglite = await PGlite.create('memory://');
await pglite.exec('CHECKPOINT');
const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
await pglite.close();

// postmaster.pid belongs to the backend that was running at the dump, not to the cluster.
const kept: Buffer[] = [];
for (let offset = 0; offset + 512 <= dump.length; ) {
  const header = dump.subarray(offset, offset + 512);
  if (header.every((byte) => byte === 0)) break;
  const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
  const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
  const end = offset + 512 + Math.ceil(size / 512) * 512;
  if (name.replace(/^\/+/, '') !== 'postmaster.pid') kept.push(dump.subarray(offset, end));
  offset = end;
}
kept.push(Buffer.alloc(1024));
const tar = Buffer.concat(kept);

const packed = brotliCompressSync(tar, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
});
writeFileSync(new URL(CLUSTER_FILE, CLUSTER_DIR), packed);
const meta: ClusterMeta = { pglite: installedPgliteVersion(), sha256: createHash('sha256').update(packed).digest('hex') };
writeFileSync(new URL(CLUSTER_META, CLUSTER_DIR), `${JSON.stringify(meta, null, 2)}\n`);
console.log(`${CLUSTER_FILE}: ${(packed.length / 1e6).toFixed(2)} MB (${(tar.length / 1e6).toFixed(1)} MB of tar), PGlite ${meta.pglite}`);
