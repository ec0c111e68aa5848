import { DocumentRecord, ProcessingHistoryEntry } from '@strata/domain';
import { type ListRequest, documentRecord, runListRequest } from '@strata/contracts';
import type { DocumentRepository, OrphanedDocument, Page, PageQuery, SourceState } from '@strata/ports';
import { copy } from './copy';
import { Tables, tombstoneKey } from './in-memory-tables';

function mergeHistory(existing: ProcessingHistoryEntry[], incoming: ProcessingHistoryEntry[]): ProcessingHistoryEntry[] {
  if (incoming.length === 0) return existing;
  const first = incoming[0] as ProcessingHistoryEntry;
  // Entries of other batches (and tiers) stay; this batch and tier's entry is replaced.
  return [...existing.filter((e) => !(e.batchId === first.batchId && e.tier === first.tier)), ...incoming];
}

export class InMemoryDocumentRepository implements DocumentRepository {
  constructor(private readonly t: Tables) {}

  async upsertMany(documents: readonly DocumentRecord[]): Promise<void> {
    for (const d of documents) {
      const existing = this.t.documents.get(d.documentId);
      if (existing === undefined) {
        this.t.documents.set(d.documentId, copy(d));
        continue;
      }
      // ON CONFLICT DO UPDATE of batch, payload, lineage, updated_at and history only: the
      // document keeps its created_at (and its namespace, collection, object and extractor).
      this.t.documents.set(d.documentId, {
        ...existing,
        batchId: d.batchId,
        payload: copy(d.payload),
        lineage: copy(d.lineage),
        sourceHash: d.sourceHash ?? null,
        extractorFingerprint: d.extractorFingerprint ?? null,
        updatedAt: d.updatedAt,
        processingHistory: mergeHistory(existing.processingHistory, copy(d.processingHistory)),
      });
    }
  }

  async find(namespaceId: string, collectionId: string, documentId: string): Promise<DocumentRecord | null> {
    const d = this.t.documents.get(documentId);
    return d === undefined || d.namespaceId !== namespaceId || d.collectionId !== collectionId ? null : copy(d);
  }

  private of(namespaceId: string, collectionId: string): DocumentRecord[] {
    return [...this.t.documents.values()].filter((d) => d.namespaceId === namespaceId && d.collectionId === collectionId);
  }

  async list(
    namespaceId: string,
    collectionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ results: DocumentRecord[]; total: number }> {
    const all = this.of(namespaceId, collectionId).sort((a, b) =>
      a.createdAt === b.createdAt ? (a.documentId < b.documentId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    );
    return { results: all.slice(page.offset, page.offset + page.limit).map(copy), total: all.length };
  }

  /** The reference semantics (runListRequest) over the collection in list order. */
  async query(namespaceId: string, collectionId: string, request: ListRequest): Promise<Page<DocumentRecord>> {
    const { results: all } = await this.list(namespaceId, collectionId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, (d) => documentRecord(d), request);
  }

  async countForBatch(namespaceId: string, collectionId: string, batchId: string, tier: number): Promise<number> {
    const completed = new Set(
      [...this.t.items.values()]
        .filter((i) => i.batchId === batchId && i.tier === tier && i.collectionId === collectionId && i.status === 'COMPLETED')
        .map((i) => i.itemId),
    );
    return [...this.t.documents.values()].filter(
      (d) => d.namespaceId === namespaceId && d.collectionId === collectionId && completed.has(d.objectId),
    ).length;
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    return this.of(namespaceId, collectionId).length;
  }

  async delete(namespaceId: string, collectionId: string, documentId: string): Promise<boolean> {
    const d = this.t.documents.get(documentId);
    if (d === undefined || d.namespaceId !== namespaceId || d.collectionId !== collectionId) return false;
    this.t.documents.delete(documentId);
    return true;
  }

  async findMany(namespaceId: string, documentIds: readonly string[]): Promise<DocumentRecord[]> {
    return documentIds
      .map((id) => this.t.documents.get(id))
      .filter((d): d is DocumentRecord => d !== undefined && d.namespaceId === namespaceId)
      .map(copy);
  }

  async listIdsWrittenByBatch(namespaceId: string, batchId: string, collectionIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(collectionIds);
    return [...this.t.documents.values()]
      .filter((d) => d.namespaceId === namespaceId && d.batchId === batchId && wanted.has(d.collectionId))
      .map((d) => d.documentId)
      .sort();
  }

  async sourceStates(
    namespaceId: string,
    collectionId: string,
    sourceIds: readonly string[],
  ): Promise<SourceState[]> {
    const wanted = new Set(sourceIds);
    return this.of(namespaceId, collectionId)
      .map((d) => ({ d, sourceId: d.lineage.sourceDocumentId ?? d.lineage.sourceObjectId ?? d.objectId }))
      .filter(({ sourceId }) => wanted.has(sourceId))
      .map(({ d, sourceId }) => ({
        sourceId,
        documentId: d.documentId,
        batchId: d.batchId,
        sourceHash: d.sourceHash ?? null,
        extractorFingerprint: d.extractorFingerprint ?? null,
      }));
  }

  /** Documents of the collection whose root object has a tombstone and does not exist. */
  async listOrphaned(namespaceId: string, collectionId: string, limit: number): Promise<OrphanedDocument[]> {
    return this.of(namespaceId, collectionId)
      .filter((d) => this.t.deletedObjects.has(tombstoneKey(namespaceId, d.objectId)) && !this.exists(namespaceId, d.objectId))
      .map((d) => ({ documentId: d.documentId, objectId: d.objectId }))
      .sort((x, y) => (x.documentId < y.documentId ? -1 : 1))
      .slice(0, limit);
  }

  async pruneTombstones(namespaceId: string, deletedBefore: string): Promise<number> {
    const rooted = new Set([...this.t.documents.values()].filter((d) => d.namespaceId === namespaceId).map((d) => d.objectId));
    let pruned = 0;
    for (const [key, t] of [...this.t.deletedObjects]) {
      if (t.namespaceId !== namespaceId || t.deletedAt >= deletedBefore) continue;
      if (this.exists(namespaceId, t.objectId) || !rooted.has(t.objectId)) {
        this.t.deletedObjects.delete(key);
        pruned++;
      }
    }
    return pruned;
  }

  private exists(namespaceId: string, objectId: string): boolean {
    return this.t.objects.get(objectId)?.namespaceId === namespaceId;
  }

  async listByObject(
    namespaceId: string,
    objectId: string,
    query: PageQuery & { collectionIds: readonly string[] | null },
  ): Promise<Page<DocumentRecord>> {
    const ids = query.collectionIds === null ? null : new Set(query.collectionIds);
    const key = (d: DocumentRecord) => [d.collectionId, d.createdAt, d.documentId];
    const all = [...this.t.documents.values()]
      .filter((d) => d.namespaceId === namespaceId && d.objectId === objectId && (ids === null || ids.has(d.collectionId)))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
        return 0;
      });
    return { results: all.slice(query.offset, query.offset + query.limit).map(copy), total: all.length };
  }
}
