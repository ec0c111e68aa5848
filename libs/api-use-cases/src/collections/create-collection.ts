import { MAX_TIER, bucketSchemaOf } from '@strata/contracts';
import { BLOB_FIELD_TYPES, BucketFieldType, Collection, FieldPassthrough, findCycle, isoNow, newId, ValidationError } from '@strata/domain';
import type { ExtractorDefinition } from '@strata/extractors';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { collectionEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';

/** Fields every document carries, which a passthrough may not overwrite. */
const RESERVED_FIELDS = new Set(['object_id', 'bucket_id', 'document_id', 'source_document_id']);

export const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,99}$/;

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
    fieldPassthrough?: Array<{ sourcePath: string; targetPath: string | null }>;
    includeAllSourceFields?: boolean;
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
    if (!COLLECTION_NAME.test(command.collectionName)) {
      throw new ValidationError('collection_name must be 3-100 characters of letters, digits, ".", "_" or "-"');
    }
    const fe = command.featureExtractor;
    const extractor = this.deps.extractors.get(fe.featureExtractorName, fe.version);
    const params = extractor.parseParameters(fe.parameters);
    const collectionId = newId('collection');

    let source: Collection['source'];
    let fields: Map<string, string>;
    let sourceLabel: string;
    if (command.source.type === 'bucket') {
      if (command.source.bucketIds.length !== 1) {
        throw new ValidationError('source.bucket_ids must name exactly one bucket');
      }
      const bucket = await this.buckets.execute(command.namespaceId, command.source.bucketIds[0] as string);
      source = { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] };
      fields = new Map(Object.entries(bucket.bucketSchema.properties).map(([n, f]) => [n, f.type]));
      sourceLabel = `bucket ${bucket.bucketName}'s schema`;
    } else {
      const upstream = await this.sourceCollections(command, collectionId);
      source = { type: 'collection', bucketIds: [], collectionIds: upstream.map((c) => c.collectionId) };
      fields = this.outputFields(upstream);
      sourceLabel = `the output of source collection(s) ${upstream.map((c) => c.collectionName).join(', ')}`;
    }
    const mappings = this.mapInputs(extractor, fe.inputMappings ?? {}, fields, sourceLabel, command.source.type);
    const passthrough = this.passthrough(fe.fieldPassthrough ?? [], fields, sourceLabel, command.source.type);

    const vectorIndexes = extractor.vectorIndexes(params);
    for (const index of vectorIndexes) await this.deps.vectors.ensureIndex(index);
    const now = isoNow(this.deps.clock);
    const collection: Collection = {
      namespaceId: command.namespaceId,
      collectionId,
      collectionName: command.collectionName,
      description: command.description,
      source,
      featureExtractor: {
        featureExtractorName: extractor.name,
        version: extractor.version,
        parameters: fe.parameters,
        inputMappings: mappings,
        fieldPassthrough: passthrough,
        includeAllSourceFields: fe.includeAllSourceFields ?? false,
      },
      // Stored so list filters and search on it run in the store (docs/adr/0079); an extractor's
      // output does not depend on its parameters, and neither changes after create.
      outputSchema: bucketSchemaOf(extractor.outputSchema),
      vectorIndexes,
      enabled: command.enabled,
      metadata: command.metadata,
      createdAt: now,
      updatedAt: now,
    };
    // The event commits with the row (docs/adr/0095-transactional-outbox.md).
    const events = [outboxMessage(collectionEvent('collection.created', collection, collection.createdAt))];
    await this.deps.metadata.collections.create(collection, events);
    await publishLifecycle(this.deps, events);
    return collection;
  }

  /** Resolves and checks the source collections: they exist, form no cycle, and stay within MAX_TIER. */
  private async sourceCollections(command: CreateCollectionCommand, collectionId: string): Promise<Collection[]> {
    const refs = [...new Set(command.source.collectionIds)];
    if (refs.length === 0) {
      throw new ValidationError('source.collection_ids must name at least one collection when source.type is "collection"');
    }
    if (command.source.bucketIds.length > 0) {
      throw new ValidationError('source.bucket_ids must be empty when source.type is "collection"');
    }
    if (refs.includes(command.collectionName)) {
      throw new ValidationError(
        `collection ${command.collectionName} cannot source itself: that would make a cycle (${command.collectionName} -> ${command.collectionName})`,
      );
    }
    const upstream: Collection[] = [];
    for (const ref of refs) {
      const found = await this.deps.metadata.collections.findByIdOrName(command.namespaceId, ref);
      if (found === null) throw new ValidationError(`source collection '${ref}' does not exist in this namespace`);
      upstream.push(found);
    }
    // Creating a new collection cannot close a cycle unless it names itself (checked above), but
    // stored data is checked anyway so a cycle never reaches the tier resolution of a batch.
    const cache = new Map<string, readonly string[]>();
    const sourcesOf = async (id: string): Promise<readonly string[]> => {
      let ids = cache.get(id);
      if (ids === undefined) {
        const [c] = await this.deps.metadata.collections.findMany(command.namespaceId, [id]);
        ids = c?.source.type === 'collection' ? c.source.collectionIds : [];
        cache.set(id, ids);
      }
      return ids;
    };
    const cycle = await findCycle(collectionId, upstream.map((c) => c.collectionId), sourcesOf);
    if (cycle !== null) {
      throw new ValidationError(`source.collection_ids would make a cycle: ${cycle.join(' -> ')}`);
    }
    const depthOf = async (id: string): Promise<number> => {
      const sources = await sourcesOf(id);
      if (sources.length === 0) return 0;
      return 1 + Math.max(...(await Promise.all(sources.map(depthOf))));
    };
    const tier = 1 + Math.max(...(await Promise.all(upstream.map((c) => depthOf(c.collectionId)))));
    if (tier > MAX_TIER) {
      throw new ValidationError(
        `this collection would run in tier ${tier}; chains are limited to tiers 0-${MAX_TIER} (source it from a collection nearer the bucket)`,
      );
    }
    return upstream;
  }

  /**
   * Fields a derived collection can map: each source extractor's output fields, the fields its
   * documents carry through (field_passthrough), and the root ids every document has. `*` means
   * a source copies all its source fields, so any name may exist.
   */
  private outputFields(upstream: readonly Collection[]): Map<string, string> {
    const fields = new Map<string, string>([
      ['object_id', 'string'],
      ['bucket_id', 'string'],
    ]);
    for (const c of upstream) {
      const extractor = this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version);
      const props = (extractor?.outputSchema['properties'] ?? {}) as Record<string, { type?: unknown }>;
      for (const [name, schema] of Object.entries(props)) {
        const type = typeof schema.type === 'string' ? schema.type : 'object';
        fields.set(name, type === 'string' ? 'text' : type);
      }
      for (const f of c.featureExtractor.fieldPassthrough ?? []) if (!fields.has(f.targetPath)) fields.set(f.targetPath, 'object');
      // Its documents carry whatever their sources had: field names are not known in advance.
      if (c.featureExtractor.includeAllSourceFields === true) fields.set('*', 'object');
    }
    return fields;
  }

  /** Checks field_passthrough entries name source fields; the target defaults to the last path segment. */
  private passthrough(
    given: ReadonlyArray<{ sourcePath: string; targetPath: string | null }>,
    fields: Map<string, string>,
    sourceLabel: string,
    sourceType: 'bucket' | 'collection',
  ): FieldPassthrough[] {
    const out: FieldPassthrough[] = [];
    const targets = new Set<string>();
    for (const [i, entry] of given.entries()) {
      const root = entry.sourcePath.split('.')[0] as string;
      // A bucket's metadata is free-form beyond its schema; a source document's payload is not.
      if (sourceType === 'collection' && !fields.has(root) && !fields.has('*')) {
        throw new ValidationError(
          `feature_extractor.field_passthrough[${i}] names '${entry.sourcePath}', which is not in ${sourceLabel} (fields: ${[...fields.keys()].join(', ')})`,
        );
      }
      if (sourceType === 'bucket' && BLOB_FIELD_TYPES.has(fields.get(root) as BucketFieldType)) {
        throw new ValidationError(
          `feature_extractor.field_passthrough[${i}]: '${root}' is a blob field; only metadata fields can be copied onto documents`,
        );
      }
      const targetPath = entry.targetPath ?? (entry.sourcePath.split('.').pop() as string);
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(targetPath) || RESERVED_FIELDS.has(targetPath)) {
        throw new ValidationError(
          `feature_extractor.field_passthrough[${i}].target_path '${targetPath}' must be a field name (letters, digits, _) other than ${[...RESERVED_FIELDS].join(', ')}`,
        );
      }
      if (targets.has(targetPath)) throw new ValidationError(`feature_extractor.field_passthrough: target '${targetPath}' is used twice`);
      targets.add(targetPath);
      out.push({ sourcePath: entry.sourcePath, targetPath });
    }
    return out;
  }

  /** Each extractor input must come from a source field; infer the mapping when that is unambiguous. */
  private mapInputs(
    extractor: ExtractorDefinition<unknown>,
    given: Record<string, string>,
    fields: Map<string, string>,
    sourceLabel: string,
    sourceType: 'bucket' | 'collection',
  ): Record<string, string> {
    const inputs = Object.keys((extractor.inputSchema['properties'] as Record<string, unknown>) ?? {});
    const requiredList = extractor.inputSchema['required'];
    const required = new Set(Array.isArray(requiredList) ? (requiredList as string[]) : inputs);
    const unknownInputs = Object.keys(given).filter((k) => !inputs.includes(k));
    if (unknownInputs.length > 0) {
      throw new ValidationError(
        `feature_extractor.input_mappings names unknown input(s) ${unknownInputs.join(', ')}; ${extractor.name} takes ${inputs.join(', ') || 'none'}`,
      );
    }
    const accepts = (type: string): boolean =>
      extractor.supportedInputTypes.includes(type) || (type === 'object' && sourceType === 'collection');
    const mappings: Record<string, string> = { ...given };
    for (const input of inputs) {
      const source = mappings[input];
      if (source !== undefined) {
        const root = source.split('.')[0] as string;
        const type = fields.get(root) ?? fields.get('*');
        if (type === undefined) {
          throw new ValidationError(
            `feature_extractor.input_mappings.${input} names '${source}', which is not in ${sourceLabel} (fields: ${[...fields.keys()].join(', ') || 'none'})`,
          );
        }
        if (!accepts(type)) {
          throw new ValidationError(
            `feature_extractor.input_mappings.${input}: field '${root}' is ${type}; ${extractor.name} accepts ${extractor.supportedInputTypes.join(', ')}`,
          );
        }
        continue;
      }
      if (!required.has(input)) continue;
      const candidates = [...fields].filter(([n, t]) => n !== '*' && accepts(t));
      const sameName = candidates.filter(([n]) => n === input);
      const blobCandidates = candidates.filter(([, t]) => BLOB_FIELD_TYPES.has(t as BucketFieldType));
      const pick = sameName.length === 1 ? sameName : blobCandidates.length === 1 ? blobCandidates : candidates;
      if (pick.length !== 1) {
        throw new ValidationError(
          `feature_extractor.input_mappings must map input '${input}' to a field of ${sourceLabel}, e.g. {"${input}": "<field>"}; ` +
            `fields of a supported type (${extractor.supportedInputTypes.join(', ')}): ${candidates.map(([n]) => n).join(', ') || 'none'}`,
        );
      }
      mappings[input] = (pick[0] as [string, string])[0];
    }
    return mappings;
  }
}
