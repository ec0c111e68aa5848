import { Collection } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { CreateCollection, type CreateCollectionCommand } from './create-collection';
import { GetCollection } from './get-collection';

export interface CloneCollectionCommand {
  namespaceId: string;
  /** The source collection, by id or name. */
  collection: string;
  collectionName: string;
  /** Each field given replaces the source collection's; the rest is copied. */
  description?: string | null;
  source?: CreateCollectionCommand['source'];
  featureExtractor?: Partial<CreateCollectionCommand['featureExtractor']>;
  enabled?: boolean;
  metadata?: Record<string, unknown>;
}

/**
 * Mixpeek's clone: a new collection (new id, the given name) copied from another with optional
 * changes, validated and created exactly like a new one (CreateCollection: names, cycles,
 * extractor parameters, input mappings, vector indexes, collection.created). The way to change a
 * collection's source or extractor; its documents are not copied, so its first batch processes
 * every object for it (its extractor fingerprint is its own).
 */
export class CloneCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors' | 'vectors' | 'clock' | 'events' | 'logger'>) {}

  async execute(command: CloneCollectionCommand): Promise<{ collection: Collection; sourceCollectionId: string }> {
    const original = await new GetCollection(this.deps).execute(command.namespaceId, command.collection);
    const was = original.featureExtractor;
    const fe = command.featureExtractor ?? {};
    const sameExtractor =
      (fe.featureExtractorName ?? was.featureExtractorName) === was.featureExtractorName && (fe.version ?? was.version) === was.version;
    const collection = await new CreateCollection(this.deps).execute({
      namespaceId: command.namespaceId,
      collectionName: command.collectionName,
      description: command.description !== undefined ? command.description : original.description,
      source: command.source ?? { ...original.source },
      featureExtractor: {
        featureExtractorName: fe.featureExtractorName ?? was.featureExtractorName,
        version: fe.version ?? was.version,
        parameters: fe.parameters ?? (sameExtractor ? was.parameters : {}),
        // Another extractor has other inputs: infer them again unless given.
        inputMappings: fe.inputMappings !== undefined ? fe.inputMappings : sameExtractor && command.source === undefined ? was.inputMappings : null,
        fieldPassthrough: fe.fieldPassthrough ?? (was.fieldPassthrough ?? []).map((f) => ({ sourcePath: f.sourcePath, targetPath: f.targetPath })),
        includeAllSourceFields: fe.includeAllSourceFields ?? was.includeAllSourceFields ?? false,
      },
      enabled: command.enabled ?? original.enabled,
      metadata: command.metadata ?? original.metadata,
    });
    return { collection, sourceCollectionId: original.collectionId };
  }
}
