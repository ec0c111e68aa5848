import type { Schedule, ScheduleRun } from '@strata/domain';
import type { Page, PageQuery, ScheduleRepository } from '@strata/ports';
import { SqliteDb, json } from './sqlite-database';

type Row = { body: string };

/** Schedules and runs as JSON bodies, with the columns the queries filter and sort on. */
export class SqliteSchedules implements ScheduleRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(s: Schedule): Promise<void> {
    this.db
      .prepare('INSERT INTO schedules (schedule_id, namespace_id, bucket_id, body, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.scheduleId, s.namespaceId, s.bucketId, json(s), s.createdAt);
  }

  async find(namespaceId: string, scheduleId: string): Promise<Schedule | null> {
    const row = this.db.prepare('SELECT body FROM schedules WHERE namespace_id = ? AND schedule_id = ?').get(namespaceId, scheduleId) as
      | Row
      | undefined;
    return row === undefined ? null : (JSON.parse(row.body) as Schedule);
  }

  async list(namespaceId: string, query: PageQuery & { bucketId: string | null }): Promise<Page<Schedule>> {
    const where = `namespace_id = ?${query.bucketId === null ? '' : ' AND bucket_id = ?'}`;
    const params: unknown[] = query.bucketId === null ? [namespaceId] : [namespaceId, query.bucketId];
    const rows = this.db
      .prepare(`SELECT body FROM schedules WHERE ${where} ORDER BY created_at, schedule_id LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as Row[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM schedules WHERE ${where}`).get(...params) as { n: number };
    return { results: rows.map((r) => JSON.parse(r.body) as Schedule), total: n };
  }

  async listAll(): Promise<Schedule[]> {
    const rows = this.db.prepare('SELECT body FROM schedules ORDER BY created_at, schedule_id').all() as Row[];
    return rows.map((r) => JSON.parse(r.body) as Schedule);
  }

  async update(s: Schedule): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE schedules SET body = ?, bucket_id = ? WHERE namespace_id = ? AND schedule_id = ?')
      .run(json(s), s.bucketId, s.namespaceId, s.scheduleId);
    return result.changes > 0;
  }

  async delete(namespaceId: string, scheduleId: string): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        this.db.prepare('DELETE FROM schedule_runs WHERE namespace_id = ? AND schedule_id = ?').run(namespaceId, scheduleId);
        return this.db.prepare('DELETE FROM schedules WHERE namespace_id = ? AND schedule_id = ?').run(namespaceId, scheduleId).changes > 0;
      })
      .immediate();
  }

  async recordRun(run: ScheduleRun): Promise<boolean> {
    const result = this.db
      .prepare(
        'INSERT INTO schedule_runs (run_id, namespace_id, schedule_id, fired_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(run.runId, run.namespaceId, run.scheduleId, run.firedAt, json(run));
    return result.changes > 0;
  }

  async updateRun(run: ScheduleRun): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE schedule_runs SET body = ? WHERE namespace_id = ? AND run_id = ?')
      .run(json(run), run.namespaceId, run.runId);
    return result.changes > 0;
  }

  async listRuns(namespaceId: string, scheduleId: string, page: PageQuery): Promise<Page<ScheduleRun>> {
    const rows = this.db
      .prepare(
        'SELECT body FROM schedule_runs WHERE namespace_id = ? AND schedule_id = ? ORDER BY fired_at DESC, run_id DESC LIMIT ? OFFSET ?',
      )
      .all(namespaceId, scheduleId, page.limit, page.offset) as Row[];
    const { n } = this.db
      .prepare('SELECT COUNT(*) AS n FROM schedule_runs WHERE namespace_id = ? AND schedule_id = ?')
      .get(namespaceId, scheduleId) as { n: number };
    return { results: rows.map((r) => JSON.parse(r.body) as ScheduleRun), total: n };
  }
}
