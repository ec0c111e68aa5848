import type { ListRequest } from '@strata/contracts';
import type { Upload } from '@strata/domain';
import { MONGO_UPLOAD_LIST, findListPage } from './mongo-list-query';
import type { Page, PageQuery, UploadRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import type { UploadDoc } from './mongo-models';

const toUpload = (doc: UploadDoc): Upload => doc.body as Upload;

/** Uploads, kept whole in `body`; the top-level fields are what queries filter and sort on. */
export class MongoUploadRepository implements UploadRepository {
  constructor(private readonly model: Model<UploadDoc>) {}

  async create(u: Upload): Promise<void> {
    await this.model.create({
      uploadId: u.uploadId,
      namespaceId: u.namespaceId,
      bucketId: u.bucketId,
      status: u.status,
      receivedHash: u.receivedHash,
      createdAt: u.createdAt,
      body: u,
    });
  }

  async find(namespaceId: string, bucketId: string, uploadId: string): Promise<Upload | null> {
    const doc = await this.model.findOne({ namespaceId, bucketId, uploadId }).lean<UploadDoc>().exec();
    return doc === null ? null : toUpload(doc);
  }

  async update(u: Upload, expectedStatus: Upload['status']): Promise<boolean> {
    // Compare-and-set on the status in the filter: of two concurrent confirms, one matches.
    const result = await this.model
      .updateOne(
        { namespaceId: u.namespaceId, bucketId: u.bucketId, uploadId: u.uploadId, status: expectedStatus },
        { $set: { status: u.status, receivedHash: u.receivedHash, body: u } },
      )
      .exec();
    return result.matchedCount > 0;
  }

  async delete(namespaceId: string, bucketId: string, uploadId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ namespaceId, bucketId, uploadId }).exec();
    return result.deletedCount > 0;
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<Upload>> {
    const [docs, total] = await Promise.all([
      this.model.find({ namespaceId, bucketId }).sort({ createdAt: -1, uploadId: -1 }).skip(page.offset).limit(page.limit).lean<UploadDoc[]>().exec(),
      this.model.countDocuments({ namespaceId, bucketId }).exec(),
    ]);
    return { results: docs.map(toUpload), total };
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<Upload> | null> {
    const page = await findListPage(this.model, MONGO_UPLOAD_LIST, { namespaceId, bucketId }, { createdAt: -1, uploadId: -1 }, request);
    return page === null ? null : { results: page.docs.map(toUpload), total: page.total };
  }

  async findCompletedByHash(namespaceId: string, bucketId: string, hash: string): Promise<Upload | null> {
    const doc = await this.model
      .findOne({ namespaceId, bucketId, status: 'COMPLETED', receivedHash: hash })
      .sort({ createdAt: 1 })
      .lean<UploadDoc>()
      .exec();
    return doc === null ? null : toUpload(doc);
  }
}
