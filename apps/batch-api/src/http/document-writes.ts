import { ValidationError } from '@strata/domain';
import type { CreateDocumentCommand, NamedVectors } from '@strata/api-use-cases';
import type { CreateDocumentBody } from './resource-validation';

/** The keys of Mixpeek's DocumentCreateRequest; every other root key is a user field. */
const CREATE_KEYS = new Set([
  'collection_id',
  'root_object_id',
  'root_bucket_id',
  'source_type',
  'source_collection_id',
  'source_document_id',
  'source_object_id',
  'lineage_path',
  'lineage_chain',
  'document_schema_version',
  'metadata',
  'features',
  'vectors',
]);

/** Adds `more` to `into`, refusing a field given twice with different places (a contradiction). */
function mergeInto(into: Record<string, unknown>, more: Record<string, unknown>, where: string): void {
  for (const [k, v] of Object.entries(more)) {
    if (Object.prototype.hasOwnProperty.call(into, k)) throw new ValidationError(`body: field '${k}' is given twice (at the root and in ${where}); send it once`);
    into[k] = v;
  }
}

/**
 * A create request in the use case's terms: user fields from the root, `metadata` and the
 * features' payloads; vectors from `vectors` and the features' vectors (a name twice is refused).
 */
export function createDocumentCommandOf(body: CreateDocumentBody): CreateDocumentCommand {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!CREATE_KEYS.has(k)) fields[k] = v;
  mergeInto(fields, body.metadata ?? {}, 'metadata');
  const vectors: NamedVectors = { ...(body.vectors ?? {}) };
  (body.features ?? []).forEach((f, i) => {
    mergeInto(fields, f.payload ?? {}, `features[${i}].payload`);
    for (const [name, v] of Object.entries(f.vectors ?? {})) {
      if (vectors[name] !== undefined) throw new ValidationError(`body.features[${i}].vectors.${name}: vector '${name}' is given twice`);
      vectors[name] = v;
    }
  });
  return {
    fields,
    rootObjectId: body.root_object_id ?? null,
    rootBucketId: body.root_bucket_id ?? null,
    sourceDocumentId: body.source_document_id ?? null,
    featureExtractorId: body.features?.[0]?.feature_extractor_id ?? null,
    vectors,
    stated: {
      collectionId: body.collection_id ?? null,
      sourceType: body.source_type ?? null,
      sourceObjectId: body.source_object_id ?? null,
      sourceCollectionId: body.source_collection_id ?? null,
    },
  };
}

/** A PUT body: `vectors` apart, every other root key a user field. */
export function splitVectors(body: Record<string, unknown> & { vectors?: NamedVectors | undefined }): { fields: Record<string, unknown>; vectors: NamedVectors } {
  const { vectors, ...fields } = body;
  return { fields, vectors: vectors ?? {} };
}
