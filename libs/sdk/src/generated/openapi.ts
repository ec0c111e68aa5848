/**
 * Generated from batch-api's OpenAPI document by `npm run sdk:generate`
 * (tools/scripts/sdk-generate.mjs, openapi-typescript). Do not edit: regenerate.
 * CI fails when this file is not current (`node tools/scripts/sdk-generate.mjs --check`).
 */
export interface paths {
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Interactive API documentation */
        get: operations["getApiDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a bucket (bucket_schema, optional unique_key) */
        post: operations["createBucket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a bucket with object_count, total_size_bytes and batch_stats */
        get: operations["getBucket"];
        /** Update a bucket */
        put: operations["replaceBucket"];
        post?: never;
        /** Delete a bucket with its objects, blobs and batches (async: returns a task) */
        delete: operations["deleteBucket"];
        options?: never;
        head?: never;
        /** Update some fields of a bucket */
        patch: operations["updateBucket"];
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a DRAFT batch of object ids (optional error_policy and force) */
        post: operations["createBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a batch with live progress, status_message, health and estimated_completion */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        /** Delete a batch that is not running (its documents stay) */
        delete: operations["deleteBatch"];
        options?: never;
        head?: never;
        /** Replace the user metadata of a batch */
        patch: operations["updateBatch"];
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a batch: stops its work on every worker */
        post: operations["cancelBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live batch events (Server-Sent Events): status, progress, end */
        get: operations["streamBatchEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/failed-documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-item errors of a batch: category, message, stage */
        get: operations["listFailedDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Batch health: reasons, stall seconds, documents expected vs written per collection, recommendations */
        get: operations["getBatchHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch's log: status changes, tier transitions, failures, retries, cancels (oldest first, paged) */
        get: operations["getBatchLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the batch's object ids, in the order they were added (a batch answer carries only the first ones) */
        get: operations["listBatchObjects"];
        put?: never;
        /** Add objects to a DRAFT batch */
        post: operations["addBatchObjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry the failed items of a finished batch (retry_mode transient_only | all, tier_nums, max_retry_count) */
        post: operations["retryBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/{batch}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a DRAFT batch (idempotent: a second submit returns the same task); error_policy and force replace the create-time ones */
        post: operations["submitBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/batches/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List the batches of a bucket (status filter; page by cursor, page/page_size or offset/limit) */
        post: operations["listBatches"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an object (?policy=insert|update|upsert against the unique_key; JSON or multipart) */
        post: operations["createObject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/objects/{object}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an object with its blob details */
        get: operations["getObject"];
        /** Update an object (metadata merged, given blobs replaced) */
        put: operations["replaceObject"];
        post?: never;
        /** Delete an object and its blobs */
        delete: operations["deleteObject"];
        options?: never;
        head?: never;
        /** Update some fields of an object */
        patch: operations["updateObject"];
        trace?: never;
    };
    "/v1/buckets/{bucket}/objects/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create up to 100 objects; failures are reported per object */
        post: operations["createObjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/objects/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create any number of objects from an NDJSON stream (one create-object request per line); Strata only
         * @description The body is `application/x-ndjson`: each line is a create-object request (the schema shown), at most MAX_JSON_BYTES. Lines are stored in chunks of `chunk_size` in one transaction each; with `batch_id` the created objects are added to that DRAFT batch in line order. Per-line failures (invalid JSON, schema errors, a unique key taken) are counted and the first 100 listed with their line number; the other lines go on.
         */
        post: operations["bulkCreateObjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/objects/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List objects with AND/OR/NOT filters, sort, search, select */
        post: operations["listObjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the schedules of a bucket */
        get: operations["listSchedules"];
        put?: never;
        /** Create a schedule: a cron expression (with time zone) or an interval, what to submit, target collections, error policy */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/schedules/{schedule}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a schedule */
        get: operations["getSchedule"];
        put?: never;
        post?: never;
        /** Delete a schedule, its timer and its run history (its batches stay) */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        /** Change a schedule (enable/disable, trigger, selection, collections, error policy); its timer follows */
        patch: operations["updateSchedule"];
        trace?: never;
    };
    "/v1/buckets/{bucket}/schedules/{schedule}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Past runs of a schedule, newest first: batch ids and statuses, skipped (overlapping) and empty runs */
        get: operations["listScheduleRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an upload: returns a presigned_url to PUT the bytes to */
        post: operations["createUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/{upload}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an upload */
        get: operations["getUpload"];
        put?: never;
        post?: never;
        /** Delete an upload that is not completed */
        delete: operations["deleteUpload"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/{upload}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an upload: checks size and hash, creates the object */
        post: operations["confirmUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/{upload}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** The presigned target: PUT the raw bytes (token in the query) */
        put: operations["putUploadContent"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start up to 100 uploads at once (shared_metadata / shared_object_metadata merged under each) */
        post: operations["createUploadsBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/confirm/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm up to 100 uploads; answers with a finished task holding one result per upload */
        post: operations["confirmUploadsBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/{bucket}/uploads/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List uploads (newest first unless sorted; filters, search, pagination) */
        post: operations["listUploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/buckets/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List buckets (filters, sort, search, pagination) */
        post: operations["listBuckets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a collection over a bucket with one feature extractor */
        post: operations["createCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a collection by id or name */
        get: operations["getCollection"];
        put?: never;
        post?: never;
        /** Delete a collection with its documents (vectors and metadata); refused (409) while another collection sources it or a batch runs it */
        delete: operations["deleteCollection"];
        options?: never;
        head?: never;
        /** Update the mutable fields of a collection: collection_name, description, enabled, metadata */
        patch: operations["updateCollection"];
        trace?: never;
    };
    "/v1/collections/{collection}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clone a collection with optional changes (source, feature_extractor, description, enabled, metadata) into a new collection */
        post: operations["cloneCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a document of an object (user fields, vectors checked against the collection's indexes; vector store, then metadata) */
        post: operations["createDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/documents/{document}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a document (?return_vectors=true adds its vectors) */
        get: operations["getDocument"];
        /** Replace a document's user fields (and its vectors when sent), in the vector store and the metadata; system fields refused */
        put: operations["updateDocument"];
        post?: never;
        /** Delete a document (its vectors and its metadata) */
        delete: operations["deleteDocument"];
        options?: never;
        head?: never;
        /** Change user fields of a document (merged into its payload, in the metadata and the vector store; system fields refused) */
        patch: operations["patchDocument"];
        trace?: never;
    };
    "/v1/collections/{collection}/documents/{document}/lineage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A document's lineage: its root object and bucket, and its source documents up to the tier-0 one */
        get: operations["getDocumentLineage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/documents/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Update up to 1000 documents by id, each with its own fields (or update_data for what filters match); ids not in the collection are reported per id */
        post: operations["batchUpdateDocuments"];
        /** Delete up to 1000 documents by id (ids not in the collection are reported per id), or every document the filters match (at most 10,000); vectors, then metadata */
        delete: operations["deleteDocumentsBatch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/documents/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Merge the same fields into every document the filters match (no filters: all; at most 10,000) */
        patch: operations["bulkUpdateDocuments"];
        trace?: never;
    };
    "/v1/collections/{collection}/documents/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List the documents of a collection: AND/OR/NOT filters (payload at the root, system fields under _internal), sort, search, select */
        post: operations["listDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/documents/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Vector search in a collection: query_text (embedded like its documents) or query_vector, top_k, payload filters */
        post: operations["searchDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/features": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The features (vector indexes) a collection offers, with their feature addresses */
        get: operations["getCollectionFeatures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{collection}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create and submit a batch over the collection's source bucket(s) now; unchanged objects are skipped unless force */
        post: operations["triggerCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/features/extractors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the feature extractors */
        get: operations["listFeatureExtractors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/features/extractors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a feature extractor (e.g. text_extractor_v1) */
        get: operations["getFeatureExtractor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List collections (filters, sort, search, pagination) */
        post: operations["listCollections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a namespace */
        post: operations["createNamespace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a namespace by id or name */
        get: operations["getNamespace"];
        /** Update a namespace */
        put: operations["replaceNamespace"];
        post?: never;
        /** Delete a namespace and everything in it from every store (async: returns a task) */
        delete: operations["deleteNamespace"];
        options?: never;
        head?: never;
        /** Update some fields of a namespace */
        patch: operations["updateNamespace"];
        trace?: never;
    };
    "/v1/namespaces/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List namespaces (filters, sort, search, pagination) */
        post: operations["listNamespaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objects/{object}/decomposition-tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How an object decomposed: its collections as a tree (a collection under the one it sources) with document counts (?include_document_ids=true adds the ids) */
        get: operations["getDecompositionTree"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objects/{object}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The documents an object produced in every collection (or in ?collection_ids=a,b), by collection then age; they outlive the object until a batch removes orphans */
        get: operations["listObjectDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a webhook (the signing secret is shown once) */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook */
        get: operations["getWebhook"];
        /** Replace a webhook */
        put: operations["replaceWebhook"];
        post?: never;
        /** Delete a webhook (idempotent) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of a webhook */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}/deliveries/{delivery}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with its attempts */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}/deliveries/{delivery}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay one delivery */
        post: operations["replayWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}/deliveries/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay every failed delivery since a time */
        post: operations["replayFailedWebhookDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/{webhook}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret (the old one keeps signing for 24 h) */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/webhooks/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List webhooks */
        post: operations["listWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{task}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a task; after it expires the batch answers for it */
        get: operations["getTask"];
        put?: never;
        post?: never;
        /** Kill a task: cancels its batch if still running, removes the task (idempotent) */
        delete: operations["deleteTask"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List tasks (kept about 24 h) */
        post: operations["listTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        BatchConfirmResponse: {
            confirmations_count: number;
            message: string;
            results: (string | {
                [key: string]: unknown;
            })[] | null;
            /** @enum {string} */
            status: "PENDING" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
            task: components["schemas"]["TaskResponse"];
            task_id: string;
        };
        BatchDeleteDocumentsResponse: {
            deleted_count: number;
            failed_count: number;
            message: string;
            results: {
                document_id: string;
                error: string | null;
                success: boolean;
            }[];
        };
        BatchErrorDetail: {
            affected_count: number;
            affected_document_ids: string[];
            component: string | null;
            /** @enum {string} */
            error_type: "dependency" | "authentication" | "validation" | "runtime" | "network" | "resource";
            message: string;
            metadata: {
                [key: string]: unknown;
            };
            recovery_suggestion: string | null;
            stage: string | null;
            /** @description ISO 8601 timestamp */
            timestamp: string;
        };
        BatchHealthResponse: {
            batch_id: string;
            /** @description ISO 8601 timestamp */
            checked_at: string;
            collections: {
                collection_documents: number;
                collection_id: string;
                collection_vectors: number | null;
                expected_documents: number;
                tier: number;
                written_documents: number;
            }[];
            /** @enum {string} */
            health: "healthy" | "degraded" | "unhealthy";
            lease: {
                /** @description ISO 8601 timestamp */
                expires_at: string;
                owner: string;
            } | null;
            progress: components["schemas"]["BatchProgress"];
            reasons: {
                /** @enum {string} */
                code: "error_ratio" | "stalled" | "waiting" | "unclaimed" | "lease_lost" | "documents_missing" | "vectors_missing";
                /** @enum {string} */
                level: "degraded" | "unhealthy";
                message: string;
            }[];
            recommendations: string[];
            stall_seconds: number;
            /** @enum {string} */
            status: "DRAFT" | "QUEUED" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED" | "PENDING";
        };
        BatchLogsResponse: {
            batch_id: string;
            pagination: components["schemas"]["PaginationResponse"];
            results: {
                details: {
                    [key: string]: unknown;
                };
                /** @enum {string} */
                event: "batch.created" | "batch.submitted" | "batch.claimed" | "batch.taken_over" | "tier.started" | "tier.finished" | "item.failed" | "batch.retried" | "batch.canceled" | "batch.finished" | "batch.status_changed";
                from_status: string | null;
                /** @enum {string} */
                level: "info" | "warning" | "error";
                message: string;
                tier_num: number | null;
                /** @description ISO 8601 timestamp */
                timestamp: string;
                to_status: string | null;
            }[];
            tier_num: number | null;
        };
        BatchModel: {
            batch_id: string;
            bucket_id: string;
            collection_ids: string[];
            completed_at: string | null;
            /** @description ISO 8601 timestamp */
            created_at: string;
            current_tier: number | null;
            dag_tiers: string[][] | null;
            error: string | null;
            error_policy: components["schemas"]["ErrorPolicyModel"];
            error_summary: {
                [key: string]: number;
            } | null;
            estimated_completion: string | null;
            force: boolean;
            health: {
                reasons: {
                    /** @enum {string} */
                    code: "error_ratio" | "stalled" | "waiting" | "unclaimed" | "lease_lost" | "documents_missing" | "vectors_missing";
                    /** @enum {string} */
                    level: "degraded" | "unhealthy";
                    message: string;
                }[];
                stall_seconds: number;
                /** @enum {string} */
                status: "healthy" | "degraded" | "unhealthy";
            };
            internal_metadata: {
                include_processing_history: boolean;
            };
            /** @description The object ids the batch read from the bucket once it started, bounded like object_ids (null before) */
            loaded_object_ids: string[] | null;
            manifest_key: string | null;
            metadata: {
                [key: string]: unknown;
            };
            /** @description How many objects the batch holds */
            object_count: number;
            /** @description The first object ids of the batch (at most 100; all of them: GET .../batches/{batch}/objects) */
            object_ids: string[];
            /** @description True when object_ids shows only the first of object_count ids */
            object_ids_truncated: boolean;
            progress: components["schemas"]["BatchProgress"];
            started_at: string | null;
            /** @enum {string} */
            status: "DRAFT" | "QUEUED" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED" | "PENDING";
            status_message: string;
            submitted_at: string | null;
            task_id: string | null;
            tier_tasks: components["schemas"]["TierTaskInfo"][];
            total_tiers: number;
            /** @enum {string} */
            type: "BUCKET";
            /** @description ISO 8601 timestamp */
            updated_at: string;
        };
        BatchObjectsResponse: {
            batch_id: string;
            limit: number;
            offset: number;
            pagination: components["schemas"]["PaginationResponse"];
            results: {
                object_id: string;
            }[];
            total: number;
        };
        BatchProgress: {
            current_stage: {
                index: number;
                name: string;
                total: number;
            } | null;
            errors: number;
            eta_seconds: number | null;
            failed: number;
            items_per_second: number;
            percent: number;
            processed: number;
            skipped: number;
            succeeded: number;
            total: number;
            /** @description True while total includes an estimate of the tiers not started yet (from the fan-out of the tiers so far); exact once every tier has started */
            total_estimated: boolean;
        };
        BatchUpdateDocumentsResponse: {
            failed_count: number;
            message: string;
            results: {
                document_id: string;
                error: string | null;
                success: boolean;
            }[];
            updated_count: number;
        };
        BatchUploadResponse: {
            total: number;
            uploads: components["schemas"]["UploadResponse"][];
        };
        BlobModel: {
            blob_id: string;
            details: {
                filename: string | null;
                hash: string;
                mime_type: string | null;
                size_bytes: number;
            };
            key_prefix: string | null;
            properties: {
                [key: string]: unknown;
            };
            property: string;
            type: string;
        };
        BucketResponse: {
            batch_stats: {
                active: number;
                completed: number;
                failed: number;
                total: number;
            };
            bucket_id: string;
            bucket_name: string;
            bucket_schema: components["schemas"]["BucketSchema"];
            /** @description ISO 8601 timestamp */
            created_at: string;
            description: string | null;
            metadata: {
                [key: string]: unknown;
            };
            object_count: number;
            /** @enum {string} */
            status: "ACTIVE";
            total_size_bytes: number;
            unique_key: {
                default_policy: ("insert" | "update" | "upsert") | null;
                fields: string[];
            } | null;
            /** @description ISO 8601 timestamp */
            updated_at: string;
        };
        BucketSchema: {
            properties: {
                [key: string]: {
                    description?: string;
                    required?: boolean;
                    type: string;
                };
            };
        };
        BulkCreateObjectsResponse: {
            /** @description The batch the objects were added to (?batch_id), else null */
            batch_id: string | null;
            /** @description The batch's object count after this request */
            batch_object_count: number | null;
            bucket_id: string;
            created_count: number;
            /** @description The first 100 failures in line order; the counts go on past it */
            errors: {
                error: string;
                error_type: string;
                /** @description 1-based line number */
                line: number;
            }[];
            errors_truncated: boolean;
            /** @description Lines answered by an existing object with the same blob content (skip_duplicates) */
            existing_count: number;
            failed_count: number;
            /** @description Non-empty lines read */
            lines: number;
            /** @description Lines that updated the object holding their unique key (the bucket default policy update or upsert) */
            updated_count: number;
        };
        BulkUpdateDocumentsResponse: {
            message: string;
            updated_count: number;
        };
        CloneCollectionResponse: {
            collection: components["schemas"]["CollectionResponse"];
            source_collection_id: string;
        };
        CollectionResponse: {
            collection_id: string;
            collection_name: string;
            /** @description ISO 8601 timestamp */
            created_at: string;
            description: string | null;
            /** @description Documents in the collection (metadata store) */
            document_count: number | null;
            enabled: boolean;
            feature_extractor: components["schemas"]["FeatureExtractorConfig"];
            /** @description What the collection reads: the source bucket's schema (or the source collections' output schema) */
            input_schema: components["schemas"]["BucketSchema"];
            metadata: {
                [key: string]: unknown;
            };
            /** @description What each document carries: the extractor's output fields */
            output_schema: components["schemas"]["BucketSchema"];
            source: {
                bucket_ids: string[];
                /** @constant */
                type: "bucket";
            } | {
                collection_ids: string[];
                /** @constant */
                type: "collection";
            };
            /** @description ISO 8601 timestamp */
            updated_at: string;
            vector_indexes: {
                /** @enum {string} */
                datatype: "float32";
                description: string;
                dimensions: number;
                distance: string;
                name: string;
                /** @enum {string} */
                type: "dense";
            }[];
        };
        ConfirmUploadResponse: {
            completed_at: string | null;
            etag: string | null;
            file_hash: string | null;
            file_size_bytes: number | null;
            is_duplicate: boolean;
            message: string | null;
            object: components["schemas"]["ObjectResponse"] | null;
            object_id: string | null;
            /** @enum {string} */
            status: "PENDING" | "COMPLETED" | "FAILED" | "CANCELED";
            task_id: string | null;
            upload_id: string;
            verified_at: string | null;
        };
        CreateObjectsBatchResponse: {
            failed: {
                error: string;
                error_type: string;
                object_index: number;
            }[];
            failed_count: number;
            succeeded: components["schemas"]["ObjectResponse"][];
            succeeded_count: number;
            total_requested: number;
        };
        DecompositionTreeResponse: {
            collections: {
                children: {
                    [key: string]: unknown;
                }[];
                collection_id: string;
                document_count: number;
                document_ids?: string[];
                feature_extractor_id: string;
                source_collection_id: string | null;
                source_type: string;
            }[];
            object_id: string;
            root_bucket_id: string | null;
            total_documents: number;
            truncated: boolean;
        };
        DeleteBucketResponse: {
            bucket_id: string;
            bucket_name: string;
            object_count: number;
            /** @enum {string} */
            status: "PENDING" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
            task: components["schemas"]["TaskResponse"];
            task_id: string;
        };
        DeleteCollectionResponse: {
            collection_id: string;
            collection_name: string;
            deleted_documents: number;
            message: string;
            success: boolean;
        };
        DeleteNamespaceResponse: {
            namespace_id: string;
            namespace_name: string;
            /** @enum {string} */
            status: "PENDING" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
            task: components["schemas"]["TaskResponse"];
            task_id: string;
        };
        DeleteScheduleResponse: {
            schedule_id: string;
            success: boolean;
        };
        DescribeCollectionFeaturesResponse: {
            features: {
                feature_address: string;
                feature_extractor_name: string;
                primary: boolean;
                vector_index: {
                    /** @enum {string} */
                    datatype: "float32";
                    description: string;
                    dimensions: number;
                    distance: string;
                    name: string;
                    /** @enum {string} */
                    type: "dense";
                };
                version: string;
            }[];
        };
        DocumentLineageResponse: {
            ancestors: {
                collection_id: string;
                document_id: string;
                feature_extractor_id: string;
                lineage: {
                    [key: string]: unknown;
                };
            }[];
            collection_id: string;
            complete: boolean;
            depth: number;
            document_id: string;
            lineage: {
                [key: string]: unknown;
            };
            root_bucket_id: string;
            root_object_id: string;
        };
        DocumentResponse: {
            _internal: {
                [key: string]: unknown;
            };
            collection_id: string;
            document_id: string;
            internal_metadata: {
                processing_history: {
                    attempt: number | null;
                    batch_id: string | null;
                    completed_at: string | null;
                    duration_ms: number | null;
                    extractor: string;
                    operation: string;
                    started_at: string | null;
                    tier: number | null;
                }[];
            };
            /** @description With return_vectors=true */
            vectors?: {
                [key: string]: number[];
            };
        } & {
            [key: string]: unknown;
        };
        ErrorPolicyModel: {
            max_failed_items: number | null;
            max_failed_ratio: number | null;
            /** @enum {string} */
            on_error: "continue" | "abort";
        };
        ErrorResponse: {
            error: {
                details?: Record<string, unknown> | null;
                /** @description What went wrong and what to fix */
                message: string;
                /** @description Stable machine id, e.g. NotFoundError */
                type: string;
            };
            status: number;
            /** @constant */
            success: false;
        };
        FailedDocumentsResponse: {
            batch_id: string;
            limit: number;
            offset: number;
            pagination: components["schemas"]["PaginationResponse"];
            results: {
                collection_id: string;
                /** @enum {string} */
                error_type: "dependency" | "authentication" | "validation" | "runtime" | "network" | "resource";
                message: string;
                object_id: string;
                retryable: boolean;
                stage: string | null;
                tier_num: number;
                timestamp: string | null;
            }[];
            total: number;
        };
        FeatureExtractorConfig: {
            feature_extractor_id: string;
            feature_extractor_name: string;
            field_passthrough: {
                source_path: string;
                target_path: string | null;
            }[];
            include_all_source_fields: boolean;
            input_mappings: {
                [key: string]: string;
            } | null;
            parameters: {
                [key: string]: unknown;
            };
            version: string;
        };
        FeatureExtractorList: components["schemas"]["FeatureExtractorResponseModel"][];
        FeatureExtractorResponseModel: {
            /** @description The parameter_schema's defaults */
            default_parameters: {
                [key: string]: unknown;
            };
            description: string;
            feature_extractor_id: string;
            feature_extractor_name: string;
            /** @description A hint for user interfaces: the kind of input */
            icon: string;
            input_schema: {
                [key: string]: unknown;
            };
            /** @description Values per input field (one each) */
            max_inputs: {
                [key: string]: number;
            };
            output_schema: {
                [key: string]: unknown;
            };
            parameter_schema: {
                [key: string]: unknown;
            };
            position_fields: string[];
            required_payload_indexes: null;
            /** @description Strata derives the vector indexes from the parameters at collection create */
            required_vector_indexes: null;
            /** @enum {string} */
            source: "builtin" | "remote";
            supported_input_types: string[];
            version: string;
        };
        GenericDeleteResponse: {
            message: string;
            success: boolean;
        };
        ListBatchesResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["BatchModel"][];
            total_count: number;
        };
        ListBucketsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["BucketResponse"][];
            total_count: number;
            truncated: boolean;
        };
        ListCollectionsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["CollectionResponse"][];
            stats: {
                total_collections: number;
                total_documents: number;
            };
            total_count: number;
            truncated: boolean;
        };
        ListDocumentsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: {
                [key: string]: unknown;
            }[];
            stats: {
                avg_blobs_per_document: number;
                total_documents: number;
            };
            total_count: number;
            truncated: boolean;
        };
        ListNamespacesResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["NamespaceModel"][];
            total_count: number;
            /** @description True when the filter scanned its limit of records before finishing */
            truncated: boolean;
        };
        ListObjectsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: {
                [key: string]: unknown;
            }[];
            stats: {
                avg_blobs_per_object: number;
                objects_by_status: {
                    [key: string]: number;
                };
                total_blobs: number;
                total_objects: number;
            };
            total_count: number;
            truncated: boolean;
        };
        ListScheduleRunsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["ScheduleRunResponse"][];
            total_count: number;
        };
        ListSchedulesResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["ScheduleResponse"][];
            total_count: number;
        };
        ListTasksResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["TaskResponse"][];
            total_count: number;
        };
        ListUploadsResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["UploadResponse"][];
            /** @description total_uploads counts every match; the other figures count this page */
            stats: {
                avg_file_size_bytes: number;
                total_size_bytes: number;
                total_uploads: number;
                unique_buckets: number;
                uploads_by_status: {
                    [key: string]: number;
                };
            };
            total_count: number;
            truncated: boolean;
        };
        ListWebhookDeliveriesResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["WebhookDelivery"][];
            total: number;
            total_count: number;
        };
        ListWebhooksResponse: {
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["Webhook"][];
            total: number;
            total_count: number;
        };
        NamespaceModel: {
            /** @description ISO 8601 timestamp */
            created_at: string;
            description: string | null;
            namespace_id: string;
            namespace_name: string;
            /** @description ISO 8601 timestamp */
            updated_at: string;
        };
        ObjectDocumentsResponse: {
            object_id: string;
            pagination: components["schemas"]["PaginationResponse"];
            results: components["schemas"]["DocumentResponse"][];
        };
        ObjectResponse: {
            blobs: components["schemas"]["BlobModel"][];
            bucket_id: string;
            /** @description Hash of the first blob (sha256:...) */
            content_hash: string | null;
            /** @description ISO 8601 timestamp */
            created_at: string;
            error: string | null;
            key_prefix: string | null;
            metadata: {
                [key: string]: unknown;
            };
            object_id: string;
            source_details: {
                source_id: string;
                /** @enum {string} */
                type: "bucket";
            }[];
            /** @enum {string} */
            status: "DRAFT";
            /** @description ISO 8601 timestamp */
            updated_at: string;
        };
        PaginationResponse: {
            /** @description Same as next_page */
            next_cursor: string | null;
            /** @description Cursor of the next page (send as ?cursor=), null on the last page */
            next_page: string | null;
            page: number | null;
            page_size: number | null;
            /** @description Cursor of the previous page, null on the first page */
            previous_page: string | null;
            total: number | null;
            total_pages: number | null;
        };
        ReplayDeliveryResponse: {
            delivery: components["schemas"]["WebhookDelivery"];
            replayed: boolean;
        };
        ReplayFailedDeliveriesResponse: {
            delivery_ids: string[];
            replayed_count: number;
        };
        RetryBatchResponse: {
            batch_id: string;
            exhausted_count: number;
            message: string;
            reopened_tiers: number[];
            retried_by_tier: {
                count: number;
                tier_num: number;
            }[];
            retried_count: number;
            /** @enum {string} */
            retry_mode: "transient_only" | "all";
            skipped_count: number;
            /** @enum {string} */
            status: "DRAFT" | "QUEUED" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED" | "PENDING";
            task: components["schemas"]["TaskResponse"];
            task_id: string;
            tier_nums: number[] | null;
        };
        ScheduleResponse: {
            bucket_id: string;
            collection_ids: string[];
            /** @description ISO 8601 timestamp */
            created_at: string;
            description: string | null;
            enabled: boolean;
            error_policy: components["schemas"]["ErrorPolicyModel"];
            force: boolean;
            /** @description Why the schedule paused itself (its runs kept failing); null otherwise */
            paused_reason: string | null;
            schedule_id: string;
            schedule_name: string;
            selection: {
                /** @constant */
                mode: "all";
            } | {
                /** @constant */
                mode: "changed_since_last_run";
            } | {
                filters: {
                    [key: string]: unknown;
                };
                /** @constant */
                mode: "filter";
            };
            trigger: {
                expression: string;
                timezone: string;
                /** @constant */
                type: "cron";
            } | {
                every_seconds: number;
                /** @constant */
                type: "interval";
            };
            /** @description ISO 8601 timestamp */
            updated_at: string;
        };
        ScheduleRunResponse: {
            batch_id: string | null;
            batch_status: ("DRAFT" | "QUEUED" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED" | "PENDING") | null;
            /** @description ISO 8601 timestamp */
            fired_at: string;
            object_count: number;
            reason: string | null;
            run_id: string;
            schedule_id: string;
            /** @enum {string} */
            status: "SUBMITTED" | "SKIPPED" | "EMPTY" | "FAILED";
        };
        SearchDocumentsResponse: {
            collection_id: string;
            results: ({
                collection_id: string;
                document_id: string;
                score: number;
            } & {
                [key: string]: unknown;
            })[];
            top_k: number;
            vector_index: string;
        };
        TaskResponse: {
            additional_data: {
                [key: string]: unknown;
            } | null;
            created_at: string;
            error: string | null;
            inputs: (string | {
                [key: string]: unknown;
            })[] | null;
            outputs: (string | {
                [key: string]: unknown;
            })[] | null;
            /** @enum {string} */
            status: "PENDING" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
            task_id: string;
            /** @enum {string} */
            task_type: "api_buckets_batches_submit" | "api_namespaces_delete" | "api_buckets_delete" | "api_buckets_uploads_batch_confirm";
            updated_at: string;
        };
        TierTaskInfo: {
            collection_ids: string[];
            completed_at: string | null;
            documents_after_source_filter: number;
            documents_missing_input_fields: number;
            documents_submitted_to_engine: number;
            documents_written: number;
            duration_ms: number | null;
            error_summary: {
                [key: string]: number;
            } | null;
            /** @description One entry per error category of this tier (a sample of affected items) */
            errors: components["schemas"]["BatchErrorDetail"][];
            items_failed: number;
            items_processed: number;
            /** @description Of items_succeeded, those skipped as unchanged (incremental re-processing) */
            items_skipped: number;
            items_succeeded: number;
            last_progress_at: string | null;
            performance: {
                documents_per_second: number | null;
                duration_ms: number | null;
                items_per_second: number | null;
            } | null;
            retry_round: number;
            source_collection_ids: string[] | null;
            source_documents_fetched: number;
            /** @enum {string} */
            source_type: "bucket" | "collection";
            started_at: string | null;
            /** @enum {string} */
            status: "PENDING" | "IN_PROGRESS" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
            task_id: string | null;
            tier_num: number;
        };
        TriggerCollectionResponse: {
            batch_id: string;
            batches: {
                batch_id: string;
                bucket_id: string;
                object_count: number;
                task: components["schemas"]["TaskResponse"];
            }[];
            collection_id: string;
            document_count: number | null;
            message: string;
            object_count: number;
            source_bucket_ids: string[];
            source_collection_ids: string[] | null;
            task_id: string;
            total_tiers: number;
        };
        UploadResponse: {
            blob_property: string | null;
            blob_type: string | null;
            bucket_id: string;
            completed_at: string | null;
            content_type: string;
            create_object_on_confirm: boolean;
            /** @description ISO 8601 timestamp */
            created_at: string;
            duplicate_of_upload_id: string | null;
            existing_object_id: string | null;
            /** @description ISO 8601 timestamp */
            expires_at: string;
            file_hash: string | null;
            file_size_bytes: number | null;
            filename: string;
            is_duplicate: boolean;
            message: string | null;
            metadata: {
                [key: string]: unknown;
            };
            object_id: string | null;
            object_metadata: {
                [key: string]: unknown;
            };
            presigned_url: string | null;
            presigned_url_expiration: number;
            s3_key: string;
            skip_duplicates: boolean;
            /** @enum {string} */
            status: "PENDING" | "COMPLETED" | "FAILED" | "CANCELED";
            upload_id: string;
        };
        Webhook: {
            channels: components["schemas"]["WebhookChannel"][];
            /** @description ISO 8601 timestamp */
            created_at: string;
            disabled_reason: string | null;
            event_types: ("*" | "batch.queued" | "batch.processing" | "batch.tier.completed" | "batch.completed" | "batch.completed_with_errors" | "batch.failed" | "batch.canceled" | "collection.documents.written" | "object.created" | "object.updated" | "object.deleted" | "object.bulk_created" | "collection.created" | "collection.updated" | "collection.deleted")[];
            is_active: boolean;
            last_error: string | null;
            /** @description ISO 8601 timestamp */
            updated_at: string;
            webhook_id: string;
            webhook_name: string;
        };
        WebhookChannel: {
            /** @enum {string} */
            channel: "webhook";
            configs: {
                headers: {
                    [key: string]: string;
                };
                payload_template: {
                    [key: string]: unknown;
                } | null;
                timeout: number;
                url: string;
            };
        };
        WebhookDelivery: {
            attempt_count: number;
            attempts: {
                /** @description ISO 8601 timestamp */
                at: string;
                attempt: number;
                error: string | null;
                latency_ms: number | null;
                round: number;
                status_code: number | null;
            }[];
            channel_index: number;
            completed_at: string | null;
            /** @description ISO 8601 timestamp */
            created_at: string;
            delivery_id: string;
            event_id: string;
            event_type: string;
            last_error: string | null;
            last_latency_ms: number | null;
            last_status_code: number | null;
            namespace_id: string | null;
            payload: unknown;
            replays: number;
            /** @enum {string} */
            status: "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELED";
            /** @description ISO 8601 timestamp */
            updated_at: string;
            webhook_id: string;
        };
        WebhookWithSecret: {
            channels: components["schemas"]["WebhookChannel"][];
            /** @description ISO 8601 timestamp */
            created_at: string;
            disabled_reason: string | null;
            event_types: ("*" | "batch.queued" | "batch.processing" | "batch.tier.completed" | "batch.completed" | "batch.completed_with_errors" | "batch.failed" | "batch.canceled" | "collection.documents.written" | "object.created" | "object.updated" | "object.deleted" | "object.bulk_created" | "collection.created" | "collection.updated" | "collection.deleted")[];
            is_active: boolean;
            last_error: string | null;
            /** @description whsec_...: shown only here */
            secret: string;
            /** @description ISO 8601 timestamp */
            updated_at: string;
            webhook_id: string;
            webhook_name: string;
        };
    };
    responses: never;
    parameters: {
        /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
        Compat: "strata" | "mixpeek";
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiDocs: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        info: {
                            title: string;
                            version: string;
                        } & {
                            [key: string]: unknown;
                        };
                        openapi: string;
                        paths: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createBucket: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bucket_name: string;
                    bucket_schema: {
                        properties: {
                            [key: string]: {
                                description?: string;
                                required?: boolean;
                                /** @enum {string} */
                                type: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                            };
                        };
                    };
                    description?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    unique_key?: {
                        default_policy?: ("insert" | "update" | "upsert") | null;
                        fields: string[];
                    } | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BucketResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBucket: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BucketResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replaceBucket: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bucket_name?: string;
                    description?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BucketResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteBucket: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteBucketResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateBucket: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bucket_name?: string;
                    description?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BucketResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    error_policy?: {
                        max_failed_items?: number | null;
                        max_failed_ratio?: number | null;
                        /** @enum {string} */
                        on_error: "continue" | "abort";
                    };
                    force?: boolean;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    object_ids: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenericDeleteResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metadata: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cancelBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    streamBatchEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream that ends when the batch is terminal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listFailedDocuments: {
        parameters: {
            query?: {
                collection_id?: string;
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
                tier_num?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FailedDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBatchHealth: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchHealthResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBatchLogs: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
                tier_num?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchLogsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listBatchObjects: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchObjectsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    addBatchObjects: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metadata?: {
                        [key: string]: unknown;
                    };
                    object_ids: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    retryBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    max_retry_count?: number;
                    /**
                     * @default transient_only
                     * @enum {string}
                     */
                    retry_mode?: "transient_only" | "all";
                    tier_nums?: number[] | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryBatchResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    submitBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                batch: string;
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    error_policy?: {
                        max_failed_items?: number | null;
                        max_failed_ratio?: number | null;
                        /** @enum {string} */
                        on_error: "continue" | "abort";
                    };
                    force?: boolean;
                    include_processing_history?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listBatches: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    limit?: number;
                    offset?: number;
                    /** @enum {string} */
                    status?: "DRAFT" | "QUEUED" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListBatchesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createObject: {
        parameters: {
            query?: {
                auto_process?: "true" | "false";
                policy?: "insert" | "update" | "upsert";
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    blobs?: {
                        data?: unknown;
                        filename?: string;
                        property: string;
                        /** @enum {string} */
                        type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                        upload_id?: string;
                    }[];
                    key_prefix?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    skip_duplicates?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body or file too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getObject: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                object: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replaceObject: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                object: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    blobs?: {
                        data?: unknown;
                        filename?: string;
                        property: string;
                        /** @enum {string} */
                        type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                        upload_id?: string;
                    }[];
                    key_prefix?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    skip_duplicates?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteObject: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                object: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateObject: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                object: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    blobs?: {
                        data?: unknown;
                        filename?: string;
                        property: string;
                        /** @enum {string} */
                        type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                        upload_id?: string;
                    }[];
                    key_prefix?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    skip_duplicates?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createObjects: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    objects: unknown[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateObjectsBatchResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    bulkCreateObjects: {
        parameters: {
            query?: {
                batch_id?: string;
                chunk_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": {
                    blobs?: {
                        data?: unknown;
                        filename?: string;
                        property: string;
                        /** @enum {string} */
                        type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                        upload_id?: string;
                    }[];
                    key_prefix?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    skip_duplicates?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkCreateObjectsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listObjects: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    search?: string | null;
                    select?: string[] | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListObjectsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListSchedulesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    collection_ids?: string[];
                    description?: string | null;
                    /** @default true */
                    enabled?: boolean;
                    error_policy?: {
                        max_failed_items?: number | null;
                        max_failed_ratio?: number | null;
                        /** @enum {string} */
                        on_error: "continue" | "abort";
                    };
                    force?: boolean;
                    schedule_name: string;
                    /**
                     * @default {
                     *       "mode": "all"
                     *     }
                     */
                    selection?: {
                        /** @constant */
                        mode: "all";
                    } | {
                        /** @constant */
                        mode: "changed_since_last_run";
                    } | {
                        filters: {
                            [key: string]: unknown;
                        };
                        /** @constant */
                        mode: "filter";
                    };
                    trigger: {
                        expression: string;
                        /** @default UTC */
                        timezone?: string;
                        /** @constant */
                        type: "cron";
                    } | {
                        every_seconds: number;
                        /** @constant */
                        type: "interval";
                    };
                };
            };
        };
        responses: {
            /** @description The schedule */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                schedule: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                schedule: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteScheduleResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                schedule: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    collection_ids?: string[];
                    description?: string | null;
                    enabled?: boolean;
                    error_policy?: {
                        max_failed_items?: number | null;
                        max_failed_ratio?: number | null;
                        /** @enum {string} */
                        on_error: "continue" | "abort";
                    };
                    force?: boolean;
                    schedule_name?: string;
                    selection?: {
                        /** @constant */
                        mode: "all";
                    } | {
                        /** @constant */
                        mode: "changed_since_last_run";
                    } | {
                        filters: {
                            [key: string]: unknown;
                        };
                        /** @constant */
                        mode: "filter";
                    };
                    trigger?: {
                        expression: string;
                        /** @default UTC */
                        timezone?: string;
                        /** @constant */
                        type: "cron";
                    } | {
                        every_seconds: number;
                        /** @constant */
                        type: "interval";
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listScheduleRuns: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                schedule: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListScheduleRunsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    blob_property?: string;
                    /** @enum {string} */
                    blob_type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                    content_type: string;
                    /** @default true */
                    create_object_on_confirm?: boolean;
                    file_hash?: string;
                    file_size_bytes?: number;
                    filename: string;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    object_metadata?: {
                        [key: string]: unknown;
                    };
                    /** @default 3600 */
                    presigned_url_expiration?: number;
                    /** @default true */
                    skip_duplicates?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                upload: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                upload: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    confirmUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                upload: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    etag?: string;
                    file_size_bytes?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfirmUploadResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    putUploadContent: {
        parameters: {
            query: {
                token: string;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
                upload: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body or file too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createUploadsBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    shared_metadata?: {
                        [key: string]: unknown;
                    } | null;
                    shared_object_metadata?: {
                        [key: string]: unknown;
                    } | null;
                    uploads: {
                        blob_property?: string;
                        /** @enum {string} */
                        blob_type?: "string" | "number" | "integer" | "float" | "boolean" | "object" | "array" | "date" | "datetime" | "text" | "image" | "audio" | "video" | "pdf" | "excel" | "json";
                        content_type: string;
                        /** @default true */
                        create_object_on_confirm?: boolean;
                        file_hash?: string;
                        file_size_bytes?: number;
                        filename: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        object_metadata?: {
                            [key: string]: unknown;
                        };
                        /** @default 3600 */
                        presigned_url_expiration?: number;
                        /** @default true */
                        skip_duplicates?: boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchUploadResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    confirmUploadsBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    confirmations: {
                        etag?: string;
                        file_size_bytes?: number;
                        upload_id: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchConfirmResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listUploads: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    limit?: number;
                    offset?: number;
                    /** @description Accepted for Mixpeek compatibility; listed uploads never carry a presigned URL */
                    return_presigned_urls?: boolean;
                    search?: string | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListUploadsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listBuckets: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    limit?: number;
                    offset?: number;
                    search?: string | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListBucketsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    collection_name: string;
                    description?: string | null;
                    enabled?: boolean;
                    feature_extractor: {
                        feature_extractor_name: string;
                        field_passthrough?: (string | {
                            source_path: string;
                            target_path?: string;
                        })[];
                        include_all_source_fields?: boolean;
                        input_mappings?: {
                            [key: string]: string;
                        };
                        /** @description The extractor's parameters (its catalogue parameter_schema; Mixpeek's parameter model is accepted too) */
                        parameters?: {
                            [key: string]: unknown;
                        } | null;
                        /** @description Free-form parameters merged with `parameters` (how a Mixpeek client sends Strata-only ones such as `embedding`) */
                        params?: {
                            [key: string]: unknown;
                        } | null;
                        version: string;
                    };
                    metadata?: {
                        [key: string]: unknown;
                    };
                    source: {
                        bucket_id?: string;
                        bucket_ids?: string[];
                        collection_id?: string;
                        collection_ids?: string[];
                        /** @enum {string} */
                        type: "bucket" | "collection";
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteCollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    collection_name?: string;
                    description?: string | null;
                    enabled?: boolean;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    taxonomy_applications?: unknown[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cloneCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    collection_name: string;
                    description?: string | null;
                    enabled?: boolean | null;
                    feature_extractor?: {
                        feature_extractor_name?: string;
                        field_passthrough?: (string | {
                            source_path: string;
                            target_path?: string;
                        })[];
                        include_all_source_fields?: boolean;
                        input_mappings?: {
                            [key: string]: string;
                        };
                        /** @description The extractor's parameters (its catalogue parameter_schema; Mixpeek's parameter model is accepted too) */
                        parameters?: {
                            [key: string]: unknown;
                        } | null;
                        /** @description Free-form parameters merged with `parameters` (how a Mixpeek client sends Strata-only ones such as `embedding`) */
                        params?: {
                            [key: string]: unknown;
                        } | null;
                        version?: string;
                    } | null;
                    metadata?: {
                        [key: string]: unknown;
                    } | null;
                    source?: {
                        bucket_id?: string;
                        bucket_ids?: string[];
                        collection_id?: string;
                        collection_ids?: string[];
                        /** @enum {string} */
                        type: "bucket" | "collection";
                    } | null;
                    taxonomy_applications?: unknown[] | null;
                };
            };
        };
        responses: {
            /** @description The new collection and the id of the one it was cloned from */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloneCollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Optional here (the path names the collection); when sent it must be the path's collection */
                    collection_id?: string;
                    /** @description Accepted, no effect */
                    document_schema_version?: string | null;
                    /** @description Vectors by extractor; their vectors and payloads are merged */
                    features?: ({
                        feature_extractor_id: string;
                        payload?: {
                            [key: string]: unknown;
                        };
                        vectors?: {
                            [key: string]: number[];
                        } | null;
                    } & {
                        [key: string]: unknown;
                    })[];
                    /** @description Accepted, no effect: the lineage chain is computed */
                    lineage_chain?: unknown[];
                    /** @description Accepted, no effect: the lineage path is computed */
                    lineage_path?: string | null;
                    /** @description User fields, stored at the root of the document */
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** @description The root object's bucket (default: the collection's source buckets) */
                    root_bucket_id?: string | null;
                    /** @description The object the document belongs to; required unless source_document_id is given */
                    root_object_id?: string | null;
                    source_collection_id?: string | null;
                    /** @description A document of another collection this one derives from; its lineage is continued */
                    source_document_id?: string | null;
                    source_object_id?: string | null;
                    source_type?: ("bucket" | "collection") | null;
                    /** @description A vector for every index of the collection, or none (the document is then not in the vector store) */
                    vectors?: {
                        [key: string]: number[];
                    };
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getDocument: {
        parameters: {
            query?: {
                return_vectors?: "true" | "false";
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
                document: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
                document: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description New vectors for every index of the collection; omitted: the vectors are kept */
                    vectors?: {
                        [key: string]: number[];
                    };
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
                document: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenericDeleteResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
                document: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getDocumentLineage: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
                document: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentLineageResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    batchUpdateDocuments: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description LogicalOperator, as in POST .../documents/list */
                    filters?: unknown;
                    update_data?: {
                        [key: string]: unknown;
                    } | null;
                    updates?: {
                        document_id: string;
                        /** @description User fields merged into this document */
                        update_data: {
                            [key: string]: unknown;
                        };
                    }[] | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchUpdateDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteDocumentsBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Documents to delete by id (1 to 1000); mutually exclusive with filters */
                    document_ids?: string[] | null;
                    /** @description LogicalOperator, as in POST .../documents/list: every matching document is deleted (at least one condition; at most 10,000 matches, more is refused with 422); mutually exclusive with document_ids */
                    filters?: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDeleteDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    bulkUpdateDocuments: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description LogicalOperator, as in POST .../documents/list; omitted: every document of the collection */
                    filters?: unknown;
                    /** @description User fields merged into every matching document */
                    update_data: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkUpdateDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listDocuments: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    /** @description Same as the cursor query parameter (the query one wins) */
                    cursor?: string | null;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    group_by?: null;
                    /** @description Accepted for Mixpeek compatibility; documents carry no presigned URLs */
                    return_url?: boolean | null;
                    return_vectors?: boolean | null;
                    search?: string | null;
                    select?: string[] | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    searchDocuments: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filters?: unknown;
                    min_score?: number;
                    query_text?: string;
                    query_vector?: number[];
                    /** @default 10 */
                    top_k?: number;
                    vector_index?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getCollectionFeatures: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DescribeCollectionFeaturesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    triggerCollection: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                collection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    error_policy?: {
                        max_failed_items?: number | null;
                        max_failed_ratio?: number | null;
                        /** @enum {string} */
                        on_error: "continue" | "abort";
                    };
                    force?: boolean;
                    include_buckets?: string[] | null;
                    include_collections?: string[] | null;
                    source_filters?: {
                        [key: string]: unknown;
                    } | null;
                };
            };
        };
        responses: {
            /** @description TriggerCollectionResponse: the batch and task to follow */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerCollectionResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listFeatureExtractors: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureExtractorList"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getFeatureExtractor: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureExtractorResponseModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listCollections: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    search?: string | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListCollectionsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createNamespace: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    namespace_name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getNamespace: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replaceNamespace: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                namespace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    namespace_name?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteNamespace: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteNamespaceResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateNamespace: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                namespace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    namespace_name?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceModel"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listNamespaces: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    case_sensitive?: boolean;
                    filters?: {
                        [key: string]: unknown;
                    } | null;
                    search?: string | null;
                    sort?: ({
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    } | {
                        /**
                         * @default asc
                         * @enum {string}
                         */
                        direction?: "asc" | "desc";
                        field: string;
                    }[]) | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListNamespacesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getDecompositionTree: {
        parameters: {
            query?: {
                include_document_ids?: "true" | "false";
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                object: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecompositionTreeResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listObjectDocuments: {
        parameters: {
            query?: {
                collection_ids?: string;
                limit?: number;
                offset?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                object: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectDocumentsResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    channels: {
                        /** @enum {string} */
                        channel: "webhook";
                        configs: {
                            headers?: {
                                [key: string]: string;
                            };
                            payload_template?: {
                                [key: string]: unknown;
                            } | null;
                            timeout?: number;
                            url: string;
                        };
                    }[];
                    event_types: ("*" | "batch.queued" | "batch.processing" | "batch.tier.completed" | "batch.completed" | "batch.completed_with_errors" | "batch.failed" | "batch.canceled" | "collection.documents.written" | "object.created" | "object.updated" | "object.deleted" | "object.bulk_created" | "collection.created" | "collection.updated" | "collection.deleted")[];
                    /** @description Accepted (Mixpeek sends it) and ignored */
                    internal_id?: string | null;
                    is_active?: boolean;
                    /** @description Accepted (Mixpeek sends it) and ignored: the id is assigned by the server */
                    webhook_id?: string;
                    webhook_name: string;
                };
            };
        };
        responses: {
            /** @description The webhook and its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replaceWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    channels: {
                        /** @enum {string} */
                        channel: "webhook";
                        configs: {
                            headers?: {
                                [key: string]: string;
                            };
                            payload_template?: {
                                [key: string]: unknown;
                            } | null;
                            timeout?: number;
                            url: string;
                        };
                    }[];
                    event_types: ("*" | "batch.queued" | "batch.processing" | "batch.tier.completed" | "batch.completed" | "batch.completed_with_errors" | "batch.failed" | "batch.canceled" | "collection.documents.written" | "object.created" | "object.updated" | "object.deleted" | "object.bulk_created" | "collection.created" | "collection.updated" | "collection.deleted")[];
                    /** @description Accepted (Mixpeek sends it) and ignored */
                    internal_id?: string | null;
                    is_active?: boolean;
                    /** @description Accepted (Mixpeek sends it) and ignored: the id is assigned by the server */
                    webhook_id?: string;
                    webhook_name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
                since?: string;
                status?: "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELED";
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListWebhookDeliveriesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                delivery: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replayWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                delivery: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether the delivery was queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayDeliveryResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replayFailedWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    since: string;
                };
            };
        };
        responses: {
            /** @description The deliveries queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayFailedDeliveriesResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_type?: string | null;
                    is_active?: boolean | null;
                } | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListWebhooksResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                task: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path: {
                task: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenericDeleteResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                cursor?: string;
                include_total?: "true" | "false";
                limit?: number;
                offset?: number;
                page?: number;
                page_size?: number;
            };
            header?: {
                /** @description API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81's enums (QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default unless API_COMPAT_MODE says otherwise) reports Strata's own values. See docs/api-compatibility.md. */
                "X-Strata-Compat"?: components["parameters"]["Compat"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status?: "PENDING" | "PROCESSING" | "COMPLETED" | "COMPLETED_WITH_ERRORS" | "FAILED" | "CANCELED";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListTasksResponse"];
                };
            };
            /** @description Bad request (malformed JSON, missing header, impossible request) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (or not visible to this key / namespace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation failed; details.validation_errors lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
