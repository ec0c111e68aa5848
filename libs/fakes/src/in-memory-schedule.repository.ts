import { Schedule, ScheduleRun } from '@strata/domain';
import type { Page, PageQuery, ScheduleRepository } from '@strata/ports';
import { copy } from './copy';
import {
  constraint,
  Tables,
  byCreated,
  pageOf,
  dropWhere,
} from './in-memory-tables';

export class InMemoryScheduleRepository implements ScheduleRepository {
  constructor(private readonly t: Tables) {}

  async create(schedule: Schedule): Promise<void> {
    if (this.t.schedules.has(schedule.scheduleId)) throw constraint(`UNIQUE schedules.schedule_id ${schedule.scheduleId}`);
    this.t.schedules.set(schedule.scheduleId, copy(schedule));
  }

  async find(namespaceId: string, scheduleId: string): Promise<Schedule | null> {
    const s = this.t.schedules.get(scheduleId);
    return s === undefined || s.namespaceId !== namespaceId ? null : copy(s);
  }

  async list(namespaceId: string, query: PageQuery & { bucketId: string | null }): Promise<Page<Schedule>> {
    const all = [...this.t.schedules.values()]
      .filter((s) => s.namespaceId === namespaceId && (query.bucketId === null || s.bucketId === query.bucketId))
      .sort(byCreated((s) => s.scheduleId));
    return pageOf(all, query);
  }

  async listAll(): Promise<Schedule[]> {
    return [...this.t.schedules.values()].sort(byCreated((s) => s.scheduleId)).map(copy);
  }

  async update(schedule: Schedule): Promise<boolean> {
    const s = this.t.schedules.get(schedule.scheduleId);
    if (s === undefined || s.namespaceId !== schedule.namespaceId) return false;
    this.t.schedules.set(schedule.scheduleId, copy(schedule));
    return true;
  }

  async delete(namespaceId: string, scheduleId: string): Promise<boolean> {
    const s = this.t.schedules.get(scheduleId);
    if (s === undefined || s.namespaceId !== namespaceId) return false;
    dropWhere(this.t.scheduleRuns, (r) => r.scheduleId === scheduleId);
    this.t.schedules.delete(scheduleId);
    return true;
  }

  async recordRun(run: ScheduleRun): Promise<boolean> {
    if (this.t.scheduleRuns.has(run.runId)) return false;
    this.t.scheduleRuns.set(run.runId, copy(run));
    return true;
  }

  async updateRun(run: ScheduleRun): Promise<boolean> {
    const r = this.t.scheduleRuns.get(run.runId);
    if (r === undefined || r.namespaceId !== run.namespaceId) return false;
    this.t.scheduleRuns.set(run.runId, copy(run));
    return true;
  }

  async listRuns(namespaceId: string, scheduleId: string, page: PageQuery): Promise<Page<ScheduleRun>> {
    const all = [...this.t.scheduleRuns.values()]
      .filter((r) => r.namespaceId === namespaceId && r.scheduleId === scheduleId)
      .sort((a, b) => (a.firedAt === b.firedAt ? (a.runId < b.runId ? 1 : -1) : a.firedAt < b.firedAt ? 1 : -1));
    return pageOf(all, page);
  }
}
