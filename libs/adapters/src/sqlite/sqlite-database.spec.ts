import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite, retryWhileBusy } from './sqlite-database';

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

describe('immediate transactions wait for the write lock in short pauses', () => {
  /** Another process takes the write lock of `file`, holds it `holdMs`, then commits one row. */
  function holdLock(file: string, holdMs: number): { locked: Promise<void>; done: Promise<void> } {
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(process.argv[1]);
      db.exec('BEGIN IMMEDIATE');
      db.prepare("INSERT INTO t (who) VALUES ('holder')").run();
      process.stdout.write('locked\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
      db.exec('COMMIT');
      db.close();`;
    const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const locked = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.on('exit', (code) => reject(new Error(`lock holder exited (${String(code)}) before taking the lock`)));
    });
    const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { locked, done };
  }

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-sqlite-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the transaction once, after the holder commits, and keeps the connection busy timeout', async () => {
    const file = join(dir, 'l.db');
    const db = openSqlite(file, { busyTimeoutMs: 10_000 });
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT NOT NULL)');
    const holder = holdLock(file, 300);
    await holder.locked;
    let runs = 0;
    db.transaction(() => {
      runs += 1;
      db.prepare("INSERT INTO t (who) VALUES ('waiter')").run();
    }).immediate();
    await holder.done;
    expect(runs).toBe(1);
    expect(db.prepare('SELECT who FROM t ORDER BY id').all()).toEqual([{ who: 'holder' }, { who: 'waiter' }]);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
    db.close();
  });

  it('throws SQLITE_BUSY once the busy timeout has passed, without running the transaction', async () => {
    const file = join(dir, 'l.db');
    const db = openSqlite(file, { busyTimeoutMs: 100 });
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT NOT NULL)');
    const holder = holdLock(file, 600);
    await holder.locked;
    let runs = 0;
    expect(() =>
      db.transaction(() => {
        runs += 1;
      }).immediate(),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }) as unknown as Error);
    expect(runs).toBe(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(100);
    await holder.done;
    db.close();
  });

  it('does not run a transaction again when its own body fails, and leaves savepoints to SQLite', () => {
    const db = openSqlite(join(dir, 'l.db'));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT NOT NULL)');
    let runs = 0;
    expect(() =>
      db.transaction(() => {
        runs += 1;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }).immediate(),
    ).toThrow('database is locked');
    expect(runs).toBe(1);
    const inner = db.transaction(() => db.prepare("INSERT INTO t (who) VALUES ('inner')").run());
    db.transaction(() => {
      inner.immediate();
      db.prepare("INSERT INTO t (who) VALUES ('outer')").run();
    }).immediate();
    expect(db.prepare('SELECT who FROM t ORDER BY id').all()).toEqual([{ who: 'inner' }, { who: 'outer' }]);
    db.close();
  });
});
