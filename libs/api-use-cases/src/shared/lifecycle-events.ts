import type { CollectionEventMetadata, DomainEventType, DomainEventV1, ObjectEventMetadata } from '@strata/contracts';
import { Collection, derivedId, StoredObject } from '@strata/domain';
import type { IngestionDeps } from './deps';

/*
 * Resource lifecycle events (docs/adr/0021-webhook-signing-and-events.md): object.created/updated/deleted and collection.created/updated/deleted, published after
 * the row is committed. Publishing is best effort, like batch.queued: the write already
 * succeeded, a lost event only costs subscribers a notification (see ADR 0002 and 0021).
 */

type EventDeps = Pick<IngestionDeps, 'events' | 'logger'>;

async function publish(deps: EventDeps, event: DomainEventV1): Promise<void> {
  try {
    await deps.events.publishEvent(event);
  } catch (error) {
    deps.logger.error({ event_id: event.event_id, event_type: event.event_type, err: (error as Error).message }, 'could not publish domain event');
  }
}

export function objectEvent(type: Extract<DomainEventType, `object.${string}`>, object: StoredObject, at: string): DomainEventV1<ObjectEventMetadata> {
  return {
    event_id: derivedId('event', object.objectId, type, at),
    event_type: type,
    occurred_at: at,
    namespace_id: object.namespaceId,
    subject: { type: 'object', id: object.objectId },
    metadata: {
      object_id: object.objectId,
      bucket_id: object.bucketId,
      namespace_id: object.namespaceId,
      blob_properties: object.blobs.map((b) => b.property),
    },
    version: 1,
  };
}

export function collectionEvent(
  type: Extract<DomainEventType, `collection.${'created' | 'updated' | 'deleted'}`>,
  collection: Collection,
  at: string,
  updatedFields?: readonly string[],
): DomainEventV1<CollectionEventMetadata> {
  return {
    event_id: derivedId('event', collection.collectionId, type, at),
    event_type: type,
    occurred_at: at,
    namespace_id: collection.namespaceId,
    subject: { type: 'collection', id: collection.collectionId },
    metadata: {
      collection_id: collection.collectionId,
      collection_name: collection.collectionName,
      namespace_id: collection.namespaceId,
      ...(updatedFields === undefined ? {} : { updated_fields: [...updatedFields] }),
    },
    version: 1,
  };
}

export const publishObjectCreated = (deps: EventDeps, object: StoredObject): Promise<void> =>
  publish(deps, objectEvent('object.created', object, object.createdAt));

/** object.updated / object.deleted; the event id includes the time, so each change is its own event. */
export const publishObjectEvent = (
  deps: EventDeps,
  type: 'object.updated' | 'object.deleted',
  object: StoredObject,
  at: string,
): Promise<void> => publish(deps, objectEvent(type, object, at));

export const publishCollectionCreated = (deps: EventDeps, collection: Collection): Promise<void> =>
  publish(deps, collectionEvent('collection.created', collection, collection.createdAt));

/** collection.updated (with the fields that changed) / collection.deleted; each change is its own event. */
export const publishCollectionEvent = (
  deps: EventDeps,
  type: 'collection.updated' | 'collection.deleted',
  collection: Collection,
  at: string,
  updatedFields?: readonly string[],
): Promise<void> => publish(deps, collectionEvent(type, collection, at, updatedFields));
