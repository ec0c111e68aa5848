import { type ListRequest, bucketRecord, runListRequest } from '@strata/contracts';
import { AlreadyExistsError, BatchStatus, Bucket } from '@strata/domain';
import type { BucketRepository, Page, PageQuery } from '@strata/ports';
import { copy } from './copy';
import {
  constraint,
  Tables,
  byCreated,
  pageOf,
  dropBatches,
  dropWhere,
} from './in-memory-tables';

export class InMemoryBucketRepository implements BucketRepository {
  constructor(private readonly t: Tables) {}

  async create(bucket: Bucket): Promise<void> {
    const taken = [...this.t.buckets.values()].some(
      (b) => b.bucketId === bucket.bucketId || (b.namespaceId === bucket.namespaceId && b.bucketName === bucket.bucketName),
    );
    if (taken) throw new AlreadyExistsError(`a bucket named '${bucket.bucketName}' already exists in this namespace`);
    if (!this.t.namespaces.has(bucket.namespaceId)) throw constraint(`FOREIGN KEY buckets.namespace_id ${bucket.namespaceId}`);
    this.t.buckets.set(bucket.bucketId, copy(bucket));
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null> {
    const found = [...this.t.buckets.values()].find(
      (b) => b.namespaceId === namespaceId && (b.bucketId === idOrName || b.bucketName === idOrName),
    );
    return found === undefined ? null : copy(found);
  }

  async update(
    namespaceId: string,
    bucketId: string,
    patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> },
    updatedAt: string,
  ): Promise<Bucket | null> {
    const b = this.t.buckets.get(bucketId);
    if (b === undefined || b.namespaceId !== namespaceId) return null;
    if (
      patch.bucketName !== undefined &&
      [...this.t.buckets.values()].some((o) => o.namespaceId === namespaceId && o.bucketId !== bucketId && o.bucketName === patch.bucketName)
    ) {
      throw new AlreadyExistsError(`a bucket named '${patch.bucketName}' already exists in this namespace`);
    }
    if (patch.bucketName !== undefined) b.bucketName = patch.bucketName;
    if (patch.description !== undefined) b.description = patch.description;
    if (patch.metadata !== undefined) b.metadata = copy(patch.metadata);
    b.updatedAt = updatedAt;
    return copy(b);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Bucket>> {
    return pageOf(
      [...this.t.buckets.values()].filter((b) => b.namespaceId === namespaceId).sort(byCreated((b: Bucket) => b.bucketId)),
      page,
    );
  }

  /** The reference semantics (runListRequest) over the namespace's buckets in list order. */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Bucket>> {
    const { results: all } = await this.list(namespaceId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, bucketRecord, request);
  }

  async stats(
    namespaceId: string,
    bucketId: string,
  ): Promise<{ objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }> {
    let objectCount = 0;
    let totalSizeBytes = 0;
    for (const o of this.t.objects.values()) {
      if (o.namespaceId !== namespaceId || o.bucketId !== bucketId) continue;
      objectCount += 1;
      for (const blob of o.blobs) totalSizeBytes += blob.sizeBytes;
    }
    const batchesByStatus: Partial<Record<BatchStatus, number>> = {};
    for (const b of this.t.batches.values()) {
      if (b.namespaceId === namespaceId && b.bucketId === bucketId) batchesByStatus[b.status] = (batchesByStatus[b.status] ?? 0) + 1;
    }
    return { objectCount, totalSizeBytes, batchesByStatus };
  }

  async statsMany(
    namespaceId: string,
    bucketIds: readonly string[],
  ): Promise<Map<string, { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>> {
    const out = new Map<string, { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>();
    for (const id of bucketIds) out.set(id, await this.stats(namespaceId, id));
    return out;
  }

  async delete(namespaceId: string, bucketId: string): Promise<boolean> {
    const b = this.t.buckets.get(bucketId);
    if (b === undefined || b.namespaceId !== namespaceId) return false;
    const inBucket = (v: { namespaceId: string; bucketId: string }): boolean => v.namespaceId === namespaceId && v.bucketId === bucketId;
    dropBatches(this.t, inBucket);
    const schedulesOfBucket = new Set([...this.t.schedules.values()].filter(inBucket).map((x) => x.scheduleId));
    dropWhere(this.t.scheduleRuns, (r) => schedulesOfBucket.has(r.scheduleId));
    dropWhere(this.t.schedules, inBucket);
    dropWhere(this.t.uploads, inBucket);
    dropWhere(this.t.objects, inBucket);
    // No tombstones for its objects, and those of objects deleted before go: the bucket's documents stay.
    dropWhere(this.t.deletedObjects, inBucket);
    this.t.buckets.delete(bucketId);
    return true;
  }
}
