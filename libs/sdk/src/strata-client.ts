import { StrataClientOptions, StrataTransport, segment } from './client';
import { PageRequest, paginate } from './pagination';
import { Batch, BodyOf, ResponseOf, Schema } from './types';
import type { paths } from './generated/openapi';
import { WaitForBatchOptions, waitForBatch } from './wait-for-batch';

type Json = Record<string, unknown>;

/** Options of the list iterators. */
export interface IterateOptions {
  /** Items per request (default 100). */
  pageSize?: number;
}

/** One file of an object created by a multipart upload. */
export interface UploadFile {
  /** The bucket_schema property the file fills (the multipart part name). */
  property: string;
  content: Blob;
  filename: string;
}

export interface UploadObjectOptions {
  files: UploadFile[];
  metadata?: Json;
  keyPrefix?: string;
  skipDuplicates?: boolean;
  signal?: AbortSignal;
}

export interface UploadStreamOptions {
  filename: string;
  contentType: string;
  /** The bytes: a stream is sent as it is read, never buffered whole. */
  body: ReadableStream<Uint8Array> | Blob;
  /** The size when known (the server then checks it on confirm). */
  sizeBytes?: number;
  /** Metadata of the object created on confirm. */
  objectMetadata?: Json;
  /** The bucket_schema property the file fills. */
  blobProperty?: string;
  blobType?: string;
  skipDuplicates?: boolean;
  signal?: AbortSignal;
}

/** One line of the bulk route: a create-object request (the same shape as `objects.create`'s body). */
export type BulkObject = paths['/v1/buckets/{bucket}/objects/bulk']['post']['requestBody']['content']['application/x-ndjson'];

export interface BulkCreateOptions {
  /** A DRAFT batch of the bucket: every created object is added to it, in order. */
  batchId?: string;
  /** Objects per server-side transaction (1-1000, server default 500). */
  chunkSize?: number;
  signal?: AbortSignal;
}

/** Bytes handed to fetch per pull of the request stream: lines are gathered so a pull is not one tiny write. */
const BULK_PULL_BYTES = 64 * 1024;

/**
 * The objects as an NDJSON byte stream, pulled from `objects` only as fast as the request body is
 * sent: a million objects are never held (or serialized) at once.
 */
export function ndjsonStream(objects: AsyncIterable<BulkObject> | Iterable<BulkObject>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator: AsyncIterator<BulkObject> | Iterator<BulkObject> =
    Symbol.asyncIterator in objects ? (objects as AsyncIterable<BulkObject>)[Symbol.asyncIterator]() : (objects as Iterable<BulkObject>)[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      while (text.length < BULK_PULL_BYTES) {
        const next = await iterator.next();
        if (next.done === true) {
          if (text.length > 0) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += `${JSON.stringify(next.value)}\n`;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function listQuery(request: PageRequest): Record<string, number | string> {
  return { limit: request.limit, offset: request.offset, ...(request.cursor === null ? {} : { cursor: request.cursor }) };
}

/**
 * Strata's API client: typed calls generated from the OpenAPI document (`client.api`), plus
 * resource methods with typed errors, retries, list iterators, uploads and `waitForBatch`.
 *
 * ```ts
 * const strata = new StrataClient({ baseUrl: 'http://localhost:3000', apiKey, namespace: 'demo' });
 * const batch = await strata.batches.create('articles', { object_ids: ids });
 * await strata.batches.submit('articles', batch.batch_id);
 * const done = await strata.waitForBatch('articles', batch.batch_id, { onProgress: (b) => console.log(b.status_message) });
 * ```
 */
export class StrataClient {
  readonly transport: StrataTransport;

  constructor(options: StrataClientOptions) {
    this.transport = new StrataTransport(options);
  }

  /** The generated openapi-fetch client: every route, typed; answers are `{data, error, response}`. */
  get api() {
    return this.transport.api;
  }

  /** The same client scoped to another namespace. */
  withNamespace(namespace: string): StrataClient {
    return new StrataClient({ ...this.transport.options, namespace });
  }

  /** Waits until the batch is terminal, following its event stream (polling when the stream fails). */
  waitForBatch(bucket: string, batchId: string, options?: WaitForBatchOptions): Promise<Batch> {
    return waitForBatch(this.transport, bucket, batchId, options);
  }

  readonly namespaces = {
    create: (body: BodyOf<'/v1/namespaces', 'post'>) =>
      this.transport.unwrap(this.api.POST('/v1/namespaces', { body }), 'create namespace'),
    get: (namespace: string) =>
      this.transport.unwrap(this.api.GET('/v1/namespaces/{namespace}', { params: { path: { namespace } } }), `get namespace ${namespace}`),
    delete: (namespace: string) =>
      this.transport.unwrap(this.api.DELETE('/v1/namespaces/{namespace}', { params: { path: { namespace } } }), `delete namespace ${namespace}`),
    list: (request: PageRequest = { limit: 100, offset: 0, cursor: null }) =>
      this.transport.requestJson<ResponseOf<'/v1/namespaces/list', 'post'>>('POST', '/v1/namespaces/list', { query: listQuery(request), body: {} }),
    iterate: (options: IterateOptions = {}) => paginate((r) => this.namespaces.list(r), options.pageSize),
  };

  readonly buckets = {
    create: (body: BodyOf<'/v1/buckets', 'post'>) => this.transport.unwrap(this.api.POST('/v1/buckets', { body }), 'create bucket'),
    get: (bucket: string) =>
      this.transport.unwrap(this.api.GET('/v1/buckets/{bucket}', { params: { path: { bucket } } }), `get bucket ${bucket}`),
    delete: (bucket: string) =>
      this.transport.unwrap(this.api.DELETE('/v1/buckets/{bucket}', { params: { path: { bucket } } }), `delete bucket ${bucket}`),
    list: (request: PageRequest = { limit: 100, offset: 0, cursor: null }) =>
      this.transport.requestJson<ResponseOf<'/v1/buckets/list', 'post'>>('POST', '/v1/buckets/list', { query: listQuery(request), body: {} }),
    iterate: (options: IterateOptions = {}) => paginate((r) => this.buckets.list(r), options.pageSize),
  };

  readonly collections = {
    create: (body: BodyOf<'/v1/collections', 'post'>) => this.transport.unwrap(this.api.POST('/v1/collections', { body }), 'create collection'),
    get: (collection: string) =>
      this.transport.unwrap(this.api.GET('/v1/collections/{collection}', { params: { path: { collection } } }), `get collection ${collection}`),
    delete: (collection: string) =>
      this.transport.unwrap(this.api.DELETE('/v1/collections/{collection}', { params: { path: { collection } } }), `delete collection ${collection}`),
    list: (request: PageRequest = { limit: 100, offset: 0, cursor: null }) =>
      this.transport.requestJson<ResponseOf<'/v1/collections/list', 'post'>>('POST', '/v1/collections/list', { query: listQuery(request), body: {} }),
    iterate: (options: IterateOptions = {}) => paginate((r) => this.collections.list(r), options.pageSize),
  };

  readonly objects = {
    /** Creates an object from JSON (inline text, JSON, base64 or data URIs). */
    create: (bucket: string, body: BodyOf<'/v1/buckets/{bucket}/objects', 'post'>) =>
      this.transport.unwrap(this.api.POST('/v1/buckets/{bucket}/objects', { params: { path: { bucket } }, body }), `create object in ${bucket}`),
    /** Creates an object from files (multipart: one part per blob property). */
    upload: (bucket: string, options: UploadObjectOptions) => {
      const form = new FormData();
      if (options.metadata !== undefined) form.append('metadata', JSON.stringify(options.metadata));
      if (options.keyPrefix !== undefined) form.append('key_prefix', options.keyPrefix);
      if (options.skipDuplicates !== undefined) form.append('skip_duplicates', String(options.skipDuplicates));
      for (const file of options.files) form.append(file.property, file.content, file.filename);
      return this.transport.requestJson<ResponseOf<'/v1/buckets/{bucket}/objects', 'post'> & { object_id: string }>(
        'POST',
        `/v1/buckets/${segment(bucket)}/objects`,
        { body: form, signal: options.signal },
      );
    },
    /**
     * Strata only: creates any number of objects from an iterable (sync or async) in one streamed
     * NDJSON request (POST .../objects/bulk). The server stores them in chunks and, with
     * `batchId`, adds each chunk to that DRAFT batch; the answer counts created and failed lines
     * and lists the first 100 failures by line number (1-based, in iteration order). The body is a
     * stream, so the call is not retried.
     */
    bulkCreate: (bucket: string, objects: AsyncIterable<BulkObject> | Iterable<BulkObject>, options: BulkCreateOptions = {}) =>
      this.transport.requestJson<Schema<'BulkCreateObjectsResponse'>>('POST', `/v1/buckets/${segment(bucket)}/objects/bulk`, {
        query: { batch_id: options.batchId, chunk_size: options.chunkSize },
        body: ndjsonStream(objects),
        headers: { 'content-type': 'application/x-ndjson' },
        signal: options.signal,
        noRetry: true,
      }),
    get: (bucket: string, object: string) =>
      this.transport.unwrap(this.api.GET('/v1/buckets/{bucket}/objects/{object}', { params: { path: { bucket, object } } }), `get object ${object}`),
    delete: (bucket: string, object: string) =>
      this.transport.unwrap(this.api.DELETE('/v1/buckets/{bucket}/objects/{object}', { params: { path: { bucket, object } } }), `delete object ${object}`),
    list: (bucket: string, request: PageRequest = { limit: 100, offset: 0, cursor: null }, body: Json = {}) =>
      this.transport.requestJson<ResponseOf<'/v1/buckets/{bucket}/objects/list', 'post'>>('POST', `/v1/buckets/${segment(bucket)}/objects/list`, { query: listQuery(request), body }),
    iterate: (bucket: string, options: IterateOptions & { body?: Json } = {}) =>
      paginate((r) => this.objects.list(bucket, r, options.body), options.pageSize),
  };

  readonly uploads = {
    /**
     * Mixpeek's upload flow for large files and streams: create the upload, PUT the bytes to its
     * presigned URL as they are read, confirm (the server checks size and hash and creates the object).
     */
    uploadStream: async (bucket: string, options: UploadStreamOptions) => {
      const created = await this.transport.requestJson<{ upload_id: string; presigned_url: string | null; is_duplicate?: boolean; existing_object_id?: string | null }>(
        'POST',
        `/v1/buckets/${segment(bucket)}/uploads`,
        {
          signal: options.signal,
          body: {
            filename: options.filename,
            content_type: options.contentType,
            create_object_on_confirm: true,
            ...(options.sizeBytes === undefined ? {} : { file_size_bytes: options.sizeBytes }),
            ...(options.objectMetadata === undefined ? {} : { object_metadata: options.objectMetadata }),
            ...(options.blobProperty === undefined ? {} : { blob_property: options.blobProperty }),
            ...(options.blobType === undefined ? {} : { blob_type: options.blobType }),
            ...(options.skipDuplicates === undefined ? {} : { skip_duplicates: options.skipDuplicates }),
          },
        },
      );
      if (created.presigned_url === null) {
        if (options.body instanceof ReadableStream) await options.body.cancel().catch(() => undefined);
        return { upload_id: created.upload_id, object_id: created.existing_object_id ?? null, is_duplicate: true };
      }
      // The presigned URL carries its own token; it is on this API, so it gets the same namespace.
      const url = new URL(created.presigned_url);
      await this.transport.request('PUT', `${url.pathname}${url.search}`.replace(/^\/?/, '/'), {
        body: options.body,
        headers: { 'content-type': options.contentType },
        signal: options.signal,
        noRetry: options.body instanceof ReadableStream,
      });
      return this.transport.requestJson<{ upload_id: string; object_id: string | null; is_duplicate: boolean }>(
        'POST',
        `/v1/buckets/${segment(bucket)}/uploads/${segment(created.upload_id)}/confirm`,
        { body: options.sizeBytes === undefined ? {} : { file_size_bytes: options.sizeBytes }, signal: options.signal },
      );
    },
  };

  readonly batches = {
    create: (bucket: string, body: BodyOf<'/v1/buckets/{bucket}/batches', 'post'>) =>
      this.transport.unwrap(this.api.POST('/v1/buckets/{bucket}/batches', { params: { path: { bucket } }, body }), `create batch in ${bucket}`),
    addObjects: (bucket: string, batch: string, objectIds: string[]) =>
      this.transport.unwrap(
        this.api.POST('/v1/buckets/{bucket}/batches/{batch}/objects', { params: { path: { bucket, batch } }, body: { object_ids: objectIds } }),
        `add objects to batch ${batch}`,
      ),
    submit: (bucket: string, batch: string, body: BodyOf<'/v1/buckets/{bucket}/batches/{batch}/submit', 'post'> = {}) =>
      this.transport.unwrap(
        this.api.POST('/v1/buckets/{bucket}/batches/{batch}/submit', { params: { path: { bucket, batch } }, body }),
        `submit batch ${batch}`,
      ),
    get: (bucket: string, batch: string) =>
      this.transport.unwrap(this.api.GET('/v1/buckets/{bucket}/batches/{batch}', { params: { path: { bucket, batch } } }), `get batch ${batch}`),
    cancel: (bucket: string, batch: string) =>
      this.transport.unwrap(this.api.POST('/v1/buckets/{bucket}/batches/{batch}/cancel', { params: { path: { bucket, batch } } }), `cancel batch ${batch}`),
    retry: (bucket: string, batch: string, body: BodyOf<'/v1/buckets/{bucket}/batches/{batch}/retry', 'post'> = { retry_mode: 'transient_only' }) =>
      this.transport.unwrap(this.api.POST('/v1/buckets/{bucket}/batches/{batch}/retry', { params: { path: { bucket, batch } }, body }), `retry batch ${batch}`),
    delete: (bucket: string, batch: string) =>
      this.transport.unwrap(this.api.DELETE('/v1/buckets/{bucket}/batches/{batch}', { params: { path: { bucket, batch } } }), `delete batch ${batch}`),
    health: (bucket: string, batch: string) =>
      this.transport.unwrap(this.api.GET('/v1/buckets/{bucket}/batches/{batch}/health', { params: { path: { bucket, batch } } }), `batch health ${batch}`),
    list: (bucket: string, request: PageRequest = { limit: 100, offset: 0, cursor: null }, filter: BodyOf<'/v1/buckets/{bucket}/batches/list', 'post'> = {}) =>
      this.transport.requestJson<ResponseOf<'/v1/buckets/{bucket}/batches/list', 'post'>>('POST', `/v1/buckets/${segment(bucket)}/batches/list`, { query: listQuery(request), body: filter }),
    iterate: (bucket: string, options: IterateOptions & Pick<BodyOf<'/v1/buckets/{bucket}/batches/list', 'post'>, 'status'> = {}) =>
      paginate((r) => this.batches.list(bucket, r, options.status === undefined ? {} : { status: options.status }), options.pageSize),
    failedItems: (bucket: string, batch: string, request: PageRequest = { limit: 100, offset: 0, cursor: null }) =>
      this.transport.requestJson<ResponseOf<'/v1/buckets/{bucket}/batches/{batch}/failed-documents', 'get'>>('GET', `/v1/buckets/${segment(bucket)}/batches/${segment(batch)}/failed-documents`, { query: listQuery(request) }),
    iterateFailedItems: (bucket: string, batch: string, options: IterateOptions = {}) =>
      paginate((r) => this.batches.failedItems(bucket, batch, r), options.pageSize),
    /** The batch's log, oldest first: status changes, tier transitions, failures, retries, cancels; `tier` for one tier's lines. */
    logs: (bucket: string, batch: string, request: PageRequest = { limit: 100, offset: 0, cursor: null }, tier: number | null = null) =>
      this.transport.requestJson<ResponseOf<'/v1/buckets/{bucket}/batches/{batch}/logs', 'get'>>('GET', `/v1/buckets/${segment(bucket)}/batches/${segment(batch)}/logs`, {
        query: { ...listQuery(request), ...(tier === null ? {} : { tier_num: tier }) },
      }),
    iterateLogs: (bucket: string, batch: string, options: IterateOptions & { tier?: number } = {}) =>
      paginate((r) => this.batches.logs(bucket, batch, r, options.tier ?? null), options.pageSize),
  };

  readonly tasks = {
    get: (task: string) => this.transport.unwrap(this.api.GET('/v1/tasks/{task}', { params: { path: { task } } }), `get task ${task}`),
    list: (request: PageRequest = { limit: 100, offset: 0, cursor: null }, filter: Json = {}) =>
      this.transport.requestJson<ResponseOf<'/v1/tasks/list', 'post'>>('POST', '/v1/tasks/list', { query: listQuery(request), body: filter }),
    iterate: (options: IterateOptions = {}) => paginate((r) => this.tasks.list(r), options.pageSize),
  };

  readonly documents = {
    /** One document; `returnVectors` adds its vectors. */
    get: (collection: string, document: string, options: { returnVectors?: boolean } = {}) =>
      this.transport.requestJson<ResponseOf<'/v1/collections/{collection}/documents/{document}', 'get'> & { document_id: string }>(
        'GET',
        `/v1/collections/${segment(collection)}/documents/${segment(document)}`,
        { query: options.returnVectors === true ? { return_vectors: true } : {} },
      ),
    list: (collection: string, request: PageRequest = { limit: 100, offset: 0, cursor: null }, body: Json = {}) =>
      this.transport.requestJson<ResponseOf<'/v1/collections/{collection}/documents/list', 'post'>>('POST', `/v1/collections/${segment(collection)}/documents/list`, { query: listQuery(request), body }),
    iterate: (collection: string, options: IterateOptions & { body?: Json } = {}) =>
      paginate((r) => this.documents.list(collection, r, options.body), options.pageSize),
    /** Creates a document of an object (`root_object_id`) or derived from a document (`source_document_id`). */
    create: (collection: string, body: BodyOf<'/v1/collections/{collection}/documents', 'post'>) =>
      this.transport.unwrap(this.api.POST('/v1/collections/{collection}/documents', { params: { path: { collection } }, body }), `create document in ${collection}`),
    /** Replaces a document's user fields (and its vectors when `vectors` is given). */
    update: (collection: string, document: string, body: BodyOf<'/v1/collections/{collection}/documents/{document}', 'put'>) =>
      this.transport.unwrap(
        this.api.PUT('/v1/collections/{collection}/documents/{document}', { params: { path: { collection, document } }, body }),
        `update document ${document}`,
      ),
    /** Merges fields into a document's payload. */
    patch: (collection: string, document: string, fields: Json) =>
      this.transport.unwrap(
        this.api.PATCH('/v1/collections/{collection}/documents/{document}', { params: { path: { collection, document } }, body: fields }),
        `patch document ${document}`,
      ),
    /** Up to 1000 documents by id, each with its own fields; ids not in the collection are reported per id. */
    batchUpdate: (collection: string, body: BodyOf<'/v1/collections/{collection}/documents/batch', 'post'>) =>
      this.transport.unwrap(this.api.POST('/v1/collections/{collection}/documents/batch', { params: { path: { collection } }, body }), `update documents in ${collection}`),
    /** The same fields merged into every document the filters match (at most 10,000). */
    bulkUpdate: (collection: string, body: BodyOf<'/v1/collections/{collection}/documents/bulk', 'patch'>) =>
      this.transport.unwrap(this.api.PATCH('/v1/collections/{collection}/documents/bulk', { params: { path: { collection } }, body }), `bulk update documents in ${collection}`),
    /** Deletes up to 1000 documents by id (`document_ids`) or every document the filters match (`filters`, at most 10,000), from both stores. */
    deleteBatch: (collection: string, body: BodyOf<'/v1/collections/{collection}/documents/batch', 'delete'>) =>
      this.transport.unwrap(this.api.DELETE('/v1/collections/{collection}/documents/batch', { params: { path: { collection } }, body }), `delete documents in ${collection}`),
    search: (collection: string, body: BodyOf<'/v1/collections/{collection}/documents/search', 'post'>) =>
      this.transport.unwrap(
        this.api.POST('/v1/collections/{collection}/documents/search', { params: { path: { collection } }, body }),
        `search collection ${collection}`,
      ),
  };
}
