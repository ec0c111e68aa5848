export { type IngestionDeps } from './shared/deps';
export { objectEvent, collectionEvent, outboxMessage, publishLifecycle } from './shared/lifecycle-events';
export { type SortOption, type ListQuery, type ListResult } from './shared/list-query';
export { FILTER_OPERATORS, type FilterOperator, type RecordPredicate, readPath, compileFilter, sortRecords, matchesSearch, selectFields, MAX_SCAN, scanAll, listFiltered } from './shared/record-filter';
export { AuthenticateApiKey } from './api-keys/authenticate-api-key';
export { CreateApiKey } from './api-keys/create-api-key';
export { EnsureBootstrapKey } from './api-keys/ensure-bootstrap-key';
export { type Principal, OPEN_PRINCIPAL, mayUseNamespace } from './api-keys/principal';
export { RevokeApiKey } from './api-keys/revoke-api-key';
export { type CreateNamespaceCommand, CreateNamespace } from './namespaces/create-namespace';
export { DeleteNamespace } from './namespaces/delete-namespace';
export { GetNamespace } from './namespaces/get-namespace';
export { ListNamespaces } from './namespaces/list-namespaces';
export { type UpdateNamespaceCommand, UpdateNamespace } from './namespaces/update-namespace';
export { type CreateBucketCommand, CreateBucket } from './buckets/create-bucket';
export { DeleteBucket } from './buckets/delete-bucket';
export { type BucketStats, DescribeBucket } from './buckets/describe-bucket';
export { GetBucket } from './buckets/get-bucket';
export { ListBuckets } from './buckets/list-buckets';
export { type UpdateBucketCommand, UpdateBucket } from './buckets/update-bucket';
export { type BlobInput, uniqueKeyValueOf } from './objects/blob-writer';
export { type CreateObjectCommand, CreateObject, resolveWritePolicy } from './objects/create-object';
export { type BatchObjectFailure, CreateObjectsBatch } from './objects/create-objects-batch';
export {
  BULK_CHUNK_DEFAULT,
  BULK_CHUNK_MAX,
  BULK_ERRORS_SHOWN,
  type BulkCreateObjectsCommand,
  type BulkCreateObjectsResult,
  type BulkLine,
  type BulkLineError,
  BulkCreateObjects,
  BulkRun,
} from './objects/bulk-create-objects';
export { DeleteObject } from './objects/delete-object';
export { GetObject } from './objects/get-object';
export { ListObjects } from './objects/list-objects';
export { selectObjectIds } from './objects/select-object-ids';
export { type UpdateObjectCommand, UpdateObject } from './objects/update-object';
export { ListObjectDocuments } from './objects/list-object-documents';
export { type DecompositionNode, type DecompositionTree, MAX_TREE_DOCUMENTS, DescribeDecompositionTree } from './objects/describe-decomposition-tree';
export { ConfirmUpload } from './uploads/confirm-upload';
export { type CheckedUpload, type CreateUploadCommand, type CreatedUpload, CreateUpload } from './uploads/create-upload';
export { MAX_UPLOADS_PER_BATCH, CreateUploadsBatch } from './uploads/create-uploads-batch';
export { type UploadConfirmation, type ConfirmationResult, ConfirmUploadsBatch } from './uploads/confirm-uploads-batch';
export { DeleteUpload } from './uploads/delete-upload';
export { GetUpload } from './uploads/get-upload';
export { ListUploads } from './uploads/list-uploads';
export { ReceiveUploadContent } from './uploads/receive-upload-content';
export { type BackfillOutputSchemasResult, BackfillCollectionOutputSchemas } from './collections/backfill-output-schemas';
export { type CloneCollectionCommand, CloneCollection } from './collections/clone-collection';
export { CountCollectionDocuments } from './collections/count-collection-documents';
export { type CreateCollectionCommand, CreateCollection } from './collections/create-collection';
export { DeleteCollection } from './collections/delete-collection';
export { type CollectionFeature, DescribeCollectionFeatures } from './collections/describe-collection-features';
export { GetCollection } from './collections/get-collection';
export { ListCollections } from './collections/list-collections';
export { type TriggerResult, TriggerCollection } from './collections/trigger-collection';
export { type UpdateCollectionCommand, UpdateCollection } from './collections/update-collection';
export { DeleteDocument } from './documents/delete-document';
export { type DocumentDeleteResult, MAX_DOCUMENTS_PER_DELETE, MAX_DOCUMENTS_PER_DELETE_BY_FILTERS, DeleteDocumentsBatch } from './documents/delete-documents-batch';
export { SYSTEM_DOCUMENT_FIELDS, PatchDocument } from './documents/patch-document';
export { MAX_DOCUMENT_FIELDS, MAX_DOCUMENT_PAYLOAD_BYTES, type NamedVectors } from './documents/document-writes';
export { type CreateDocumentCommand, CreateDocument } from './documents/create-document';
export { UpdateDocument } from './documents/update-document';
export {
  type DocumentUpdate,
  type DocumentUpdateResult,
  MAX_DOCUMENTS_PER_UPDATE,
  MAX_DOCUMENTS_PER_BULK_UPDATE,
  UpdateDocumentsBatch,
  BulkUpdateDocuments,
} from './documents/update-documents-batch';
// The public records live in libs/contracts (the stores' query compilers read them too).
export { namespaceRecord, bucketRecord, objectRecord, uploadRecord, type UploadResponseExtra, bucketSchemaOf, collectionRecord, lineageRecord, internalRecord, documentRecord } from '@strata/contracts';
export { GetDocument } from './documents/get-document';
export { type DocumentLineageView, MAX_LINEAGE_DEPTH, GetDocumentLineage } from './documents/get-document-lineage';
export { ListDocuments } from './documents/list-documents';
export { type SearchDocumentsCommand, SearchDocuments } from './documents/search-documents';
export { AddObjectsToBatch } from './batches/add-objects-to-batch';
export { manifestKey } from './batches/batch-manifest';
export { BATCH_OBJECT_IDS_SHOWN, type BatchView, viewOf } from './batches/batch-view';
export { BuildBatchView } from './batches/build-batch-view';
export { CancelBatch } from './batches/cancel-batch';
export { CheckBatchHealth } from './batches/check-batch-health';
export { CreateBatch } from './batches/create-batch';
export { DeleteBatch } from './batches/delete-batch';
export { DescribeBatch } from './batches/describe-batch';
export { GetBatch } from './batches/get-batch';
export { ListBatches } from './batches/list-batches';
export { ListBatchObjects } from './batches/list-batch-objects';
export { ListFailedItems } from './batches/list-failed-items';
export { GetBatchLogs } from './batches/get-batch-logs';
export { PatchBatch } from './batches/patch-batch';
export { type RetryMode, type RetryBatchCommand, type RetryBatchResult, RetryBatch } from './batches/retry-batch';
export { SubmitBatch } from './batches/submit-batch';
export { DeleteTask } from './tasks/delete-task';
export { GetTask } from './tasks/get-task';
export { ListTasks } from './tasks/list-tasks';
export { type ScheduleRunView, ListScheduleRuns } from './schedules/list-schedule-runs';
export { CreateSchedule } from './schedules/create-schedule';
export { DeleteSchedule } from './schedules/delete-schedule';
export { GetSchedule } from './schedules/get-schedule';
export { ListSchedules } from './schedules/list-schedules';
export { ReconcileSchedules } from './schedules/reconcile-schedules';
export { type ScheduleFields, checkScheduleFields } from './schedules/schedule-fields';
export { UpdateSchedule } from './schedules/update-schedule';
export { RunSchedule } from './schedules/run-schedule';
