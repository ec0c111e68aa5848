import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite, retryWhileBusy, writeWhenFree } from './sqlite-database';

const busy = (code = 'SQLITE_BUSY'): Error => Object.assign(new Error('database is locked'), { code });

describe('retryWhileBusy (start-up lock conflicts SQLite reports without waiting)', () => {
  it('runs again while SQLite answers SQLITE_BUSY or one of its extended codes, then returns the result', () => {
    const codes = ['SQLITE_BUSY', 'SQLITE_BUSY_RECOVERY'];
    let calls = 0;
    const result = retryWhileBusy(() => {
      calls += 1;
      const code = codes.shift();
      if (code !== undefined) throw busy(code);
      return 'migrated';
    });
    expect(result).toBe('migrated');
    expect(calls).toBe(3);
  });

  it('throws other errors at once, and a lasting BUSY after the deadline', () => {
    let calls = 0;
    expect(() =>
      retryWhileBusy(() => {
        calls += 1;
        throw Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
      }),
    ).toThrow('no such table');
    expect(calls).toBe(1);
    expect(() => retryWhileBusy(() => { throw busy(); }, 60)).toThrow('database is locked');
  });

  it('migrates a file once when several connections open it together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-sqlite-'));
    try {
      const file = join(dir, 'm.db');
      const dbs = [openSqlite(file), openSqlite(file), openSqlite(file)];
      const migrations = ['CREATE TABLE t (id INTEGER PRIMARY KEY)', 'ALTER TABLE t ADD COLUMN name TEXT'];
      for (const db of dbs) migrate(db, 'm', migrations);
      const applied = dbs[2]?.prepare('SELECT version FROM m ORDER BY version').all();
      expect(applied).toEqual([{ version: 1 }, { version: 2 }]);
      expect(dbs[1]?.pragma('journal_mode', { simple: true })).toBe('wal');
      for (const db of dbs) db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeWhenFree (a write transaction that waits for another connection without blocking the thread)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-write-free-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function pair(busyTimeoutMs?: number) {
    const file = join(dir, 'shared.db');
    const holder = openSqlite(file);
    holder.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const writer = openSqlite(file, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
    const insert = (n: number) => writer.transaction(() => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n)).immediate();
    return { holder, writer, insert };
  }

  it('writes once the other connection commits, while the event loop keeps running, and restores the busy timeout', async () => {
    const { holder, writer, insert } = pair();
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare('INSERT INTO t (n) VALUES (?)').run(1);
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const write = writeWhenFree(writer, () => insert(2));
    let settled = false;
    void write.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The lock is held: not written yet, and timers ran meanwhile (a busy handler would have held the thread).
    expect(settled).toBe(false);
    expect(ticks).toBeGreaterThan(5);
    holder.exec('COMMIT');
    await write;
    clearInterval(ticker);
    expect(holder.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2]);
    expect(writer.pragma('busy_timeout', { simple: true })).toBe(10_000);
    holder.close();
    writer.close();
  });

  it('gives up with SQLITE_BUSY after the connection busy timeout, and throws other errors at once', async () => {
    const { holder, writer, insert } = pair(60);
    holder.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    await expect(writeWhenFree(writer, () => insert(1))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    holder.exec('ROLLBACK');
    let calls = 0;
    await expect(
      writeWhenFree(writer, () => {
        calls += 1;
        return writer.prepare('INSERT INTO nowhere (n) VALUES (1)').run();
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('no such table') });
    expect(calls).toBe(1);
    expect(writer.pragma('busy_timeout', { simple: true })).toBe(60);
    holder.close();
    writer.close();
  });
});
