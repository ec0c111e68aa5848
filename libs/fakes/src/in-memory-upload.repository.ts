import { type ListRequest, runListRequest, uploadRecord } from '@strata/contracts';
import { Upload } from '@strata/domain';
import type { Page, PageQuery, UploadRepository } from '@strata/ports';
import { copy } from './copy';
import { constraint, Tables, byCreated, pageOf } from './in-memory-tables';

export class InMemoryUploadRepository implements UploadRepository {
  constructor(private readonly t: Tables) {}

  private inBucket(namespaceId: string, bucketId: string, uploadId: string): Upload | undefined {
    const u = this.t.uploads.get(uploadId);
    return u !== undefined && u.namespaceId === namespaceId && u.bucketId === bucketId ? u : undefined;
  }

  async create(upload: Upload): Promise<void> {
    if (this.t.uploads.has(upload.uploadId)) throw constraint(`UNIQUE uploads.upload_id ${upload.uploadId}`);
    this.t.uploads.set(upload.uploadId, copy(upload));
  }

  async find(namespaceId: string, bucketId: string, uploadId: string): Promise<Upload | null> {
    const u = this.inBucket(namespaceId, bucketId, uploadId);
    return u === undefined ? null : copy(u);
  }

  async update(upload: Upload, expectedStatus: Upload['status']): Promise<boolean> {
    const u = this.inBucket(upload.namespaceId, upload.bucketId, upload.uploadId);
    if (u === undefined || u.status !== expectedStatus) return false;
    this.t.uploads.set(upload.uploadId, copy(upload));
    return true;
  }

  async delete(namespaceId: string, bucketId: string, uploadId: string): Promise<boolean> {
    if (this.inBucket(namespaceId, bucketId, uploadId) === undefined) return false;
    this.t.uploads.delete(uploadId);
    return true;
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<Upload>> {
    const all = [...this.t.uploads.values()]
      .filter((u) => u.namespaceId === namespaceId && u.bucketId === bucketId)
      .sort(byCreated((u: Upload) => u.uploadId))
      .reverse();
    return pageOf(all, page);
  }

  /** The reference semantics (runListRequest) over the bucket's uploads in list order. */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<Upload>> {
    const { results: all } = await this.list(namespaceId, bucketId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, (u) => uploadRecord(u), request);
  }

  async findCompletedByHash(namespaceId: string, bucketId: string, hash: string): Promise<Upload | null> {
    const found = [...this.t.uploads.values()]
      .filter((u) => u.namespaceId === namespaceId && u.bucketId === bucketId && u.status === 'COMPLETED' && u.receivedHash === hash)
      .sort(byCreated((u: Upload) => u.uploadId))[0];
    return found === undefined ? null : copy(found);
  }
}
