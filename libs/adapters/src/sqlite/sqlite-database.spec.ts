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
