import { Provider } from '@nestjs/common';
import { systemClock } from '@strata/domain';
import type { ExtractorRegistry } from '@strata/extractors';
import {
  AddObjectsToBatch,
  BackfillCollectionOutputSchemas,
  SearchDocuments,
  AuthenticateApiKey,
  CreateApiKey,
  EnsureBootstrapKey,
  RevokeApiKey,
  CancelBatch,
  DeleteBatch,
  DeleteTask,
  ListBatchObjects,
  ListFailedItems,
  GetBatchLogs,
  ListTasks,
  PatchBatch,
  CheckBatchHealth,
  BuildBatchView,
  DescribeBatch,
  ListBatches,
  CreateBatch,
  CreateBucket,
  CreateCollection,
  CreateNamespace,
  CreateObject,
  GetBatch,
  GetBucket,
  GetCollection,
  GetDocument,
  GetNamespace,
  GetObject,
  GetTask,
  IngestionDeps,
  ListDocuments,
  SubmitBatch,
} from '@strata/api-use-cases';
import { TOKENS } from '@strata/platform';
import { DEFAULT_HEALTH_THRESHOLDS } from '@strata/status';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, VectorStore, WakeUps } from '@strata/ports';
import type { BatchApiConfig } from './config';

/** Every use case batch-api serves, built once over the ports. */
export class IngestionUseCases {
  readonly createNamespace: CreateNamespace;
  readonly getNamespace: GetNamespace;
  readonly createBucket: CreateBucket;
  readonly getBucket: GetBucket;
  readonly createObject: CreateObject;
  readonly getObject: GetObject;
  readonly createCollection: CreateCollection;
  readonly getCollection: GetCollection;
  readonly createBatch: CreateBatch;
  readonly addObjectsToBatch: AddObjectsToBatch;
  readonly submitBatch: SubmitBatch;
  readonly getBatch: GetBatch;
  readonly getTask: GetTask;
  readonly listDocuments: ListDocuments;
  readonly getDocument: GetDocument;
  readonly buildBatchView: BuildBatchView;
  readonly describeBatch: DescribeBatch;
  readonly checkBatchHealth: CheckBatchHealth;
  readonly listBatches: ListBatches;
  readonly cancelBatch: CancelBatch;
  readonly searchDocuments: SearchDocuments;
  readonly authenticateApiKey: AuthenticateApiKey;
  readonly createApiKey: CreateApiKey;
  readonly ensureBootstrapKey: EnsureBootstrapKey;
  readonly revokeApiKey: RevokeApiKey;
  readonly patchBatch: PatchBatch;
  readonly deleteBatch: DeleteBatch;
  readonly listFailedItems: ListFailedItems;
  readonly getBatchLogs: GetBatchLogs;
  readonly listBatchObjects: ListBatchObjects;
  readonly listTasks: ListTasks;
  readonly deleteTask: DeleteTask;
  readonly backfillOutputSchemas: BackfillCollectionOutputSchemas;

  constructor(readonly deps: IngestionDeps) {
    this.createNamespace = new CreateNamespace(deps);
    this.getNamespace = new GetNamespace(deps);
    this.createBucket = new CreateBucket(deps);
    this.getBucket = new GetBucket(deps);
    this.createObject = new CreateObject(deps);
    this.getObject = new GetObject(deps);
    this.createCollection = new CreateCollection(deps);
    this.getCollection = new GetCollection(deps);
    this.createBatch = new CreateBatch(deps);
    this.addObjectsToBatch = new AddObjectsToBatch(deps);
    this.submitBatch = new SubmitBatch(deps);
    this.getBatch = new GetBatch(deps);
    this.getTask = new GetTask(deps);
    this.listDocuments = new ListDocuments(deps);
    this.getDocument = new GetDocument(deps);
    this.buildBatchView = new BuildBatchView(deps);
    this.describeBatch = new DescribeBatch(deps);
    this.checkBatchHealth = new CheckBatchHealth(deps);
    this.listBatches = new ListBatches(deps);
    this.cancelBatch = new CancelBatch(deps);
    this.searchDocuments = new SearchDocuments(deps);
    this.authenticateApiKey = new AuthenticateApiKey(deps);
    this.createApiKey = new CreateApiKey(deps);
    this.ensureBootstrapKey = new EnsureBootstrapKey(deps);
    this.revokeApiKey = new RevokeApiKey(deps);
    this.patchBatch = new PatchBatch(deps);
    this.deleteBatch = new DeleteBatch(deps);
    this.listFailedItems = new ListFailedItems(deps);
    this.getBatchLogs = new GetBatchLogs(deps);
    this.listBatchObjects = new ListBatchObjects(deps);
    this.listTasks = new ListTasks(deps);
    this.deleteTask = new DeleteTask(deps);
    this.backfillOutputSchemas = new BackfillCollectionOutputSchemas(deps);
  }
}

export const BATCH_API_CONFIG = Symbol('BatchApiConfig');

export const ingestionProvider: Provider = {
  provide: IngestionUseCases,
  useFactory: (
    config: BatchApiConfig,
    metadata: MetadataStore,
    objects: ObjectStorage,
    vectors: VectorStore,
    tasks: TaskStore,
    events: EventPublisher,
    wakeUps: WakeUps,
    extractors: ExtractorRegistry,
    logger: Logger,
  ) =>
    new IngestionUseCases({
      metadata,
      objects,
      vectors,
      tasks,
      events,
      wakeUps,
      extractors,
      logger,
      clock: systemClock,
      workChunkSize: config.WORK_CHUNK_SIZE,
      healthThresholds: {
        ...DEFAULT_HEALTH_THRESHOLDS,
        stallMs: config.STALL_SECONDS * 1_000,
        unclaimedMs: config.UNCLAIMED_SECONDS * 1_000,
        degradedErrorRatio: config.ERROR_RATIO_DEGRADED,
        unhealthyErrorRatio: config.ERROR_RATIO_UNHEALTHY,
      },
    }),
  inject: [
    BATCH_API_CONFIG,
    TOKENS.metadataStore,
    TOKENS.objectStorage,
    TOKENS.vectorStore,
    TOKENS.taskStore,
    TOKENS.publisher,
    TOKENS.wakeUps,
    TOKENS.extractors,
    TOKENS.logger,
  ],
};
