/**
 * The bare reference loop of `npm run bench`: the architecture guide's per-object work written
 * with better-sqlite3 and sqlite-vec directly, no Strata code. Per object: read a ~200-character
 * text from a file, split it into two chunks of at most 100 characters, hash-embed each chunk to
 * 384 floats, insert the document rows and the sqlite-vec vectors; 64 objects per transaction.
 * It is the ceiling the in-process loop and the pipeline are compared with.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sqliteVec from 'sqlite-vec';

const DIMENSIONS = 384;
const PER_TRANSACTION = 64;

/** Word and character-trigram feature hashing (FNV-1a), L2-normalized: the same kind of work as any hash embedder. */
function embed(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    const padded = `^${word}$`;
    for (let start = -1; start + 3 <= padded.length; start += 1) {
      // start -1 is the whole word; the others are the trigrams of the padded word.
      const [s, from, to] = start < 0 ? [word, 0, word.length] : [padded, start, start + 3];
      let h = 0x811c9dc5;
      for (let i = from; i < to; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      h >>>= 0;
      const idx = (h >>> 1) % DIMENSIONS;
      v[idx] = (v[idx] as number) + (h & 1 ? 1 : -1) * (start < 0 ? 1 : 0.5);
    }
  }
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i += 1) sum += (v[i] as number) ** 2;
  const scale = sum === 0 ? 0 : 1 / Math.sqrt(sum);
  for (let i = 0; i < DIMENSIONS; i += 1) v[i] = (v[i] as number) * scale;
  return v;
}

/** Two chunks of at most `size` characters, cut at the last space of the window. */
function split(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let end = Math.min(size, rest.length);
    if (end < rest.length) {
      const space = rest.lastIndexOf(' ', end);
      if (space > size * 0.8) end = space;
    }
    out.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  return out;
}

/**
 * Writes `texts` as files under `dir`, then times the loop over them. Returns objects per second.
 */
export function referenceLoop(dir: string, texts: readonly string[]): number {
  const blobs = join(dir, 'blobs');
  mkdirSync(blobs, { recursive: true });
  texts.forEach((t, i) => writeFileSync(join(blobs, `${i}.txt`), t));
  const db = new Database(join(dir, 'reference.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  sqliteVec.load(db);
  db.exec(`
    CREATE TABLE documents (id TEXT PRIMARY KEY, object_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, payload TEXT NOT NULL);
    CREATE VIRTUAL TABLE vectors USING vec0(embedding float[${DIMENSIONS}] distance_metric=cosine);
  `);
  const insertDocument = db.prepare('INSERT INTO documents (id, object_id, chunk_index, payload) VALUES (?, ?, ?, ?) RETURNING rowid');
  const insertVector = db.prepare('INSERT INTO vectors (rowid, embedding) VALUES (?, ?)');
  type Row = { id: string; objectId: string; index: number; text: string; vector: Float32Array };
  const writeChunk = db.transaction((rows: Row[]) => {
    for (const r of rows) {
      const { rowid } = insertDocument.get(r.id, r.objectId, r.index, JSON.stringify({ text: r.text, chunk_index: r.index })) as { rowid: number };
      insertVector.run(BigInt(rowid), Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength));
    }
  });
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < texts.length; offset += PER_TRANSACTION) {
    const rows: Row[] = [];
    for (let i = offset; i < Math.min(offset + PER_TRANSACTION, texts.length); i += 1) {
      const text = readFileSync(join(blobs, `${i}.txt`), 'utf8');
      const chunks = split(text, 100);
      chunks.forEach((chunk, index) => rows.push({ id: `doc_${i}_${index}`, objectId: `obj_${i}`, index, text: chunk, vector: embed(chunk) }));
    }
    writeChunk(rows);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return texts.length / seconds;
}
