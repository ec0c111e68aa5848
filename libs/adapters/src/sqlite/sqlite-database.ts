import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

/**
 * Opens a SQLite file shared by several processes: WAL so readers never block the writer, a busy
 * timeout so concurrent writers queue instead of failing, and NORMAL sync (safe in WAL mode: a
 * power cut may lose the last transactions, never corrupt the file).
 */
export function openSqlite(file: string, options: { busyTimeoutMs?: number } = {}): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Applies numbered migrations once, under an immediate transaction so processes that start at
 * the same time do not race.
 */
export function migrate(db: SqliteDb, table: string, migrations: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
  db.transaction(() => {
    const row = db.prepare(`SELECT MAX(version) AS v FROM ${table}`).get() as { v: number | null };
    const current = row.v ?? 0;
    migrations.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      db.exec(sql);
      db.prepare(`INSERT INTO ${table} (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
    });
  }).immediate();
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
