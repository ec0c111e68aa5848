import type { MetadataStore } from '@strata/ports';
import { InMemoryApiKeyRepository } from './in-memory-api-key.repository';
import { InMemoryBatchRepository } from './in-memory-batch.repository';
import { InMemoryBucketRepository } from './in-memory-bucket.repository';
import { InMemoryCollectionRepository } from './in-memory-collection.repository';
import { InMemoryDocumentRepository } from './in-memory-document.repository';
import { InMemoryNamespaceRepository } from './in-memory-namespace.repository';
import { InMemoryObjectRepository } from './in-memory-object.repository';
import { InMemoryOutboxRepository } from './in-memory-outbox.repository';
import { InMemoryScheduleRepository } from './in-memory-schedule.repository';
import { InMemoryUploadRepository } from './in-memory-upload.repository';
import { Tables } from './in-memory-tables';
import { InMemoryWebhookDeliveries, InMemoryWebhooks } from './in-memory-webhook-store';

export type { RecordedItem } from './in-memory-tables';
export { InMemoryBatchRepository } from './in-memory-batch.repository';
export { InMemoryOutboxRepository } from './in-memory-outbox.repository';

/**
 * MetadataStore in memory, faithful to the SQLite store (see in-memory-tables.ts for what that
 * means). One repository class per file, all views on one set of tables; this class composes them.
 */
export class InMemoryMetadataStore implements MetadataStore {
  private readonly tables = new Tables();
  readonly namespaces = new InMemoryNamespaceRepository(this.tables);
  readonly buckets = new InMemoryBucketRepository(this.tables);
  readonly outbox = new InMemoryOutboxRepository();
  readonly objects = new InMemoryObjectRepository(this.tables, this.outbox);
  readonly uploads = new InMemoryUploadRepository(this.tables);
  readonly collections = new InMemoryCollectionRepository(this.tables, this.outbox);
  readonly documents = new InMemoryDocumentRepository(this.tables);
  readonly batches = new InMemoryBatchRepository(this.tables, this.outbox, (records) => this.documents.upsertMany(records));
  readonly apiKeys = new InMemoryApiKeyRepository();
  readonly schedules = new InMemoryScheduleRepository(this.tables);
  readonly webhooks = new InMemoryWebhooks();
  readonly webhookDeliveries = new InMemoryWebhookDeliveries();

  async ping(): Promise<void> {
    if (this.tables.closed) throw new Error('metadata store is closed');
  }

  async close(): Promise<void> {
    this.tables.closed = true;
  }
}
