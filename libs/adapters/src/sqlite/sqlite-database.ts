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
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  busyTimeouts.set(db, busyTimeoutMs);
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

/** Each connection's busy timeout (writeWhenFree restores it after its attempt). */
const busyTimeouts = new WeakMap<SqliteDb, number>();

/** Pauses between attempts of writeWhenFree to take the write lock (ms; 0 = the event loop's next turn), the last repeated. */
const WRITE_RETRY_DELAYS_MS = [0, 0, 1, 1, 2, 2, 4];

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs a write transaction that begins with BEGIN IMMEDIATE (a better-sqlite3
 * `transaction(...).immediate()`) once the write lock is free, without blocking the thread while
 * another process holds it. SQLite's busy handler sleeps the thread between its attempts (1, 2,
 * 5, 10, 15, 20 ms...): a worker waiting for the other worker's commit could neither run its other
 * messages meanwhile nor take the lock when it was released (docs/benchmarks.md). Here the BEGIN
 * fails at once (busy timeout 0 for the attempt), the event loop runs other work, and the attempt
 * is made again a turn or a few milliseconds later, until the connection's busy timeout has
 * passed; then the SQLITE_BUSY error is thrown as the busy handler would have. `write` runs again
 * only after a failed attempt, which SQLite rolled back whole.
 */
export async function writeWhenFree<T>(db: SqliteDb, write: () => T): Promise<T> {
  const timeoutMs = busyTimeouts.get(db) ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    db.pragma('busy_timeout = 0');
    try {
      return write();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    } finally {
      db.pragma(`busy_timeout = ${timeoutMs}`);
    }
    const delayMs = WRITE_RETRY_DELAYS_MS[Math.min(attempt, WRITE_RETRY_DELAYS_MS.length - 1)] as number;
    await new Promise<void>((resolve) => (delayMs === 0 ? setImmediate(resolve) : setTimeout(resolve, delayMs)));
  }
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
      if (!isBusy(error) || Date.now() >= deadline) throw error;
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
