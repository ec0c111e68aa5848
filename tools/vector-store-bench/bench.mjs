#!/usr/bin/env node
// Strata — embedded VectorStore benchmark: sqlite-vec (vec0 on better-sqlite3) vs LanceDB.
//
// Self-contained: run from this folder with
//   npm install && node bench.mjs [--n 10000] [--dim 384] [--queries 200] [--seed 20261129]
//                                 [--procs 2] [--no-ivf] [--scale 50000,100000|none]
//                                 [--json results.json] [--keep] [--conc-only]
//
// Both stores get the same seeded random data: N L2-normalised float32 vectors, each with a
// namespace_id (2 values), a collection_id (5 values) and a string document id.
// See README.md and docs/adr/0003-embedded-vector-store.md for how the figures are used.

import { fork, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import * as lancedb from '@lancedb/lancedb';

// apache-arrow ships separate CJS and ESM builds. @lancedb/lancedb is CJS and checks
// `instanceof arrow.Table`, so load the CJS build to share class identity with it
// (importing the ESM build gives "Table and inner RecordBatch schemas must be equivalent").
const require = createRequire(import.meta.url);
const arrow = require('apache-arrow');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = {
    n: 10_000,
    dim: 384,
    queries: 200,
    warmup: 10,
    seed: 20261129,
    procs: 2,
    ivf: true,
    json: null,
    keep: false,
    child: null,
    concOnly: false,
    scale: [50_000, 100_000],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--n') o.n = Number(next());
    else if (a === '--dim') o.dim = Number(next());
    else if (a === '--queries') o.queries = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--procs') o.procs = Number(next());
    else if (a === '--no-ivf') o.ivf = false;
    else if (a === '--json') o.json = next();
    else if (a === '--keep') o.keep = true;
    else if (a === '--conc-only') o.concOnly = true;
    else if (a === '--scale') o.scale = next() === 'none' ? [] : argv[i].split(',').map(Number);
    else if (a === '--child') o.child = JSON.parse(next());
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(SCRIPT, 'utf8').split('\n').slice(1, 12).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Seeded data
// ---------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  let u = 0;
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function normalizeInPlace(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

const NAMESPACES = ['ns_alpha', 'ns_beta'];
const COLLECTIONS = ['col_0', 'col_1', 'col_2', 'col_3', 'col_4'];

function hexId(rand, prefix) {
  let s = prefix;
  for (let i = 0; i < 4; i++) s += Math.floor(rand() * 0x10000).toString(16).padStart(4, '0');
  return s;
}

/** N normalised vectors (one flat Float32Array), metadata and unique string ids. */
function makeDataset(n, dim, seed, idPrefix = 'doc_') {
  const rand = mulberry32(seed);
  const vectors = new Float32Array(n * dim);
  const ns = new Array(n);
  const col = new Array(n);
  const ids = new Array(n);
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    const v = vectors.subarray(i * dim, (i + 1) * dim);
    for (let d = 0; d < dim; d++) v[d] = gaussian(rand);
    normalizeInPlace(v);
    ns[i] = NAMESPACES[Math.floor(rand() * NAMESPACES.length)];
    col[i] = COLLECTIONS[Math.floor(rand() * COLLECTIONS.length)];
    let id;
    do id = hexId(rand, idPrefix); while (seen.has(id));
    seen.add(id);
    ids[i] = id;
  }
  return { n, dim, vectors, ns, col, ids, vec: (i) => vectors.subarray(i * dim, (i + 1) * dim) };
}

/** Queries: a stored vector plus noise (so there is a true neighbour), and a random filter. */
function makeQueries(ds, count, seed) {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const out = [];
  for (let q = 0; q < count; q++) {
    const src = Math.floor(rand() * ds.n);
    const v = new Float32Array(ds.dim);
    const base = ds.vec(src);
    for (let d = 0; d < ds.dim; d++) v[d] = base[d] + 0.05 * gaussian(rand);
    normalizeInPlace(v);
    out.push({
      vector: v,
      ns: NAMESPACES[Math.floor(rand() * NAMESPACES.length)],
      col: COLLECTIONS[Math.floor(rand() * COLLECTIONS.length)],
    });
  }
  return out;
}

/** Exact top-k by cosine (vectors are normalised, so dot product), optionally filtered. */
function exactTopK(ds, q, k, filtered) {
  const top = []; // [score, idx] ascending by score, length <= k
  const { dim, vectors } = ds;
  for (let i = 0; i < ds.n; i++) {
    if (filtered && (ds.ns[i] !== q.ns || ds.col[i] !== q.col)) continue;
    let s = 0;
    const off = i * dim;
    for (let d = 0; d < dim; d++) s += vectors[off + d] * q.vector[d];
    if (top.length < k) {
      top.push([s, i]);
      top.sort((a, b) => a[0] - b[0]);
    } else if (s > top[0][0]) {
      top[0] = [s, i];
      top.sort((a, b) => a[0] - b[0]);
    }
  }
  return new Set(top.map(([, i]) => ds.ids[i]));
}

function recall(results, truth) {
  let hit = 0;
  let tot = 0;
  for (let i = 0; i < results.length; i++) {
    tot += truth[i].size;
    for (const id of results[i]) if (truth[i].has(id)) hit++;
  }
  return tot ? hit / tot : 1;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
const now = () => performance.now();
const f32buf = (f32) => Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength);

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: pick(0.5), p95: pick(0.95), max: s[s.length - 1] };
}

function duBytes(p) {
  try {
    return Number(execFileSync('du', ['-sk', p], { encoding: 'utf8' }).split(/\s+/)[0]) * 1024;
  } catch {
    return NaN;
  }
}

function fileBytes(p) {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
}

function countFiles(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

const fmtMs = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : 'n/a');
const fmtMB = (b) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(1)} MB` : 'n/a');

function log(...a) {
  console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
}

// ---------------------------------------------------------------------------------------------
// sqlite-vec store
// ---------------------------------------------------------------------------------------------
function sqliteOpen(file, dim, { create, partitionKey = true, chunkSize = null }) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  sqliteVec.load(db);
  if (create) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS vec_docs (
        id     INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS vec_items USING vec0(
        namespace_id  text${partitionKey ? ' partition key' : ''},
        collection_id text,
        embedding     float[${dim}] distance_metric=cosine${chunkSize ? `,\n        chunk_size=${chunkSize}` : ''}
      );
    `);
  }
  const insDoc = db.prepare('INSERT INTO vec_docs(doc_id) VALUES (?)');
  const upsDoc = db.prepare(
    'INSERT INTO vec_docs(doc_id) VALUES (?) ON CONFLICT(doc_id) DO UPDATE SET doc_id = excluded.doc_id RETURNING id',
  );
  const insVec = db.prepare(
    'INSERT INTO vec_items(rowid, namespace_id, collection_id, embedding) VALUES (?, ?, ?, ?)',
  );
  const delVec = db.prepare('DELETE FROM vec_items WHERE rowid = ?');
  const knnFiltered = db.prepare(`
    WITH knn AS (
      SELECT rowid, distance FROM vec_items
      WHERE embedding MATCH ? AND k = ? AND namespace_id = ? AND collection_id = ?
    )
    SELECT d.doc_id, knn.distance FROM knn JOIN vec_docs d ON d.id = knn.rowid ORDER BY knn.distance`);
  const knnAll = db.prepare(`
    WITH knn AS (
      SELECT rowid, distance FROM vec_items WHERE embedding MATCH ? AND k = ?
    )
    SELECT d.doc_id, knn.distance FROM knn JOIN vec_docs d ON d.id = knn.rowid ORDER BY knn.distance`);

  // Plain insert of new ids.
  const insertRows = db.transaction((rows) => {
    for (const r of rows) {
      const { lastInsertRowid } = insDoc.run(r.id);
      insVec.run(BigInt(lastInsertRowid), r.ns, r.col, f32buf(r.vector));
    }
  });
  // Upsert by document id: vec0 has no INSERT OR REPLACE / UPSERT and cannot UPDATE a partition
  // key, so replace = delete + insert under the same rowid, inside one transaction.
  const upsertRows = db.transaction((rows) => {
    for (const r of rows) {
      const { id } = upsDoc.get(r.id);
      const rowid = BigInt(id);
      delVec.run(rowid);
      insVec.run(rowid, r.ns, r.col, f32buf(r.vector));
    }
  });
  return {
    db,
    // Writers use BEGIN IMMEDIATE so a second process waits on busy_timeout instead of failing
    // with SQLITE_BUSY on a read->write lock upgrade.
    insert: (rows) => insertRows.immediate(rows),
    upsert: (rows) => upsertRows.immediate(rows),
    search: (q, k, filtered) =>
      (filtered
        ? knnFiltered.all(f32buf(q.vector), k, q.ns, q.col)
        : knnAll.all(f32buf(q.vector), k)
      ).map((r) => r.doc_id),
    count: () => ({
      vectors: db.prepare('SELECT count(*) AS c FROM vec_items').get().c,
      docs: db.prepare('SELECT count(*) AS c FROM vec_docs').get().c,
    }),
    close: () => db.close(),
  };
}

function rowsOf(ds, from, to) {
  const rows = [];
  for (let i = from; i < to; i++) rows.push({ id: ds.ids[i], ns: ds.ns[i], col: ds.col[i], vector: ds.vec(i) });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// LanceDB store
// ---------------------------------------------------------------------------------------------
function lanceSchema(dim) {
  return new arrow.Schema([
    new arrow.Field('id', new arrow.Utf8(), false),
    new arrow.Field('namespace_id', new arrow.Utf8(), false),
    new arrow.Field('collection_id', new arrow.Utf8(), false),
    new arrow.Field('vector', new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32(), true)), false),
  ]);
}

/** Build an Arrow table straight from typed arrays (no per-row JS objects for the vectors). */
function lanceBatch(schema, dim, rows) {
  const n = rows.length;
  const flat = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) flat.set(rows[i].vector, i * dim);
  const utf8 = (arr) => arrow.vectorFromArray(arr, new arrow.Utf8()).data[0];
  const child = arrow.makeData({ type: new arrow.Float32(), length: n * dim, data: flat });
  const vec = arrow.makeData({ type: schema.fields[3].type, length: n, nullCount: 0, child });
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: n,
    nullCount: 0,
    children: [utf8(rows.map((r) => r.id)), utf8(rows.map((r) => r.ns)), utf8(rows.map((r) => r.col)), vec],
  });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, struct)]);
}

const sqlStr = (s) => `'${String(s).replaceAll("'", "''")}'`;

async function lanceOpen(dir, dim, { create }) {
  const conn = await lancedb.connect(dir);
  const schema = lanceSchema(dim);
  const table = create
    ? await conn.createEmptyTable('vectors', schema, { mode: 'overwrite' })
    : await conn.openTable('vectors');
  const search = async (q, k, filtered, opts = {}) => {
    let query = table.search(q.vector).distanceType('cosine');
    if (filtered) query = query.where(`namespace_id = ${sqlStr(q.ns)} AND collection_id = ${sqlStr(q.col)}`);
    if (opts.bypassIndex) query = query.bypassVectorIndex();
    if (opts.refineFactor) query = query.refineFactor(opts.refineFactor);
    const rows = await query.select(['id', '_distance']).limit(k).toArray();
    return rows.map((r) => r.id);
  };
  return {
    conn,
    table,
    insert: (rows) => table.add(lanceBatch(schema, dim, rows)),
    upsert: (rows) =>
      table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(lanceBatch(schema, dim, rows)),
    search,
    count: async () => {
      const all = await table.query().select(['id']).toArray();
      return { vectors: await table.countRows(), distinctIds: new Set(all.map((r) => r.id)).size };
    },
    close: () => {
      table.close();
      conn.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmark phases
// ---------------------------------------------------------------------------------------------
async function timeInserts(store, ds, batch) {
  const t0 = now();
  for (let i = 0; i < ds.n; i += batch) await store.insert(rowsOf(ds, i, Math.min(ds.n, i + batch)));
  return now() - t0;
}

async function timeQueries(store, queries, warmup, k, filtered, opts) {
  for (let i = 0; i < warmup; i++) await store.search(queries[i % queries.length], k, filtered, opts);
  const lat = [];
  const results = [];
  for (const q of queries) {
    const t0 = now();
    results.push(await store.search(q, k, filtered, opts));
    lat.push(now() - t0);
  }
  return { ...stats(lat), results };
}

function makeUpsertRows(ds, count, seed) {
  const rand = mulberry32(seed ^ 0x85ebca6b);
  const idx = Array.from({ length: ds.n }, (_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, count).map((i) => {
    const v = new Float32Array(ds.dim);
    for (let d = 0; d < ds.dim; d++) v[d] = gaussian(rand);
    return { id: ds.ids[i], ns: ds.ns[i], col: ds.col[i], vector: normalizeInPlace(v) };
  });
}

const BATCHES = [500, 'single', 128, 64];

async function benchSqlite(ds, queries, truth, upserts, opt, tmp) {
  const r = { store: 'sqlite-vec', insert: {} };
  const K = 10;
  for (const b of BATCHES) {
    const file = path.join(tmp, `sqlite-${b}.db`);
    const s = sqliteOpen(file, ds.dim, { create: true });
    r.insert[b] = await timeInserts(s, ds, b === 'single' ? ds.n : b);
    log(`sqlite-vec insert batch=${b}: ${fmtMs(r.insert[b])} ms`);
    if (b === 128) {
      const q = await timeQueries(s, queries.slice(0, 50), 5, K, true);
      r.filteredAfterSmallBatches = q.mean;
    }
    if (b !== 500) {
      s.close();
      continue;
    }
    const qf = await timeQueries(s, queries, opt.warmup, K, true);
    const qa = await timeQueries(s, queries, opt.warmup, K, false);
    r.filtered = qf;
    r.unfiltered = qa;
    r.recallFiltered = recall(qf.results, truth.filtered);
    r.recallUnfiltered = recall(qa.results, truth.unfiltered);
    log(`sqlite-vec kNN filtered ${fmtMs(qf.mean)} ms, unfiltered ${fmtMs(qa.mean)} ms`);
    const t0 = now();
    for (let i = 0; i < upserts.length; i += 500) s.upsert(upserts.slice(i, i + 500));
    r.upsert = now() - t0;
    r.countAfterUpsert = s.count();
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    r.diskBytes = fileBytes(file) + fileBytes(`${file}-wal`) + fileBytes(`${file}-shm`);
    r.diskFiles = 1;
    s.close();
  }

  // Layout variant: namespace_id as an ordinary metadata column instead of a partition key.
  {
    const file = path.join(tmp, 'sqlite-nopartition.db');
    const s = sqliteOpen(file, ds.dim, { create: true, partitionKey: false });
    await timeInserts(s, ds, 500);
    const q = await timeQueries(s, queries, opt.warmup, K, true);
    r.filteredNoPartitionKey = q.mean;
    r.recallFilteredNoPartitionKey = recall(q.results, truth.filtered);
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    r.diskBytesNoPartitionKey = fileBytes(file);
    s.close();
  }
  // vec0 allocates vector storage per partition in chunks (chunk_size rows, default 1024), so
  // many small partitions cost disk: 1,000 vectors spread over 1 vs 200 namespaces.
  r.partitionOverhead = [];
  for (const chunkSize of [null, 64]) {
    for (const parts of [1, 200]) {
      const file = path.join(tmp, `sqlite-parts-${parts}-${chunkSize ?? 'default'}.db`);
      const s = sqliteOpen(file, ds.dim, { create: true, chunkSize });
      const rows = rowsOf(ds, 0, Math.min(1000, ds.n)).map((row, i) => ({ ...row, ns: `ns_${i % parts}` }));
      s.insert(rows);
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      r.partitionOverhead.push({ chunkSize: chunkSize ?? 1024, partitions: parts, rows: rows.length, bytes: fileBytes(file) });
      s.close();
    }
  }
  return r;
}

async function benchLance(ds, queries, truth, upserts, opt, tmp) {
  const r = { store: 'LanceDB', insert: {} };
  const K = 10;
  for (const b of BATCHES) {
    const dir = path.join(tmp, `lance-${b}`);
    const s = await lanceOpen(dir, ds.dim, { create: true });
    r.insert[b] = await timeInserts(s, ds, b === 'single' ? ds.n : b);
    log(`LanceDB insert batch=${b}: ${fmtMs(r.insert[b])} ms`);
    if (b === 128) {
      // Every add() is a new fragment + manifest version; show what that does to reads.
      r.versionsAfterSmallBatches = await s.table.version();
      r.diskFilesAfterSmallBatches = countFiles(dir);
      const q = await timeQueries(s, queries.slice(0, 50), 5, K, true);
      r.filteredAfterSmallBatches = q.mean;
      const t0 = now();
      await s.table.optimize({ cleanupOlderThan: new Date() });
      r.optimizeAfterSmallBatches = now() - t0;
      const q2 = await timeQueries(s, queries.slice(0, 50), 5, K, true);
      r.filteredAfterSmallBatchesOptimized = q2.mean;
      log(`LanceDB after 128-row adds: filtered ${fmtMs(q.mean)} ms, optimize ${fmtMs(r.optimizeAfterSmallBatches)} ms, then ${fmtMs(q2.mean)} ms`);
    }
    if (b !== 500) {
      s.close();
      continue;
    }
    const qf = await timeQueries(s, queries, opt.warmup, K, true);
    const qa = await timeQueries(s, queries, opt.warmup, K, false);
    r.filtered = qf;
    r.unfiltered = qa;
    r.recallFiltered = recall(qf.results, truth.filtered);
    r.recallUnfiltered = recall(qa.results, truth.unfiltered);
    log(`LanceDB kNN filtered ${fmtMs(qf.mean)} ms, unfiltered ${fmtMs(qa.mean)} ms`);
    const t0 = now();
    for (let i = 0; i < upserts.length; i += 500) await s.upsert(upserts.slice(i, i + 500));
    r.upsert = now() - t0;
    r.countAfterUpsert = await s.count();
    r.diskBytes = duBytes(dir);
    r.diskFiles = countFiles(dir);
    const t1 = now();
    await s.table.optimize({ cleanupOlderThan: new Date() });
    r.optimizeMs = now() - t1;
    r.diskBytesOptimized = duBytes(dir);
    r.diskFilesOptimized = countFiles(dir);

    if (opt.ivf) {
      // Optional: IVF_PQ index. Built on the post-upsert table, so recall is measured against
      // fresh ground truth for the current contents (computed by the caller via truthAfter).
      try {
        const numPartitions = Math.max(2, Math.round(Math.sqrt(ds.n)));
        const t2 = now();
        await s.table.createIndex('vector', {
          config: lancedb.Index.ivfPq({ numPartitions, numSubVectors: ds.dim / 8, distanceType: 'cosine' }),
        });
        r.ivf = { buildMs: now() - t2, numPartitions, numSubVectors: ds.dim / 8 };
        const fi = await timeQueries(s, queries, opt.warmup, K, true);
        const ui = await timeQueries(s, queries, opt.warmup, K, false);
        const fflat = await timeQueries(s, queries, 0, K, true, { bypassIndex: true });
        const uflat = await timeQueries(s, queries, 0, K, false, { bypassIndex: true });
        const fir = await timeQueries(s, queries, opt.warmup, K, true, { refineFactor: 10 });
        const uir = await timeQueries(s, queries, opt.warmup, K, false, { refineFactor: 10 });
        r.ivf.filtered = fi.mean;
        r.ivf.unfiltered = ui.mean;
        r.ivf.filteredRefine = fir.mean;
        r.ivf.unfilteredRefine = uir.mean;
        r.ivf.recallFilteredRefine = recall(fir.results, fflat.results.map((x) => new Set(x)));
        r.ivf.recallUnfilteredRefine = recall(uir.results, uflat.results.map((x) => new Set(x)));
        // Recall of the index vs an exact (index-bypassing) search of the same table.
        r.ivf.recallFiltered = recall(fi.results, fflat.results.map((x) => new Set(x)));
        r.ivf.recallUnfiltered = recall(ui.results, uflat.results.map((x) => new Set(x)));
        r.ivf.diskBytes = duBytes(dir);
        log(`LanceDB IVF_PQ build ${fmtMs(r.ivf.buildMs)} ms, filtered ${fmtMs(fi.mean)} ms, unfiltered ${fmtMs(ui.mean)} ms`);
      } catch (e) {
        r.ivf = { error: String(e?.message ?? e).split('\n')[0] };
        log(`LanceDB IVF_PQ failed: ${r.ivf.error}`);
      }
    }
    s.close();
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Scaling: both stores are exact (brute-force) without an index, so latency grows with N.
// ---------------------------------------------------------------------------------------------
async function benchScale(sizes, opt, tmp) {
  const out = [];
  for (const n of sizes) {
    log(`scale: generating ${n} x ${opt.dim}`);
    const ds = makeDataset(n, opt.dim, opt.seed + n);
    const queries = makeQueries(ds, 40, opt.seed + n);
    const r = { n };
    {
      const file = path.join(tmp, `scale-${n}.db`);
      const s = sqliteOpen(file, ds.dim, { create: true });
      const t0 = now();
      for (let i = 0; i < n; i += 1000) s.insert(rowsOf(ds, i, Math.min(n, i + 1000)));
      r.sqliteInsert = now() - t0;
      r.sqliteFiltered = (await timeQueries(s, queries, 5, 10, true)).mean;
      r.sqliteUnfiltered = (await timeQueries(s, queries, 5, 10, false)).mean;
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      r.sqliteDisk = fileBytes(file);
      s.close();
      fs.rmSync(file, { force: true });
    }
    {
      const dir = path.join(tmp, `scale-lance-${n}`);
      const s = await lanceOpen(dir, ds.dim, { create: true });
      const t0 = now();
      for (let i = 0; i < n; i += 10_000) await s.insert(rowsOf(ds, i, Math.min(n, i + 10_000)));
      r.lanceInsert = now() - t0;
      r.lanceFiltered = (await timeQueries(s, queries, 5, 10, true)).mean;
      r.lanceUnfiltered = (await timeQueries(s, queries, 5, 10, false)).mean;
      r.lanceDisk = duBytes(dir);
      s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    log(`scale ${n}: sqlite-vec ${fmtMs(r.sqliteFiltered)} / ${fmtMs(r.sqliteUnfiltered)} ms, LanceDB ${fmtMs(r.lanceFiltered)} / ${fmtMs(r.lanceUnfiltered)} ms`);
    out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Multi-process write test
// ---------------------------------------------------------------------------------------------
const CONC = { rowsPerProc: 2000, batch: 100 };
const CONC_MODES = ['insert', 'upsert-disjoint', 'upsert-same-ids'];

async function childMain(cfg) {
  // cfg: { store, target, worker, mode, rows, batch, dim, seed }
  const ds = makeDataset(
    cfg.rows,
    cfg.dim,
    cfg.seed + 1000 + cfg.worker,
    cfg.mode === 'upsert-same-ids' ? 'same_' : `w${cfg.worker}_`,
  );
  if (cfg.mode === 'upsert-same-ids') {
    // Same ids in every process (e.g. a job retried by two workers), different vectors.
    const shared = makeDataset(cfg.rows, 8, cfg.seed + 999, 'same_');
    ds.ids = shared.ids;
    ds.ns = shared.ns;
    ds.col = shared.col;
  }
  let store;
  const res = { worker: cfg.worker, okBatches: 0, failedBatches: 0, errors: [], ms: 0, attempts: 0 };
  try {
    store =
      cfg.store === 'sqlite-vec'
        ? sqliteOpen(cfg.target, cfg.dim, { create: false })
        : await lanceOpen(cfg.target, cfg.dim, { create: false });
  } catch (e) {
    res.errors.push(`open: ${String(e?.message ?? e).split('\n')[0]}`);
    process.send({ type: 'ready' });
    process.send({ type: 'done', res }, () => process.exit(0));
    return;
  }
  await new Promise((resolve) => {
    process.on('message', (m) => m === 'go' && resolve());
    process.send({ type: 'ready' });
  });
  const t0 = now();
  const passes = cfg.mode === 'insert' ? 1 : 2; // upsert modes write every id twice
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < ds.n; i += cfg.batch) {
      const rows = rowsOf(ds, i, Math.min(ds.n, i + cfg.batch));
      try {
        const out = cfg.mode === 'insert' ? await store.insert(rows) : await store.upsert(rows);
        if (out && typeof out.numAttempts === 'number') res.attempts += out.numAttempts;
        res.okBatches++;
      } catch (e) {
        res.failedBatches++;
        if (res.errors.length < 3) res.errors.push(String(e?.message ?? e).split('\n')[0].slice(0, 200));
      }
    }
  }
  res.ms = now() - t0;
  try {
    store.close();
  } catch {
    /* ignore */
  }
  // The IPC channel would keep the child alive; exit once the result is flushed.
  process.send({ type: 'done', res }, () => process.exit(0));
}

async function runConcurrent(storeName, mode, opt, tmp) {
  const target =
    storeName === 'sqlite-vec' ? path.join(tmp, `conc-${mode}.db`) : path.join(tmp, `conc-lance-${mode}`);
  // Create the empty store first, then let the children write.
  if (storeName === 'sqlite-vec') sqliteOpen(target, opt.dim, { create: true }).close();
  else (await lanceOpen(target, opt.dim, { create: true })).close();

  const children = [];
  const readies = [];
  const dones = [];
  for (let w = 0; w < opt.procs; w++) {
    const cfg = { store: storeName, target, worker: w, mode, rows: CONC.rowsPerProc, batch: CONC.batch, dim: opt.dim, seed: opt.seed };
    const c = fork(SCRIPT, ['--child', JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    children.push(c);
    readies.push(new Promise((res) => c.on('message', (m) => m?.type === 'ready' && res())));
    dones.push(
      new Promise((res) => {
        let got = null;
        c.on('message', (m) => m?.type === 'done' && (got = m.res));
        c.on('exit', (code, signal) =>
          res(got ?? { worker: w, crashed: true, code, signal, errors: [stderr.split('\n').filter(Boolean).slice(-1)[0] ?? 'exited'] }),
        );
      }),
    );
  }
  await Promise.all(readies);
  const t0 = now();
  for (const c of children) c.send('go');
  const results = await Promise.all(dones);
  const wall = now() - t0;

  const expected = mode === 'upsert-same-ids' ? CONC.rowsPerProc : CONC.rowsPerProc * opt.procs;
  let count;
  let integrity = 'n/a';
  if (storeName === 'sqlite-vec') {
    const s = sqliteOpen(target, opt.dim, { create: false });
    count = s.count();
    integrity = s.db.pragma('integrity_check', { simple: true });
    s.close();
  } else {
    const s = await lanceOpen(target, opt.dim, { create: false });
    count = await s.count();
    s.close();
  }
  const out = {
    store: storeName,
    mode,
    procs: opt.procs,
    expected,
    count,
    integrity,
    wallMs: wall,
    failedBatches: results.reduce((a, r) => a + (r.failedBatches ?? 0), 0),
    crashed: results.some((r) => r.crashed),
    attempts: results.reduce((a, r) => a + (r.attempts ?? 0), 0),
    errors: [...new Set(results.flatMap((r) => r.errors ?? []))].slice(0, 3),
  };
  const rows = out.count.vectors;
  const distinct = out.count.distinctIds ?? out.count.docs;
  out.ok = !out.crashed && out.failedBatches === 0 && rows === expected && distinct === expected;
  log(`concurrency ${storeName} ${mode}: rows=${rows} distinct=${distinct} expected=${expected} failedBatches=${out.failedBatches} ${out.ok ? 'OK' : 'PROBLEM'}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Footprint
// ---------------------------------------------------------------------------------------------
function footprint() {
  const nm = path.join(HERE, 'node_modules');
  const size = (...ps) => ps.reduce((a, p) => a + (fs.existsSync(path.join(nm, p)) ? duBytes(path.join(nm, p)) : 0), 0);
  const lanceBin = path.join(nm, '@lancedb', `lancedb-${process.platform}-${process.arch}-gnu`, `lancedb.${process.platform}-${process.arch}-gnu.node`);
  const vecBin = path.join(nm, `sqlite-vec-${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`, 'vec0.so');
  const bsqlBin = path.join(nm, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return {
    lancedbPkgs: size('@lancedb'),
    lancedbWithDeps: size('@lancedb', 'apache-arrow', 'flatbuffers', 'openai', 'reflect-metadata'),
    sqliteVecPkgs: size('sqlite-vec', `sqlite-vec-${process.platform}-${process.arch}`),
    betterSqlite3: size('better-sqlite3'),
    nodeModulesTotal: duBytes(nm),
    lancedbBinary: fileBytes(lanceBin),
    sqliteVecBinary: fileBytes(vecBin),
    betterSqlite3Binary: fileBytes(bsqlBin),
  };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
function printReport(meta, sq, la, conc, fp, scale) {
  const lines = [];
  const row = (name, a, b, fmt = fmtMs, ratio = true) => {
    const r = ratio && Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(2)}x` : '';
    lines.push(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${r} |`);
  };
  lines.push(`\nStrata vector-store bench — ${meta.date} — node ${process.version}, ${os.cpus().length} cpu, ${meta.n} x ${meta.dim}d, ${meta.queries} queries, seed ${meta.seed}`);
  lines.push(`sqlite ${meta.sqliteVersion}, sqlite-vec ${meta.vecVersion}, @lancedb/lancedb ${meta.lancedbVersion}, apache-arrow ${meta.arrowVersion}\n`);
  lines.push('| metric | sqlite-vec | LanceDB | LanceDB / sqlite-vec |');
  lines.push('| --- | ---: | ---: | ---: |');
  row(`insert ${meta.n}, batches of 500 (ms)`, sq.insert[500], la.insert[500]);
  row(`insert ${meta.n}, one batch (ms)`, sq.insert.single, la.insert.single);
  row(`insert ${meta.n}, batches of 128 (ms)`, sq.insert[128], la.insert[128]);
  row(`insert ${meta.n}, batches of 64 (ms)`, sq.insert[64], la.insert[64]);
  row('  = per 128-row batch (ms)', (sq.insert[128] / Math.ceil(meta.n / 128)), (la.insert[128] / Math.ceil(meta.n / 128)));
  row('filtered kNN k=10, mean (ms)', sq.filtered.mean, la.filtered.mean);
  row('filtered kNN k=10, p95 (ms)', sq.filtered.p95, la.filtered.p95);
  row('unfiltered kNN k=10, mean (ms)', sq.unfiltered.mean, la.unfiltered.mean);
  row('unfiltered kNN k=10, p95 (ms)', sq.unfiltered.p95, la.unfiltered.p95);
  row('filtered kNN after 128-row batches, mean (ms)', sq.filteredAfterSmallBatches, la.filteredAfterSmallBatches);
  row('filtered kNN, namespace_id NOT a partition key (ms)', sq.filteredNoPartitionKey, NaN);
  row('recall@10 filtered / unfiltered vs exact', `${sq.recallFiltered.toFixed(3)} / ${sq.recallUnfiltered.toFixed(3)}`, `${la.recallFiltered.toFixed(3)} / ${la.recallUnfiltered.toFixed(3)}`, String, false);
  row('upsert 1,000 existing ids (ms)', sq.upsert, la.upsert);
  row('rows after upsert', sq.countAfterUpsert.vectors, la.countAfterUpsert.vectors, String, false);
  row(`on disk after 500-batches + upsert`, sq.diskBytes, la.diskBytes, fmtMB);
  row('files on disk', sq.diskFiles, la.diskFiles, String, false);
  row('installed: store packages only (du)', fp.sqliteVecPkgs, fp.lancedbWithDeps, fmtMB);
  row('installed incl. better-sqlite3 (du)', fp.sqliteVecPkgs + fp.betterSqlite3, fp.lancedbWithDeps, fmtMB);
  row('native binary size', fp.sqliteVecBinary + fp.betterSqlite3Binary, fp.lancedbBinary, fmtMB);
  lines.push('');
  lines.push(
    `sqlite-vec extras: without the partition key, filtered kNN ${fmtMs(sq.filteredNoPartitionKey)} ms (recall ${sq.recallFilteredNoPartitionKey.toFixed(3)}), file ${fmtMB(sq.diskBytesNoPartitionKey)}. ` +
      `Partition overhead (1,000 vectors): ${sq.partitionOverhead.map((p) => `${p.partitions} partition(s), chunk_size ${p.chunkSize}: ${fmtMB(p.bytes)}`).join('; ')}.`,
  );
  lines.push(`LanceDB extras: 128-row adds -> table version ${la.versionsAfterSmallBatches}, ${la.diskFilesAfterSmallBatches} files; filtered kNN ${fmtMs(la.filteredAfterSmallBatches)} ms -> optimize() ${fmtMs(la.optimizeAfterSmallBatches)} ms -> ${fmtMs(la.filteredAfterSmallBatchesOptimized)} ms.`);
  lines.push(`LanceDB main table: optimize() ${fmtMs(la.optimizeMs)} ms, disk ${fmtMB(la.diskBytes)} / ${la.diskFiles} files -> ${fmtMB(la.diskBytesOptimized)} / ${la.diskFilesOptimized} files.`);
  if (la.ivf?.error) lines.push(`LanceDB IVF_PQ: failed: ${la.ivf.error}`);
  else if (la.ivf)
    lines.push(
      `LanceDB IVF_PQ (${la.ivf.numPartitions} partitions, ${la.ivf.numSubVectors} sub-vectors): build ${fmtMs(la.ivf.buildMs)} ms; filtered ${fmtMs(la.ivf.filtered)} ms (recall@10 ${la.ivf.recallFiltered.toFixed(3)}), unfiltered ${fmtMs(la.ivf.unfiltered)} ms (recall@10 ${la.ivf.recallUnfiltered.toFixed(3)}); with refineFactor(10): filtered ${fmtMs(la.ivf.filteredRefine)} ms (recall ${la.ivf.recallFilteredRefine.toFixed(3)}), unfiltered ${fmtMs(la.ivf.unfilteredRefine)} ms (recall ${la.ivf.recallUnfilteredRefine.toFixed(3)}); disk ${fmtMB(la.ivf.diskBytes)}.`,
    );
  lines.push(`Install footprint (du): node_modules/@lancedb ${fmtMB(fp.lancedbPkgs)}; LanceDB + arrow + deps ${fmtMB(fp.lancedbWithDeps)}; sqlite-vec ${fmtMB(fp.sqliteVecPkgs)}; better-sqlite3 (built from source) ${fmtMB(fp.betterSqlite3)}; whole node_modules ${fmtMB(fp.nodeModulesTotal)}.`);
  if (scale.length) {
    lines.push('');
    lines.push('Scaling (no index, exact search; 40 queries, k=10; sqlite-vec inserted in 1,000-row transactions, LanceDB in 10,000-row adds):');
    lines.push('| N | sqlite-vec filtered (ms) | sqlite-vec unfiltered (ms) | LanceDB filtered (ms) | LanceDB unfiltered (ms) | sqlite-vec insert (ms) | LanceDB insert (ms) | sqlite-vec disk | LanceDB disk |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of scale)
      lines.push(`| ${r.n} | ${fmtMs(r.sqliteFiltered)} | ${fmtMs(r.sqliteUnfiltered)} | ${fmtMs(r.lanceFiltered)} | ${fmtMs(r.lanceUnfiltered)} | ${fmtMs(r.sqliteInsert)} | ${fmtMs(r.lanceInsert)} | ${fmtMB(r.sqliteDisk)} | ${fmtMB(r.lanceDisk)} |`);
  }
  lines.push('');
  lines.push(`Multi-process writes: ${meta.procs} processes x ${CONC.rowsPerProc} rows, ${CONC.batch} rows per transaction/add (upsert modes write every id twice).`);
  lines.push('| store | mode | rows after | distinct ids | expected | failed batches | commit attempts | wall (ms) | result |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const c of conc) {
    const distinct = c.count.distinctIds ?? c.count.docs;
    const note = c.ok ? 'OK' : `PROBLEM${c.errors.length ? `: ${c.errors[0]}` : ''}`;
    lines.push(`| ${c.store} | ${c.mode} | ${c.count.vectors} | ${distinct} | ${c.expected} | ${c.failedBatches} | ${c.attempts || 'n/a'} | ${fmtMs(c.wallMs)} | ${note} |`);
  }
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
async function main() {
  const opt = parseArgs(process.argv.slice(2));
  if (opt.child) return childMain(opt.child);

  const pkgVersion = (p) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', p, 'package.json'), 'utf8')).version;
  const probe = new Database(':memory:');
  sqliteVec.load(probe);
  const { sv, vv } = probe.prepare('SELECT sqlite_version() AS sv, vec_version() AS vv').get();
  probe.close();
  const meta = {
    date: new Date().toISOString(),
    n: opt.n,
    dim: opt.dim,
    queries: opt.queries,
    seed: opt.seed,
    procs: opt.procs,
    sqliteVersion: sv,
    vecVersion: vv,
    lancedbVersion: pkgVersion('@lancedb/lancedb'),
    arrowVersion: pkgVersion('apache-arrow'),
    betterSqlite3Version: pkgVersion('better-sqlite3'),
  };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-vsb-'));
  log(`temp dir ${tmp}`);
  try {
    if (opt.concOnly) {
      const conc = [];
      for (const mode of CONC_MODES) {
        for (const store of ['sqlite-vec', 'LanceDB']) conc.push(await runConcurrent(store, mode, opt, tmp));
      }
      console.log(JSON.stringify(conc, null, 1));
      return;
    }
    log(`generating ${opt.n} x ${opt.dim} vectors (seed ${opt.seed})`);
    const ds = makeDataset(opt.n, opt.dim, opt.seed);
    const queries = makeQueries(ds, opt.queries, opt.seed);
    const truth = {
      filtered: queries.map((q) => exactTopK(ds, q, 10, true)),
      unfiltered: queries.map((q) => exactTopK(ds, q, 10, false)),
    };
    const upserts = makeUpsertRows(ds, Math.min(1000, opt.n), opt.seed);

    const sq = await benchSqlite(ds, queries, truth, upserts, opt, tmp);
    const la = await benchLance(ds, queries, truth, upserts, opt, tmp);

    const conc = [];
    for (const mode of CONC_MODES) {
      for (const store of ['sqlite-vec', 'LanceDB']) conc.push(await runConcurrent(store, mode, opt, tmp));
    }
    const scale = await benchScale(opt.scale, opt, tmp);
    const fp = footprint();
    for (const r of [sq, la]) {
      delete r.filtered.results;
      delete r.unfiltered.results;
    }
    printReport(meta, sq, la, conc, fp, scale);
    if (opt.json)
      fs.writeFileSync(opt.json, JSON.stringify({ meta, sqliteVec: sq, lancedb: la, concurrency: conc, scale, footprint: fp }, null, 2));
  } finally {
    if (opt.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
