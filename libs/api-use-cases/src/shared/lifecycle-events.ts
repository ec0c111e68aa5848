import type { CollectionEventMetadata, DomainEventType, DomainEventV1, ObjectEventMetadata } from '@strata/contracts';
import { Collection, derivedId, StoredObject } from '@strata/domain';
import { publishCommitted, type OutboxMessage } from '@strata/ports';
import type { IngestionDeps } from './deps';

/*
 * Resource lifecycle events (docs/adr/0021-webhook-signing-and-events.md): object.created/updated/deleted and
 * collection.created/updated/deleted. Each is written into the outbox in the same transaction as
 * the change it reports (the repository method takes it, docs/adr/0095-transactional-outbox.md),
 * published right after the commit by the writer, and by the outbox relay if that publish fails
 * or the process dies first. Event ids are deterministic (resource id, type, time of the change),
 * so the relay's copy and the writer's are one message on the stream (JetStream de-duplication).
 */

type EventDeps = Pick<IngestionDeps, 'events' | 'logger' | 'metadata'>;

/** The outbox message of a lifecycle event. */
export const outboxMessage = (event: DomainEventV1): OutboxMessage => ({ event, correlationId: null });

/** Publishes events whose outbox rows just committed; a failure is left to the relay, never thrown. */
export const publishLifecycle = (deps: EventDeps, messages: readonly OutboxMessage[]): Promise<void> =>
  publishCommitted({ events: deps.events, outbox: deps.metadata.outbox, logger: deps.logger }, messages);

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
