import type {
  ApiKeyRepository,
  BatchRepository,
  BucketRepository,
  CollectionRepository,
  DocumentRepository,
  MetadataStore,
  NamespaceRepository,
  ObjectRepository,
  OutboxRepository,
  ScheduleRepository,
  UploadRepository,
  WebhookDeliveryRepository,
  WebhookRepository,
} from '@strata/ports';
import type { Statement } from 'better-sqlite3';
import { METADATA_MIGRATIONS } from './metadata-schema';
import { SqliteApiKeyRepository } from './sqlite-api-key.repository';
import { SqliteBatchRepository } from './sqlite-batch.repository';
import { SqliteBucketRepository } from './sqlite-bucket.repository';
import { SqliteCollectionRepository } from './sqlite-collection.repository';
import { SqliteDocumentRepository } from './sqlite-document.repository';
import { SqliteNamespaceRepository } from './sqlite-namespace.repository';
import { SqliteObjectRepository } from './sqlite-object.repository';
import { SqliteOutboxRepository } from './sqlite-outbox.repository';
import { SqliteUploadRepository } from './sqlite-upload.repository';
import { SqliteDb, migrate, openSqlite } from './sqlite-database';
import { registerListFunctions } from './sqlite-list-query';
import { SqliteSchedules } from './sqlite-schedule.repository';
import { SqliteWebhookDeliveries, SqliteWebhooks } from './sqlite-webhook.repository';

/** Kept for callers of the store's public surface; the helper lives beside its repository. */
export { documentSourceId } from './sqlite-document.repository';

/**
 * The embedded metadata store: one SQLite file in WAL mode, shared by the four processes of a
 * single-machine installation. Every write that reads first runs in an IMMEDIATE transaction, so
 * concurrent processes queue on the write lock instead of failing with SQLITE_BUSY mid-way.
 * One repository class per file (`sqlite-*.repository.ts`), as in the Mongo adapter; this class
 * opens and migrates the database and hands the one connection to each.
 */
export class SqliteMetadataStore implements MetadataStore {
  readonly namespaces: NamespaceRepository;
  readonly buckets: BucketRepository;
  readonly objects: ObjectRepository;
  readonly uploads: UploadRepository;
  readonly collections: CollectionRepository;
  readonly batches: BatchRepository;
  readonly documents: DocumentRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly schedules: ScheduleRepository;
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  readonly outbox: OutboxRepository;
  private readonly db: SqliteDb;
  /** changeToken's two statements, prepared at its first call. */
  private tokenReads: { version: Statement<unknown[]>; own: Statement<unknown[]> } | undefined;

  constructor(file: string) {
    this.db = openSqlite(file);
    migrate(this.db, 'metadata_migrations', METADATA_MIGRATIONS);
    registerListFunctions(this.db);
    this.namespaces = new SqliteNamespaceRepository(this.db);
    this.buckets = new SqliteBucketRepository(this.db);
    this.objects = new SqliteObjectRepository(this.db);
    this.uploads = new SqliteUploadRepository(this.db);
    this.collections = new SqliteCollectionRepository(this.db);
    const documents = new SqliteDocumentRepository(this.db);
    this.documents = documents;
    this.batches = new SqliteBatchRepository(this.db, (records) => documents.upsertManyNow(records));
    this.outbox = new SqliteOutboxRepository(this.db);
    this.apiKeys = new SqliteApiKeyRepository(this.db);
    this.schedules = new SqliteSchedules(this.db);
    this.webhooks = new SqliteWebhooks(this.db);
    this.webhookDeliveries = new SqliteWebhookDeliveries(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * `data_version` changes when another connection (another process) commits to the file;
   * `total_changes()` counts the rows this connection changed. Together they change whenever the
   * data may have: two statements of a few microseconds, without a read of any table.
   */
  changeToken(): string {
    this.tokenReads ??= { version: this.db.prepare('PRAGMA data_version').pluck(), own: this.db.prepare('SELECT total_changes()').pluck() };
    return `${this.tokenReads.version.get() as number}:${this.tokenReads.own.get() as number}`;
  }
}
