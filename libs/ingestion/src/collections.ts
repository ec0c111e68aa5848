import {
  BLOB_FIELD_TYPES,
  Collection,
  NotFoundError,
  ValidationError,
  isoNow,
  newId,
} from '@strata/domain';
import type { IngestionDeps } from './deps';
import { GetBucket } from './buckets';
import { publishCollectionCreated } from './lifecycle-events';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,99}$/;

export interface CreateCollectionCommand {
  namespaceId: string;
  collectionName: string;
  description: string | null;
  source: { type: 'bucket' | 'collection'; bucketIds: string[]; collectionIds: string[] };
  featureExtractor: {
    featureExtractorName: string;
    version: string;
    parameters: Record<string, unknown>;
    inputMappings: Record<string, string> | null;
  };
  enabled: boolean;
  metadata: Record<string, unknown>;
}

export class CreateCollection {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors' | 'vectors' | 'clock' | 'events' | 'logger'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(command: CreateCollectionCommand): Promise<Collection> {
    if (!NAME.test(command.collectionName)) {
      throw new ValidationError('collection_name must be 3-100 characters of letters, digits, ".", "_" or "-"');
    }
    if (command.source.type !== 'bucket') {
      throw new ValidationError(
        'source.type "collection" (tiered collections) is not supported by this version yet; use source.type "bucket"',
      );
    }
    if (command.source.bucketIds.length !== 1) {
      throw new ValidationError('source.bucket_ids must name exactly one bucket');
    }
    const bucket = await this.buckets.execute(command.namespaceId, command.source.bucketIds[0] as string);
    const fe = command.featureExtractor;
    const extractor = this.deps.extractors.get(fe.featureExtractorName, fe.version);
    const params = extractor.parseParameters(fe.parameters);

    // Each extractor input must come from a field of the source; infer the mapping when exactly
    // one field of a supported type exists, otherwise ask for input_mappings.
    const schema = bucket.bucketSchema.properties;
    const inputs = Object.keys((extractor.inputSchema['properties'] as Record<string, unknown>) ?? {});
    const mappings: Record<string, string> = { ...(fe.inputMappings ?? {}) };
    for (const input of inputs) {
      const source = mappings[input];
      if (source !== undefined) {
        const root = source.split('.')[0] as string;
        const field = schema[root];
        if (field === undefined) {
          throw new ValidationError(
            `feature_extractor.input_mappings.${input} names '${source}', which is not in bucket ${bucket.bucketName}'s schema (fields: ${Object.keys(schema).join(', ') || 'none'})`,
          );
        }
        if (!extractor.supportedInputTypes.includes(field.type)) {
          throw new ValidationError(
            `feature_extractor.input_mappings.${input}: field '${root}' is ${field.type}; ${extractor.name} accepts ${extractor.supportedInputTypes.join(', ')}`,
          );
        }
        continue;
      }
      const candidates = Object.entries(schema).filter(([, f]) => extractor.supportedInputTypes.includes(f.type));
      const blobCandidates = candidates.filter(([, f]) => BLOB_FIELD_TYPES.has(f.type));
      const pick = blobCandidates.length === 1 ? blobCandidates : candidates;
      if (pick.length !== 1) {
        throw new ValidationError(
          `feature_extractor.input_mappings must map input '${input}' to a bucket field, e.g. {"${input}": "<field>"}; ` +
            `fields of a supported type (${extractor.supportedInputTypes.join(', ')}): ${candidates.map(([n]) => n).join(', ') || 'none'}`,
        );
      }
      mappings[input] = (pick[0] as [string, unknown])[0];
    }

    const vectorIndexes = extractor.vectorIndexes(params);
    for (const index of vectorIndexes) await this.deps.vectors.ensureIndex(index);
    const now = isoNow(this.deps.clock);
    const collection: Collection = {
      namespaceId: command.namespaceId,
      collectionId: newId('collection'),
      collectionName: command.collectionName,
      description: command.description,
      source: { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] },
      featureExtractor: {
        featureExtractorName: extractor.name,
        version: extractor.version,
        parameters: fe.parameters,
        inputMappings: mappings,
      },
      vectorIndexes,
      enabled: command.enabled,
      metadata: command.metadata,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.collections.create(collection);
    await publishCollectionCreated(this.deps, collection);
    return collection;
  }
}

export class GetCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, idOrName: string): Promise<Collection> {
    const found = await this.deps.metadata.collections.findByIdOrName(namespaceId, idOrName);
    if (found === null) throw new NotFoundError('collection', idOrName);
    return found;
  }
}
