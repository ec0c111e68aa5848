import type { ListRequest } from '@strata/contracts';
import { AlreadyExistsError, BatchStatus, Bucket, BucketSchema, UniqueKeyConfig } from '@strata/domain';
import { MONGO_BUCKET_LIST, findListPage } from './mongo-list-query';
import type { BucketRepository, Page, PageQuery } from '@strata/ports';
import type { BucketDoc, MetadataModels } from './mongo-models';
import { isDuplicateKey } from './mongo-models';

function toBucket(doc: BucketDoc): Bucket {
  return {
    namespaceId: doc.namespaceId,
    bucketId: doc.bucketId,
    bucketName: doc.bucketName,
    description: doc.description ?? null,
    bucketSchema: (doc.bucketSchema ?? { properties: {} }) as BucketSchema,
    uniqueKey: (doc.uniqueKey ?? null) as UniqueKeyConfig | null,
    metadata: doc.metadata ?? {},
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoBucketRepository implements BucketRepository {
  constructor(private readonly models: MetadataModels) {}

  async create(b: Bucket): Promise<void> {
    try {
      await this.models.buckets.create({
        bucketId: b.bucketId,
        namespaceId: b.namespaceId,
        bucketName: b.bucketName,
        description: b.description,
        bucketSchema: b.bucketSchema,
        uniqueKey: b.uniqueKey ?? null,
        metadata: b.metadata,
        createdAt: b.createdAt,
        updatedAt: b.updatedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a bucket named '${b.bucketName}' already exists in this namespace`);
      throw error;
    }
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null> {
    const doc = await this.models.buckets
      .findOne({ namespaceId, $or: [{ bucketId: idOrName }, { bucketName: idOrName }] })
      .lean<BucketDoc>()
      .exec();
    return doc === null ? null : toBucket(doc);
  }

  async update(
    namespaceId: string,
    bucketId: string,
    patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> },
    updatedAt: string,
  ): Promise<Bucket | null> {
    const set: Record<string, unknown> = { updatedAt };
    if (patch.bucketName !== undefined) set['bucketName'] = patch.bucketName;
    if (patch.description !== undefined) set['description'] = patch.description;
    if (patch.metadata !== undefined) set['metadata'] = patch.metadata;
    try {
      const doc = await this.models.buckets
        .findOneAndUpdate({ namespaceId, bucketId }, { $set: set }, { returnDocument: 'after' })
        .lean<BucketDoc>()
        .exec();
      return doc === null ? null : toBucket(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a bucket named '${patch.bucketName ?? ''}' already exists in this namespace`);
      throw error;
    }
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Bucket> | null> {
    const page = await findListPage(this.models.buckets, MONGO_BUCKET_LIST, { namespaceId }, { createdAt: 1, bucketId: 1 }, request);
    return page === null ? null : { results: page.docs.map(toBucket), total: page.total };
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Bucket>> {
    const [docs, total] = await Promise.all([
      this.models.buckets.find({ namespaceId }).sort({ createdAt: 1, bucketId: 1 }).skip(page.offset).limit(page.limit).lean<BucketDoc[]>().exec(),
      this.models.buckets.countDocuments({ namespaceId }).exec(),
    ]);
    return { results: docs.map(toBucket), total };
  }

  async stats(
    namespaceId: string,
    bucketId: string,
  ): Promise<{ objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }> {
    // Summed client-side from projected blob sizes: simple pipelines only, so CongoDB serves it too.
    const [objects, batches] = await Promise.all([
      this.models.objects
        .find({ namespaceId, bucketId }, { blobs: 1 })
        .lean<Array<{ blobs?: Array<{ sizeBytes?: unknown }> }>>()
        .exec(),
      this.models.batches.find({ namespaceId, bucketId }, { status: 1 }).lean<Array<{ status: BatchStatus }>>().exec(),
    ]);
    let totalSizeBytes = 0;
    for (const o of objects) {
      for (const blob of o.blobs ?? []) if (typeof blob.sizeBytes === 'number') totalSizeBytes += blob.sizeBytes;
    }
    const batchesByStatus: Partial<Record<BatchStatus, number>> = {};
    for (const b of batches) batchesByStatus[b.status] = (batchesByStatus[b.status] ?? 0) + 1;
    return { objectCount: objects.length, totalSizeBytes, batchesByStatus };
  }

  async statsMany(
    namespaceId: string,
    bucketIds: readonly string[],
  ): Promise<Map<string, { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>> {
    const out = new Map(bucketIds.map((id) => [id, { objectCount: 0, totalSizeBytes: 0, batchesByStatus: {} as Partial<Record<BatchStatus, number>> }]));
    if (bucketIds.length === 0) return out;
    const ids = [...out.keys()];
    // Two reads for the whole page, summed client-side as stats() does (CongoDB serves it too).
    const [objects, batches] = await Promise.all([
      this.models.objects
        .find({ namespaceId, bucketId: { $in: ids } }, { bucketId: 1, blobs: 1 })
        .lean<Array<{ bucketId: string; blobs?: Array<{ sizeBytes?: unknown }> }>>()
        .exec(),
      this.models.batches
        .find({ namespaceId, bucketId: { $in: ids } }, { bucketId: 1, status: 1 })
        .lean<Array<{ bucketId: string; status: BatchStatus }>>()
        .exec(),
    ]);
    for (const o of objects) {
      const stats = out.get(o.bucketId);
      if (stats === undefined) continue;
      stats.objectCount += 1;
      for (const blob of o.blobs ?? []) if (typeof blob.sizeBytes === 'number') stats.totalSizeBytes += blob.sizeBytes;
    }
    for (const b of batches) {
      const stats = out.get(b.bucketId);
      if (stats !== undefined) stats.batchesByStatus[b.status] = (stats.batchesByStatus[b.status] ?? 0) + 1;
    }
    return out;
  }

  /**
   * Children first, the bucket record last (no multi-collection transaction without a replica
   * set): a delete cut short leaves the bucket in place, and repeating it finishes the job.
   */
  async delete(namespaceId: string, bucketId: string): Promise<boolean> {
    const m = this.models;
    const exists = await m.buckets.exists({ namespaceId, bucketId }).exec();
    if (exists === null) return false;
    const batchIds = (await m.batches.find({ namespaceId, bucketId }, { batchId: 1 }).lean<Array<{ batchId: string }>>().exec()).map(
      (b) => b.batchId,
    );
    if (batchIds.length > 0) {
      await Promise.all([
        m.items.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.batchObjects.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.progress.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.tiers.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.batchLog.deleteMany({ batchId: { $in: batchIds } }).exec(),
      ]);
    }
    const scheduleIds = (await m.schedules.find({ namespaceId, bucketId }, { scheduleId: 1 }).lean<Array<{ scheduleId: string }>>().exec()).map(
      (s) => s.scheduleId,
    );
    await Promise.all([
      m.scheduleRuns.deleteMany({ namespaceId, scheduleId: { $in: scheduleIds } }).exec(),
      m.schedules.deleteMany({ namespaceId, bucketId }).exec(),
      m.batches.deleteMany({ namespaceId, bucketId }).exec(),
      m.uploads.deleteMany({ namespaceId, bucketId }).exec(),
      m.objects.deleteMany({ namespaceId, bucketId }).exec(),
      // No tombstones for its objects, and those of objects deleted before go: the bucket's documents stay (ADR 0050, 2026-12-07).
      m.deletedObjects.deleteMany({ namespaceId, bucketId }).exec(),
      // Collections stay, but no longer source from the deleted bucket.
      m.collections.updateMany({ namespaceId, sourceBucketIds: bucketId }, { $pull: { sourceBucketIds: bucketId } }).exec(),
    ]);
    const result = await m.buckets.deleteOne({ namespaceId, bucketId }).exec();
    return result.deletedCount > 0;
  }
}
