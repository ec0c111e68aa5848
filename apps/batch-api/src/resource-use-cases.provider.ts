import { Provider } from '@nestjs/common';
import {
  ConfirmUpload,
  ConfirmUploadsBatch,
  CreateUploadsBatch,
  BulkCreateObjects,
  CreateObjectsBatch,
  CreateUpload,
  DeleteBucket,
  DeleteCollection,
  DeleteDocument,
  DeleteDocumentsBatch,
  CreateDocument,
  UpdateDocument,
  UpdateDocumentsBatch,
  BulkUpdateDocuments,
  PatchDocument,
  DescribeDecompositionTree,
  GetDocumentLineage,
  ListObjectDocuments,
  DeleteNamespace,
  CountCollectionDocuments,
  DescribeCollectionFeatures,
  ListCollections,
  RetryBatch,
  UpdateCollection,
  CloneCollection,
  DeleteObject,
  DeleteUpload,
  DescribeBucket,
  GetUpload,
  ListBuckets,
  ListNamespaces,
  ListObjects,
  ListUploads,
  ReceiveUploadContent,
  UpdateBucket,
  UpdateNamespace,
  UpdateObject,
} from '@strata/api-use-cases';
import type { BatchApiConfig } from './config';
import { BATCH_API_CONFIG, IngestionUseCases } from './ingestion.provider';

/**
 * The namespace, bucket, object, upload and collection use cases beyond create/get, document
 * delete and batch retry (kept apart from
 * IngestionUseCases so the resource work and the batch work change different files).
 */
export class ResourceUseCases {
  readonly updateNamespace: UpdateNamespace;
  readonly listNamespaces: ListNamespaces;
  readonly deleteNamespace: DeleteNamespace;
  readonly describeBucket: DescribeBucket;
  readonly updateBucket: UpdateBucket;
  readonly listBuckets: ListBuckets;
  readonly deleteBucket: DeleteBucket;
  readonly createObjectsBatch: CreateObjectsBatch;
  readonly bulkCreateObjects: BulkCreateObjects;
  readonly updateObject: UpdateObject;
  readonly deleteObject: DeleteObject;
  readonly listObjects: ListObjects;
  readonly createUpload: CreateUpload;
  readonly receiveUploadContent: ReceiveUploadContent;
  readonly confirmUpload: ConfirmUpload;
  readonly createUploadsBatch: CreateUploadsBatch;
  readonly confirmUploadsBatch: ConfirmUploadsBatch;
  readonly getUpload: GetUpload;
  readonly deleteUpload: DeleteUpload;
  readonly listUploads: ListUploads;
  readonly listCollections: ListCollections;
  readonly updateCollection: UpdateCollection;
  readonly cloneCollection: CloneCollection;
  readonly deleteCollection: DeleteCollection;
  readonly describeCollectionFeatures: DescribeCollectionFeatures;
  readonly countCollectionDocuments: CountCollectionDocuments;
  readonly deleteDocument: DeleteDocument;
  readonly deleteDocumentsBatch: DeleteDocumentsBatch;
  readonly patchDocument: PatchDocument;
  readonly createDocument: CreateDocument;
  readonly updateDocument: UpdateDocument;
  readonly updateDocumentsBatch: UpdateDocumentsBatch;
  readonly bulkUpdateDocuments: BulkUpdateDocuments;
  readonly listObjectDocuments: ListObjectDocuments;
  readonly describeDecompositionTree: DescribeDecompositionTree;
  readonly getDocumentLineage: GetDocumentLineage;
  readonly retryBatch: RetryBatch;

  constructor(
    ingestion: IngestionUseCases,
    readonly maxUploadBytes: number,
    /** The bulk route's limit per NDJSON line (MAX_JSON_BYTES, the JSON body limit of the other routes). */
    readonly maxLineBytes: number = 10 * 1024 * 1024,
  ) {
    const deps = ingestion.deps;
    this.updateNamespace = new UpdateNamespace(deps);
    this.listNamespaces = new ListNamespaces(deps);
    this.deleteNamespace = new DeleteNamespace(deps);
    this.describeBucket = new DescribeBucket(deps);
    this.updateBucket = new UpdateBucket(deps);
    this.listBuckets = new ListBuckets(deps);
    this.deleteBucket = new DeleteBucket(deps);
    this.createObjectsBatch = new CreateObjectsBatch(deps);
    this.bulkCreateObjects = new BulkCreateObjects(deps);
    this.updateObject = new UpdateObject(deps);
    this.deleteObject = new DeleteObject(deps);
    this.listObjects = new ListObjects(deps);
    this.createUpload = new CreateUpload(deps, maxUploadBytes);
    this.receiveUploadContent = new ReceiveUploadContent(deps);
    this.confirmUpload = new ConfirmUpload(deps);
    this.createUploadsBatch = new CreateUploadsBatch(deps, maxUploadBytes);
    this.confirmUploadsBatch = new ConfirmUploadsBatch(deps);
    this.getUpload = new GetUpload(deps);
    this.deleteUpload = new DeleteUpload(deps);
    this.listUploads = new ListUploads(deps);
    this.listCollections = new ListCollections(deps);
    this.updateCollection = new UpdateCollection(deps);
    this.cloneCollection = new CloneCollection(deps);
    this.deleteCollection = new DeleteCollection(deps);
    this.describeCollectionFeatures = new DescribeCollectionFeatures(deps);
    this.countCollectionDocuments = new CountCollectionDocuments(deps);
    this.deleteDocument = new DeleteDocument(deps);
    this.deleteDocumentsBatch = new DeleteDocumentsBatch(deps);
    this.patchDocument = new PatchDocument(deps);
    this.createDocument = new CreateDocument(deps);
    this.updateDocument = new UpdateDocument(deps);
    this.updateDocumentsBatch = new UpdateDocumentsBatch(deps);
    this.bulkUpdateDocuments = new BulkUpdateDocuments(deps);
    this.listObjectDocuments = new ListObjectDocuments(deps);
    this.describeDecompositionTree = new DescribeDecompositionTree(deps);
    this.getDocumentLineage = new GetDocumentLineage(deps);
    this.retryBatch = new RetryBatch(deps);
  }
}

export const resourceUseCasesProvider: Provider = {
  provide: ResourceUseCases,
  useFactory: (config: BatchApiConfig, ingestion: IngestionUseCases) => new ResourceUseCases(ingestion, config.MAX_UPLOAD_BYTES, config.MAX_JSON_BYTES),
  inject: [BATCH_API_CONFIG, IngestionUseCases],
};
