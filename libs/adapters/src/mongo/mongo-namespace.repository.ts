import type { ListRequest } from '@strata/contracts';
import { AlreadyExistsError, Namespace } from '@strata/domain';
import { MONGO_NAMESPACE_LIST, findListPage } from './mongo-list-query';
import type { NamespaceRepository, Page, PageQuery } from '@strata/ports';
import type { MetadataModels, NamespaceDoc } from './mongo-models';
import { isDuplicateKey } from './mongo-models';

function toNamespace(doc: NamespaceDoc): Namespace {
  return {
    namespaceId: doc.namespaceId,
    namespaceName: doc.namespaceName,
    description: doc.description ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoNamespaceRepository implements NamespaceRepository {
  constructor(private readonly models: MetadataModels) {}

  async create(ns: Namespace): Promise<void> {
    try {
      await this.models.namespaces.create({
        namespaceId: ns.namespaceId,
        namespaceName: ns.namespaceName,
        description: ns.description,
        createdAt: ns.createdAt,
        updatedAt: ns.updatedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a namespace named '${ns.namespaceName}' already exists`);
      throw error;
    }
  }

  async findByIdOrName(idOrName: string): Promise<Namespace | null> {
    const doc = await this.models.namespaces
      .findOne({ $or: [{ namespaceId: idOrName }, { namespaceName: idOrName }] })
      .lean<NamespaceDoc>()
      .exec();
    return doc === null ? null : toNamespace(doc);
  }

  async update(
    namespaceId: string,
    patch: { namespaceName?: string; description?: string | null },
    updatedAt: string,
  ): Promise<Namespace | null> {
    const set: Record<string, unknown> = { updatedAt };
    if (patch.namespaceName !== undefined) set['namespaceName'] = patch.namespaceName;
    if (patch.description !== undefined) set['description'] = patch.description;
    try {
      const doc = await this.models.namespaces
        .findOneAndUpdate({ namespaceId }, { $set: set }, { returnDocument: 'after' })
        .lean<NamespaceDoc>()
        .exec();
      return doc === null ? null : toNamespace(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a namespace named '${patch.namespaceName ?? ''}' already exists`);
      throw error;
    }
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(request: ListRequest): Promise<Page<Namespace> | null> {
    const page = await findListPage(this.models.namespaces, MONGO_NAMESPACE_LIST, {}, { createdAt: 1, namespaceId: 1 }, request);
    return page === null ? null : { results: page.docs.map(toNamespace), total: page.total };
  }

  async list(page: PageQuery): Promise<Page<Namespace>> {
    const [docs, total] = await Promise.all([
      this.models.namespaces.find({}).sort({ createdAt: 1, namespaceId: 1 }).skip(page.offset).limit(page.limit).lean<NamespaceDoc[]>().exec(),
      this.models.namespaces.countDocuments({}).exec(),
    ]);
    return { results: docs.map(toNamespace), total };
  }

  /**
   * MongoDB without a replica set has no multi-collection transaction, so the rows go children
   * first and the namespace record last: a delete cut short leaves the namespace in place and
   * repeating it finishes the job (every step is idempotent).
   */
  async delete(namespaceId: string): Promise<void> {
    const m = this.models;
    const batchIds = (await m.batches.find({ namespaceId }, { batchId: 1 }).lean<Array<{ batchId: string }>>().exec()).map((b) => b.batchId);
    if (batchIds.length > 0) {
      await Promise.all([
        m.items.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.batchObjects.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.progress.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.tiers.deleteMany({ batchId: { $in: batchIds } }).exec(),
        m.batchLog.deleteMany({ batchId: { $in: batchIds } }).exec(),
      ]);
    }
    await Promise.all([
      m.documents.deleteMany({ namespaceId }).exec(),
      m.deletedObjects.deleteMany({ namespaceId }).exec(),
      m.batches.deleteMany({ namespaceId }).exec(),
      m.uploads.deleteMany({ namespaceId }).exec(),
      m.objects.deleteMany({ namespaceId }).exec(),
      m.collections.deleteMany({ namespaceId }).exec(),
      m.schedules.deleteMany({ namespaceId }).exec(),
      m.scheduleRuns.deleteMany({ namespaceId }).exec(),
    ]);
    await m.buckets.deleteMany({ namespaceId }).exec();
    await m.namespaces.deleteOne({ namespaceId }).exec();
  }
}
