import {
  Collection,
  DocumentLineage,
  DocumentRecord,
  ExtractionError,
  StoredObject,
  categorize,
  sourceContentHash,
} from '@strata/domain';
import type { ExtractorResult } from '@strata/extractors';
import type { MetadataStore, ObjectStorage } from '@strata/ports';
import type { WorkItemV1 } from '@strata/contracts';

/** Default of the source loader's maxBlobBytes (ExtractionDeps.maxBlobBytes). */
export const DEFAULT_MAX_BLOB_BYTES = 100 * 1024 * 1024;

/** One source item of a work message: an object (tier 0) or a document of a source collection. */
export interface SourceItem {
  itemId: string;
  rootObjectId: string;
  rootBucketId: string;
  object: StoredObject | null;
  document: DocumentRecord | null;
  /** The lineage every document extracted from this source gets. */
  lineage: DocumentLineage;
  /** Fields field_passthrough and include_all_source_fields copy from: metadata, or the source payload. */
  fields: Record<string, unknown>;
  /** Content hash of the source: the object's blobs and metadata, or the source document's. */
  sourceHash: string;
}

/** Reads the value of a dotted path in an object's metadata. */
export function readPath(source: Record<string, unknown>, path: string): unknown {
  let value: unknown = source;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Inputs of a derived collection: payload fields of the source document, through input_mappings. */
function resolveDocumentInputs(document: DocumentRecord, collection: Collection): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [input, path] of Object.entries(collection.featureExtractor.inputMappings)) {
    values[input] = readPath(document.payload, path);
  }
  return values;
}

/**
 * Loads what a work message runs over: its source items from the metadata store and, per item,
 * the extractor inputs (blobs from object storage, bounded by `maxBlobBytes`).
 */
export class SourceLoader {
  constructor(
    private readonly deps: { metadata: MetadataStore; objects: ObjectStorage },
    /** Largest blob read into memory; a larger one fails its item (validation, read_blob), see docs/reliability.md. */
    private readonly maxBlobBytes: number = DEFAULT_MAX_BLOB_BYTES,
  ) {}

  /**
   * The work item's sources: objects of the bucket for a bucket-sourced collection, the
   * documents of the source collections for a collection-sourced one (tier > 0). Missing sources
   * become failed results.
   */
  async load(item: WorkItemV1, collection: Collection): Promise<{ sources: Map<string, SourceItem>; missing: Map<string, ExtractorResult> }> {
    const sources = new Map<string, SourceItem>();
    const missing = new Map<string, ExtractorResult>();
    if (collection.source.type === 'collection') {
      const documents = await this.deps.metadata.documents.findMany(item.namespace_id, item.item_ids);
      const allowed = new Set(collection.source.collectionIds);
      for (const doc of documents) {
        if (!allowed.has(doc.collectionId)) continue;
        sources.set(doc.documentId, {
          itemId: doc.documentId,
          rootObjectId: doc.lineage.rootObjectId,
          rootBucketId: doc.lineage.rootBucketId,
          object: null,
          document: doc,
          fields: doc.payload,
          sourceHash: sourceContentHash({ metadata: doc.payload, blobs: [] }),
          lineage: {
            rootObjectId: doc.lineage.rootObjectId,
            rootBucketId: doc.lineage.rootBucketId,
            sourceType: 'collection',
            sourceObjectId: null,
            sourceDocumentId: doc.documentId,
            sourceCollectionId: doc.collectionId,
            path: `${doc.lineage.path}/${collection.collectionId}`,
            chain: [...(doc.lineage.chain ?? []), doc.documentId],
          },
        });
      }
    } else {
      const objects = await this.deps.metadata.objects.findMany(item.namespace_id, item.bucket_id, item.item_ids);
      for (const object of objects) {
        sources.set(object.objectId, {
          itemId: object.objectId,
          rootObjectId: object.objectId,
          rootBucketId: object.bucketId,
          object,
          document: null,
          fields: object.metadata,
          sourceHash: sourceContentHash(object),
          lineage: {
            rootObjectId: object.objectId,
            rootBucketId: object.bucketId,
            sourceType: 'bucket',
            sourceObjectId: object.objectId,
            sourceDocumentId: null,
            sourceCollectionId: null,
            path: `${object.bucketId}/${collection.collectionId}`,
            chain: [],
          },
        });
      }
    }
    for (const itemId of item.item_ids) {
      if (sources.has(itemId)) continue;
      const what =
        collection.source.type === 'collection'
          ? `document ${itemId} no longer exists in source collection(s) ${collection.source.collectionIds.join(', ')}`
          : `object ${itemId} no longer exists in bucket ${item.bucket_id}`;
      missing.set(itemId, {
        itemId,
        ok: false,
        error: new ExtractionError(what, 'validation', collection.source.type === 'collection' ? 'load_document' : 'load_object'),
      });
    }
    return { sources, missing };
  }

  /** The extractor inputs of one source, through the collection's input_mappings. @throws ExtractionError */
  async inputsOf(source: SourceItem, collection: Collection): Promise<Record<string, unknown>> {
    return source.object !== null ? this.objectInputs(source.object, collection) : resolveDocumentInputs(source.document as DocumentRecord, collection);
  }

  private async objectInputs(object: StoredObject, collection: Collection): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {};
    for (const [input, source] of Object.entries(collection.featureExtractor.inputMappings)) {
      const blob = object.blobs.find((b) => b.property === source);
      if (blob === undefined) {
        values[input] = readPath(object.metadata, source);
        continue;
      }
      // Checked before reading: an empty blob is nothing to extract from, and a huge one would be
      // held in memory once per input of every item of the chunk.
      const limit = this.maxBlobBytes;
      if (blob.sizeBytes === 0) {
        throw new ExtractionError(`blob ${blob.blobId} (${blob.property}) is empty (0 bytes): nothing to extract`, 'validation', 'read_blob');
      }
      if (blob.sizeBytes > limit) {
        throw new ExtractionError(
          `blob ${blob.blobId} (${blob.property}) is ${blob.sizeBytes} bytes, above this worker's limit of ${limit} (WORKER_MAX_BLOB_BYTES)`,
          'validation',
          'read_blob',
        );
      }
      let bytes: Buffer;
      try {
        bytes = await this.deps.objects.get(blob.storageKey);
      } catch (error) {
        throw new ExtractionError(`blob ${blob.blobId} (${blob.property}) could not be read: ${(error as Error).message}`, 'dependency', 'read_blob', {
          cause: error,
          retryable: categorize(error) === 'network',
        });
      }
      values[input] = blob.type === 'json' ? bytes.toString('utf8') : blob.type === 'text' ? bytes.toString('utf8') : bytes;
    }
    return values;
  }
}
