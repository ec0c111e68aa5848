import type { WorkItemV1 } from '@strata/contracts';
import { Collection, DocumentRecord, documentId } from '@strata/domain';
import type { ExtractorResult } from '@strata/extractors';
import type { VectorPoint } from '@strata/ports';
import { SourceItem, readPath } from './source-loader';

/** Source fields copied onto a document: all of them when asked, then each passthrough. */
export function copiedFields(source: SourceItem, collection: Collection): Record<string, unknown> {
  const fe = collection.featureExtractor;
  const copied: Record<string, unknown> = fe.includeAllSourceFields === true ? { ...source.fields } : {};
  for (const f of fe.fieldPassthrough ?? []) {
    const value = readPath(source.fields, f.sourcePath);
    if (value !== undefined) copied[f.targetPath] = value;
  }
  return copied;
}

export interface DocumentBuildInput {
  item: WorkItemV1;
  collection: Collection;
  /** The extractor as `name@version`, and as the feature extractor id `name_version`. */
  extractorKey: string;
  featureExtractorId: string;
  /** What makes this collection's documents what they are (incremental re-processing). */
  fingerprint: string;
  sources: ReadonlyMap<string, SourceItem>;
  /** One result per item of the work message, in its order. */
  results: readonly ExtractorResult[];
  /** Items skipped as unchanged: they write nothing. */
  skipped: ReadonlySet<string>;
  /** Set when the batch asked for processing history: the one entry each document gets. */
  history: { startedAt: string; completedAt: string; durationMs: number; attempt: number } | null;
  /** Timestamp of the write. */
  now: string;
}

export interface BuiltDocuments {
  records: DocumentRecord[];
  points: VectorPoint[];
  /** Documents written per source item. */
  perItemDocs: Map<string, number>;
}

/**
 * Turns extractor results into document rows and vector points. Pure: ids are deterministic
 * (namespace, collection, source, extractor, position), so a redelivery rebuilds the same ones.
 * Extractor outputs win over copied source fields; the root ids win over both.
 */
export function buildDocuments(input: DocumentBuildInput): BuiltDocuments {
  const { item, collection } = input;
  const records: DocumentRecord[] = [];
  const points: VectorPoint[] = [];
  const perItemDocs = new Map<string, number>();
  for (const result of input.results) {
    if (!result.ok || input.skipped.has(result.itemId)) continue;
    const source = input.sources.get(result.itemId) as SourceItem;
    perItemDocs.set(source.itemId, result.documents.length);
    const copied = copiedFields(source, collection);
    for (const doc of result.documents) {
      const id = documentId({
        namespaceId: item.namespace_id,
        collectionId: collection.collectionId,
        sourceId: source.itemId,
        extractor: input.extractorKey,
        position: doc.position,
      });
      const payload: Record<string, unknown> = {
        ...copied,
        ...doc.payload,
        object_id: source.rootObjectId,
        bucket_id: source.rootBucketId,
      };
      if (source.document !== null) payload['source_document_id'] = source.document.documentId;
      records.push({
        namespaceId: item.namespace_id,
        collectionId: collection.collectionId,
        documentId: id,
        objectId: source.rootObjectId,
        batchId: item.batch_id,
        featureExtractorId: input.featureExtractorId,
        payload,
        lineage: source.lineage,
        sourceHash: source.sourceHash,
        extractorFingerprint: input.fingerprint,
        processingHistory:
          input.history === null
            ? []
            : [{ operation: 'extract', extractor: input.extractorKey, batchId: item.batch_id, tier: item.tier, ...input.history }],
        createdAt: input.now,
        updatedAt: input.now,
      });
      points.push({
        id,
        namespaceId: item.namespace_id,
        collectionId: collection.collectionId,
        vectors: doc.vectors,
        payload: { ...payload, document_id: id },
      });
    }
  }
  return { records, points, perItemDocs };
}
