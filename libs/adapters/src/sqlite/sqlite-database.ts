import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

/** WAL pages after which a commit checkpoints (SQLite's default: 1,000). */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Opens a SQLite file shared by several processes: WAL so readers never block the writer, a busy
 * timeout so concurrent writers queue instead of failing, and NORMAL sync (safe in WAL mode: a
 * power cut may lose the last transactions, never corrupt the file).
 */
export function openSqlite(file: string, options: { busyTimeoutMs?: number } = {}): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  // WAL is a property of the file: only its first opening converts it, and that conversion takes
  // an exclusive lock without running the busy handler, so concurrent first opens retry it.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') retryWhileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  // A checkpoint copies every page the WAL holds back into the file, one write per page, and the
  // commit that crosses the threshold pays for it. Pages written again before the next checkpoint
  // are copied once: at 10,000 pages (~40 MB of WAL) instead of SQLite's 1,000, a stream of
  // document and vector writes costs ~15-25% less (docs/benchmarks.md). The WAL file keeps the
  // size it reached; a checkpoint restarts it from its beginning.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('foreign_keys = ON');
  cacheStatements(db);
  return db;
}

/** Distinct SQL texts kept prepared per connection; the stores build a few hundred at most. */
const STATEMENT_CACHE_SIZE = 2_000;

/**
 * Makes `db.prepare` return the statement already prepared for the same SQL text: the stores
 * build their SQL per call, and compiling it again was a visible share of a GET batch
 * (docs/benchmarks.md). Safe because better-sqlite3 runs a statement synchronously to the end
 * (no store iterates one across an await) and no store changes a shared statement's mode.
 */
function cacheStatements(db: SqliteDb): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size < STATEMENT_CACHE_SIZE) cache.set(sql, statement);
    }
    return statement;
  }) as SqliteDb['prepare'];
}

/**
 * Applies numbered migrations once, under an immediate transaction so processes that start at
 * the same time do not race.
 */
/** A schema step: SQL, or code for a step SQL alone cannot express (it runs in the migration's transaction). */
export type Migration = string | ((db: SqliteDb) => void);

export function migrate(db: SqliteDb, table: string, migrations: readonly Migration[]): void {
  retryWhileBusy(() => db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`));
  retryWhileBusy(() => migrateOnce(db, table, migrations));
}

function migrateOnce(db: SqliteDb, table: string, migrations: readonly Migration[]): void {
  db.transaction(() => {
    const row = db.prepare(`SELECT MAX(version) AS v FROM ${table}`).get() as { v: number | null };
    const current = row.v ?? 0;
    migrations.forEach((step, index) => {
      const version = index + 1;
      if (version <= current) return;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.prepare(`INSERT INTO ${table} (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
    });
  }).immediate();
}

/**
 * Runs `fn` again while SQLite answers SQLITE_BUSY (up to `deadlineMs`). Some lock conflicts are
 * reported at once instead of through the busy timeout: a journal-mode switch, and a WAL file
 * being set up by another process that opened the new database at the same instant (four apps
 * starting together on a fresh DATA_DIR). Only for start-up work: it blocks the thread.
 */
export function retryWhileBusy<T>(fn: () => T, deadlineMs = 30_000): T {
  const deadline = Date.now() + deadlineMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(25 * attempt, 250));
    }
  }
}

export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** True for a SQLite unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
