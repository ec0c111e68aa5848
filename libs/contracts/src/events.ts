/**
 * Domain events: published on JetStream at `<prefix>.events.v1.<event_type>`, consumed by the
 * webhook dispatcher and by any internal subscriber. The envelope follows Mixpeek's webhook
 * payload. Adding optional metadata fields is compatible; removing or renaming one is a breaking
 * change that needs a new `version`.
 */
export const DOMAIN_EVENT_TYPES = [
  'batch.queued',
  'batch.processing',
  'batch.tier.completed',
  'batch.completed',
  'batch.completed_with_errors',
  'batch.failed',
  'batch.canceled',
  'collection.documents.written',
  // Resource lifecycle events (docs/adr/0021-webhook-signing-and-events.md). object.created and collection.created are published
  // today; the updated/deleted ones are reserved for the update/delete endpoints.
  'object.created',
  'object.updated',
  'object.deleted',
  // One per chunk of the bulk route instead of one object.created per object (docs/adr/0101-bulk-object-ingest.md).
  'object.bulk_created',
  'collection.created',
  'collection.updated',
  'collection.deleted',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export interface DomainEventV1<M extends Record<string, unknown> = Record<string, unknown>> {
  readonly event_id: string;
  readonly event_type: DomainEventType;
  readonly occurred_at: string;
  readonly namespace_id: string;
  readonly subject: { readonly type: DomainEventSubjectType; readonly id: string };
  readonly metadata: M;
  readonly version: 1;
}

export type DomainEvent = DomainEventV1;

/** What an event is about. */
export type DomainEventSubjectType = 'batch' | 'collection' | 'object' | 'bucket';

/** Metadata of object.created / object.updated / object.deleted. */
export interface ObjectEventMetadata extends Record<string, unknown> {
  object_id: string;
  bucket_id: string;
  namespace_id: string;
  /** Properties of the object's blobs (e.g. ["content"]). */
  blob_properties?: string[];
}

/** Metadata of object.bulk_created: one stored chunk of the bulk route (subject: the bucket). */
export interface ObjectsBulkCreatedMetadata extends Record<string, unknown> {
  bucket_id: string;
  namespace_id: string;
  /** The DRAFT batch the chunk's objects were added to (`?batch_id=`), else null. */
  batch_id: string | null;
  object_count: number;
  /** The chunk's object ids in line order (at most the chunk size, 1,000). */
  object_ids: string[];
}

/** Metadata of collection.created / collection.updated / collection.deleted. */
export interface CollectionEventMetadata extends Record<string, unknown> {
  collection_id: string;
  collection_name: string;
  namespace_id: string;
  /** On collection.updated: the fields that changed. */
  updated_fields?: string[];
}

/** True when `value` is one of {@link DOMAIN_EVENT_TYPES}. */
export function isDomainEventType(value: unknown): value is DomainEventType {
  return typeof value === 'string' && (DOMAIN_EVENT_TYPES as readonly string[]).includes(value);
}

/** Metadata of batch lifecycle events. */
export interface BatchEventMetadata extends Record<string, unknown> {
  batch_id: string;
  bucket_id: string;
  status: string;
  task_id: string | null;
  tier?: number;
  total_items?: number;
  succeeded_items?: number;
  failed_items?: number;
  /** Set from the first retry on (POST .../retry): which retry round the event belongs to. */
  retry_round?: number;
  /** Of succeeded_items, those skipped as unchanged (incremental re-processing; added with batch policies, docs/adr/0050-batch-policies.md). */
  skipped_items?: number;
  /** Terminal events of a finished batch: documents removed because their object was deleted from the bucket (docs/adr/0050-batch-policies.md). */
  deleted_documents?: number;
  /** Why the batch failed, e.g. which error-policy threshold was crossed (added with batch policies, docs/adr/0050-batch-policies.md). */
  error?: string;
}

/** Metadata of collection.documents.written; ids are listed up to {@link MAX_EVENT_DOCUMENT_IDS}. */
export interface DocumentsWrittenMetadata extends Record<string, unknown> {
  collection_id: string;
  batch_id: string;
  tier: number;
  document_count: number;
  document_ids: string[];
  /** True when document_ids was cut to the limit; list the collection's documents for the rest. */
  document_ids_truncated: boolean;
  /**
   * Identifies this write for cache invalidation (Mixpeek's index_signature): `sig_` + a hash of
   * the collection and the written document ids. Equal signatures mean the same write.
   */
  index_signature?: string;
  /** Where to list the collection's documents (API path, needs X-Namespace), e.g. when truncated. */
  documents_url?: string;
}

export const MAX_EVENT_DOCUMENT_IDS = 1_000;

/** The event type of a batch's terminal status. */
export function terminalEventType(status: string): DomainEventType | null {
  switch (status) {
    case 'COMPLETED':
      return 'batch.completed';
    case 'COMPLETED_WITH_ERRORS':
      return 'batch.completed_with_errors';
    case 'FAILED':
      return 'batch.failed';
    case 'CANCELED':
      return 'batch.canceled';
    default:
      return null;
  }
}
