import type { Schedule, ScheduleRun } from '@strata/domain';
import type { Page, PageQuery, ScheduleRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import type { MetadataModels, ScheduleDoc, ScheduleRunDoc } from './mongo-models';

/** Schedules and their runs, kept whole in `body`; the top-level fields are what queries use. */
export class MongoScheduleRepository implements ScheduleRepository {
  private readonly schedules: Model<ScheduleDoc>;
  private readonly runs: Model<ScheduleRunDoc>;

  constructor(models: Pick<MetadataModels, 'schedules' | 'scheduleRuns'>) {
    this.schedules = models.schedules;
    this.runs = models.scheduleRuns;
  }

  async create(s: Schedule): Promise<void> {
    await this.schedules.create({ scheduleId: s.scheduleId, namespaceId: s.namespaceId, bucketId: s.bucketId, createdAt: s.createdAt, body: s });
  }

  async find(namespaceId: string, scheduleId: string): Promise<Schedule | null> {
    const doc = await this.schedules.findOne({ namespaceId, scheduleId }).lean<ScheduleDoc>().exec();
    return doc === null ? null : (doc.body as Schedule);
  }

  async list(namespaceId: string, query: PageQuery & { bucketId: string | null }): Promise<Page<Schedule>> {
    const filter = query.bucketId === null ? { namespaceId } : { namespaceId, bucketId: query.bucketId };
    const [docs, total] = await Promise.all([
      this.schedules.find(filter).sort({ createdAt: 1, scheduleId: 1 }).skip(query.offset).limit(query.limit).lean<ScheduleDoc[]>().exec(),
      this.schedules.countDocuments(filter).exec(),
    ]);
    return { results: docs.map((d) => d.body as Schedule), total };
  }

  async listAll(): Promise<Schedule[]> {
    const docs = await this.schedules.find({}).sort({ createdAt: 1, scheduleId: 1 }).lean<ScheduleDoc[]>().exec();
    return docs.map((d) => d.body as Schedule);
  }

  async update(s: Schedule): Promise<boolean> {
    const result = await this.schedules
      .updateOne({ namespaceId: s.namespaceId, scheduleId: s.scheduleId }, { $set: { bucketId: s.bucketId, body: s } })
      .exec();
    return result.matchedCount > 0;
  }

  async delete(namespaceId: string, scheduleId: string): Promise<boolean> {
    const result = await this.schedules.deleteOne({ namespaceId, scheduleId }).exec();
    await this.runs.deleteMany({ namespaceId, scheduleId }).exec();
    return result.deletedCount > 0;
  }

  async recordRun(run: ScheduleRun): Promise<boolean> {
    // An insert-only upsert: the server says whether it inserted, so the same tick recorded twice
    // (even on a server without unique indexes) reports false the second time.
    const result = await this.runs
      .updateOne(
        { runId: run.runId },
        { $setOnInsert: { namespaceId: run.namespaceId, scheduleId: run.scheduleId, firedAt: run.firedAt, body: run } },
        { upsert: true },
      )
      .exec();
    return result.upsertedCount > 0;
  }

  async updateRun(run: ScheduleRun): Promise<boolean> {
    const result = await this.runs.updateOne({ namespaceId: run.namespaceId, runId: run.runId }, { $set: { body: run } }).exec();
    return result.matchedCount > 0;
  }

  async listRuns(namespaceId: string, scheduleId: string, page: PageQuery): Promise<Page<ScheduleRun>> {
    const [docs, total] = await Promise.all([
      this.runs.find({ namespaceId, scheduleId }).sort({ firedAt: -1, runId: -1 }).skip(page.offset).limit(page.limit).lean<ScheduleRunDoc[]>().exec(),
      this.runs.countDocuments({ namespaceId, scheduleId }).exec(),
    ]);
    return { results: docs.map((d) => d.body as ScheduleRun), total };
  }
}
