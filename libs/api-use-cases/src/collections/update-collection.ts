import { Collection, isoNow, NotFoundError, ValidationError } from '@strata/domain';
import type { CollectionPatch } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';
import { collectionEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';
import { COLLECTION_NAME } from './create-collection';
import { GetCollection } from './get-collection';

/*
 * Source and feature extractor never change after create: they change by cloning
 * (CloneCollection), as in Mixpeek.
 */
export interface UpdateCollectionCommand extends CollectionPatch {
  namespaceId: string;
  collection: string;
}

export class UpdateCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock' | 'events' | 'logger'>) {}

  /** Publishes collection.updated naming the fields that changed. @throws NotFoundError, ValidationError, AlreadyExistsError */
  async execute(command: UpdateCollectionCommand): Promise<Collection> {
    if (command.collectionName !== undefined && !COLLECTION_NAME.test(command.collectionName)) {
      throw new ValidationError('collection_name must be 3-100 characters of letters, digits, ".", "_" or "-"');
    }
    const current = await new GetCollection(this.deps).execute(command.namespaceId, command.collection);
    const patch: CollectionPatch = {};
    const changed: string[] = [];
    if (command.collectionName !== undefined && command.collectionName !== current.collectionName) {
      patch.collectionName = command.collectionName;
      changed.push('collection_name');
    }
    if (command.description !== undefined && command.description !== current.description) {
      patch.description = command.description;
      changed.push('description');
    }
    if (command.enabled !== undefined && command.enabled !== current.enabled) {
      patch.enabled = command.enabled;
      changed.push('enabled');
    }
    if (command.metadata !== undefined && JSON.stringify(command.metadata) !== JSON.stringify(current.metadata)) {
      patch.metadata = command.metadata;
      changed.push('metadata');
    }
    if (changed.length === 0) return current;
    const now = isoNow(this.deps.clock);
    // The event commits with the change (docs/adr/0095-transactional-outbox.md); built from the
    // patched record, which is what the update returns.
    const events = [outboxMessage(collectionEvent('collection.updated', { ...current, ...patch, updatedAt: now }, now, changed))];
    const updated = await this.deps.metadata.collections.update(command.namespaceId, current.collectionId, patch, now, events);
    if (updated === null) throw new NotFoundError('collection', command.collection);
    await publishLifecycle(this.deps, events);
    return updated;
  }
}
