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
import { Connection, createConnection } from 'mongoose';
import { MongoApiKeyRepository } from './mongo-api-key.repository';
import { MongoBatchRepository } from './mongo-batch.repository';
import { MongoBucketRepository } from './mongo-bucket.repository';
import { MongoCollectionRepository } from './mongo-collection.repository';
import { MongoDocumentRepository } from './mongo-document.repository';
import { MetadataModels, defineModels } from './mongo-models';
import { MongoNamespaceRepository } from './mongo-namespace.repository';
import { MongoObjectRepository } from './mongo-object.repository';
import { MongoOutboxRepository } from './mongo-outbox.repository';
import { MongoScheduleRepository } from './mongo-schedule.repository';
import { MongoTransactions } from './mongo-transactions';
import { MongoUploadRepository } from './mongo-upload.repository';
import { MongoWebhookDeliveryRepository } from './mongo-webhook-delivery.repository';
import { MongoWebhookRepository } from './mongo-webhook.repository';

export interface MongoMetadataStoreOptions {
  url: string;
  /** Database name; defaults to the one in the URL, else `strata`. */
  dbName?: string;
  /** Prefix of the MongoDB collection names, so installations (and tests) can share a database. */
  collectionPrefix?: string;
  /** Server selection / socket timeouts (ms). */
  timeoutMs?: number;
  /**
   * Multi-document transactions: `auto` (default) asks the server (replica set or mongos: on;
   * standalone or CongoDB: off, ordered writes instead); `on` / `off` force it.
   */
  transactions?: 'auto' | 'on' | 'off';
}

/**
 * The metadata store on MongoDB (mongoose). One repository class per file; this class opens the
 * connection, builds the models and ensures their indexes before it is used.
 */
export class MongoMetadataStore implements MetadataStore {
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

  private constructor(
    private readonly connection: Connection,
    readonly models: MetadataModels,
    /** Whether multi-document writes run in transactions (see MongoTransactions). */
    readonly transactions: MongoTransactions,
  ) {
    this.namespaces = new MongoNamespaceRepository(models);
    this.buckets = new MongoBucketRepository(models);
    this.objects = new MongoObjectRepository(models.objects, models.deletedObjects, models.outbox, transactions);
    this.uploads = new MongoUploadRepository(models.uploads);
    this.collections = new MongoCollectionRepository(models.collections, models.documents, models.outbox, transactions);
    const documents = new MongoDocumentRepository(models);
    this.documents = documents;
    this.batches = new MongoBatchRepository(models, transactions, (records) => documents.upsertMany(records));
    this.outbox = new MongoOutboxRepository(models.outbox);
    this.apiKeys = new MongoApiKeyRepository(models.apiKeys);
    this.schedules = new MongoScheduleRepository(models);
    this.webhooks = new MongoWebhookRepository(models.webhooks);
    this.webhookDeliveries = new MongoWebhookDeliveryRepository(models.deliveries);
  }

  /** Connects and creates the indexes (idempotent: existing indexes are left as they are). */
  static async connect(options: MongoMetadataStoreOptions): Promise<MongoMetadataStore> {
    const timeout = options.timeoutMs ?? 10_000;
    const connection = createConnection(options.url, {
      ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
      serverSelectionTimeoutMS: timeout,
      socketTimeoutMS: Math.max(timeout * 3, 30_000),
      autoIndex: false,
      autoCreate: false,
      // Polled heartbeats instead of the streaming (exhaust) protocol: CongoDB breaks the stream
      // under load, and polling every 10 s costs nothing on a real server.
      serverMonitoringMode: 'poll',
    });
    await connection.asPromise();
    const models = defineModels(connection, options.collectionPrefix ?? 'strata');
    await Promise.all(Object.values(models).map((m: MetadataModels[keyof MetadataModels]) => m.createIndexes()));
    return new MongoMetadataStore(connection, models, await MongoTransactions.detect(connection, options.transactions ?? 'auto'));
  }

  async ping(): Promise<void> {
    const db = this.connection.db;
    if (db === undefined) throw new Error('not connected to MongoDB');
    await db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Drops this store's collections (tests clean up after themselves). */
  async dropAll(): Promise<void> {
    await Promise.all(Object.values(this.models).map((m: MetadataModels[keyof MetadataModels]) => m.collection.drop().catch(() => undefined)));
  }
}
