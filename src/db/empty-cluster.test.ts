import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from './database.ts';
import { CLUSTER_DIR, CLUSTER_META, installedPgliteVersion, readClusterMeta, tarEntries, unpackEmptyCluster, usableCluster } from './empty-cluster.ts';
import { MIGRATION_NAMES } from './migrations/index.ts';

/** The shipped empty cluster makes new PGlite data directories (empty-cluster.ts); these run on PGlite only. */
const skip = process.env.DATABASE_URL ? 'the shipped cluster is for embedded (PGlite) data directories' : false;

function scratch(): { base: string; done(): void } {
  const base = mkdtempSync(join(tmpdir(), 'retain-empty-cluster-'));
  return { base, done: () => rmSync(base, { recursive: true, force: true }) };
}

/** The shipped cluster's files in a directory of their own, to be spoiled by a test. */
function copyOfCluster(base: string): URL {
  const dir = join(base, 'cluster');
  cpSync(CLUSTER_DIR, dir, { recursive: true });
  return pathToFileURL(`${dir}/`);
}

test('the shipped empty cluster was made with the installed PGlite (if not: npm run build:cluster)', () => {
  const usable = usableCluster();
  assert.ok('file' in usable, `the shipped cluster is not used, so new data directories are made by initdb: ${'reason' in usable ? usable.reason : ''}`);
  assert.equal(readClusterMeta()?.pglite, installedPgliteVersion());
});

test("a cluster made with another PGlite version is not unpacked: nothing is written, for PGlite's initdb to make the directory", { skip }, async () => {
  const { base, done } = scratch();
  try {
    const cluster = copyOfCluster(base);
    const meta = JSON.parse(readFileSync(new URL(CLUSTER_META, cluster), 'utf8'));
    writeFileSync(new URL(CLUSTER_META, cluster), JSON.stringify({ ...meta, pglite: '0.4.0' }));
    const usable = usableCluster(cluster);
    assert.ok('reason' in usable && /made with PGlite 0\.4\.0/.test(usable.reason) && /npm run build:cluster/.test(usable.reason));
    const dataDir = join(base, 'data');
    mkdirSync(dataDir);
    assert.equal(await unpackEmptyCluster(dataDir, cluster), false);
    assert.deepEqual(readdirSync(dataDir), []);
    // The same files read as the installed version's are unpacked.
    assert.equal(await unpackEmptyCluster(dataDir, cluster, '0.4.0'), true);
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
  } finally {
    done();
  }
});

test('a cluster file that does not match its checksum (a checkout that changed it) is not unpacked', { skip }, async () => {
  const { base, done } = scratch();
  try {
    const cluster = copyOfCluster(base);
    truncateSync(new URL('empty-cluster.tar.br', cluster), 1000);
    const usable = usableCluster(cluster);
    assert.ok('reason' in usable && /checksum/.test(usable.reason));
    const dataDir = join(base, 'data');
    mkdirSync(dataDir);
    assert.equal(await unpackEmptyCluster(dataDir, cluster), false);
    assert.deepEqual(readdirSync(dataDir), []);
  } finally {
    done();
  }
});

/** What makes two clusters the same to Retain: databases, encodings and locales, settings, schema, migrations. */
async function describe(db: Db) {
  const databases = await sql`select datname, encoding, datcollate, datctype, datlocprovider from pg_database order by datname`.execute(db);
  // Settings that depend on where PGlite keeps its files or on the session are left out.
  const settings = await sql`select name, setting from pg_settings where name not in ('data_directory', 'config_file', 'hba_file', 'ident_file') order by name`.execute(db);
  const columns = await sql`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(db);
  const indexes = await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`.execute(db);
  const constraints = await sql`
    select conrelid::regclass::text as on_table, conname, pg_get_constraintdef(oid) as definition from pg_constraint
    where connamespace = 'public'::regnamespace order by on_table, conname`.execute(db);
  const migrations = await sql`select name from kysely_migration order by name`.execute(db);
  return { databases: databases.rows, settings: settings.rows, columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, migrations: migrations.rows };
}

/** Opens, describes and closes. */
async function described(options: Parameters<typeof openDatabase>[0]) {
  const opened = await openDatabase(options);
  try {
    return await describe(opened.db);
  } finally {
    await opened.close();
  }
}

test("a database made from the shipped cluster, on disk or in memory, holds the same databases, settings, schema and migrations as one made by PGlite's initdb", { skip }, async () => {
  const { base, done } = scratch();
  try {
    const unpacked = await described({ dataDir: join(base, 'unpacked') });
    const inMemory = await described({ dataDir: 'memory://' });
    const initdb = await described({ dataDir: join(base, 'initdb'), initdb: true });
    assert.deepEqual(unpacked.migrations.map((row) => (row as { name: string }).name).sort(), [...MIGRATION_NAMES].sort());
    assert.ok(unpacked.columns.length > 100, 'the migrations ran on the unpacked cluster');
    assert.deepEqual(unpacked, initdb);
    assert.deepEqual(inMemory, initdb);
  } finally {
    done();
  }
});

test('a directory left half-unpacked (a process stopped before PG_VERSION was written) is unpacked again on the next open', { skip }, async () => {
  const { base, done } = scratch();
  try {
    const dataDir = join(base, 'data');
    mkdirSync(dataDir);
    assert.equal(await unpackEmptyCluster(dataDir), true);
    const catalog = join(dataDir, 'base', '1', '1259');
    truncateSync(catalog, 100);
    rmSync(join(dataDir, 'PG_VERSION'));
    const opened = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::integer as n from kysely_migration`.execute(opened.db);
      assert.equal(rows[0]!.n, MIGRATION_NAMES.length);
    } finally {
      await opened.close();
    }
    assert.ok(readFileSync(catalog).length > 100);
  } finally {
    done();
  }
});

/** A one-entry ustar archive, its header checksum right. */
function tarOf(name: string, body: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000600\0', 100);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  data.write(body);
  return Buffer.concat([header, data, Buffer.alloc(1024)]);
}

async function* chunksOf(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

test('an archive is read entry by entry from chunks of any size, and a path leaving its root or an archive cut short is refused', async () => {
  const names: string[] = [];
  for (const size of [1, 7, 512, 4096]) {
    for await (const entry of tarEntries(chunksOf(tarOf('/base/1/PG_VERSION', '17\n'), size))) {
      let body = '';
      for await (const chunk of entry.data) body += chunk.toString();
      names.push(`${entry.type} ${entry.path} ${body}`);
    }
  }
  assert.deepEqual(names, Array(4).fill('file base/1/PG_VERSION 17\n'));
  const read = async (archive: Buffer) => {
    for await (const entry of tarEntries(chunksOf(archive, 100))) for await (const _ of entry.data);
  };
  await assert.rejects(read(tarOf('../outside', 'x')), /outside its root/);
  await assert.rejects(read(tarOf('/base/../../outside', 'x')), /outside its root/);
  await assert.rejects(read(tarOf('a-file', 'x'.repeat(600)).subarray(0, 700)), /ends inside a-file/);
  const spoiled = tarOf('a-file', 'x');
  spoiled[0] = 'b'.charCodeAt(0);
  await assert.rejects(read(spoiled), /checksum/);
});
