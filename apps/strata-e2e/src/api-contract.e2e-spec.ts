import { ApiClient, StrataCluster, waitFor } from '@strata/testing';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import fc from 'fast-check';
import addFormats from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The API contract, checked against real answers: every route is called on the built apps (real
 * NATS, Redis, SQLite), and each answer is validated against
 *   1. Strata's own document (GET /openapi.json) for that route and status: any drift fails;
 *   2. Mixpeek 0.81's response schema where the route is shared (tools/reference, an extract of
 *      shared/reference/mixpeek-openapi-0.81.json made by tools/reference/extract-mixpeek.mjs).
 * The scenario runs in both compatibility modes (X-Strata-Compat header; docs/api-compatibility.md):
 * in `mixpeek` mode no Mixpeek difference may remain; in `strata` mode only the differences by
 * design (QUEUED, webhook `*` and batch.* event types) may.
 */

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
type Mode = 'strata' | 'mixpeek';

interface Call {
  mode: Mode;
  operationId: string;
  method: string;
  template: string;
  status: number;
  contentType: string;
  body: unknown;
}

interface MixpeekExtract {
  routes: Record<string, { mixpeek_path: string; status: string; response_schema: Json | null }>;
  components: { schemas: Record<string, Json> };
}

const readMixpeek = (): MixpeekExtract =>
  JSON.parse(readFileSync(join(__dirname, '../../../tools/reference/mixpeek-openapi-0.81.shared.json'), 'utf8')) as MixpeekExtract;
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');

/** Mixpeek's TextExtractorParams as its client sends it: the whole model, defaults included. */
const MIXPEEK_TEXT_PARAMS = {
  extractor_type: 'text_extractor',
  split_by: 'sentences',
  chunk_size: 1,
  chunk_overlap: 0,
  response_shape: null,
  llm_provider: null,
  llm_model: null,
  llm_api_key: null,
};

/** Calls routes by operation id and records every answer. */
class Recorder {
  readonly calls: Call[] = [];
  constructor(
    private readonly api: ApiClient,
    private readonly doc: { paths: Record<string, Record<string, { operationId: string }>> },
    readonly mode: Mode,
  ) {}

  private route(operationId: string): { template: string; method: string } {
    for (const [template, ops] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(ops)) if (op.operationId === operationId) return { template, method };
    }
    throw new Error(`no operation ${operationId} in the document`);
  }

  async call(
    operationId: string,
    params: Record<string, string> = {},
    options: { body?: unknown; namespace?: string; query?: string; raw?: Buffer; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Json }> {
    const { template, method } = this.route(operationId);
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} missing`);
      return encodeURIComponent(value);
    });
    const res = await this.api.request(method.toUpperCase(), `${path}${options.query ?? ''}`, {
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.raw !== undefined ? { raw: options.raw } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      headers: { 'x-strata-compat': this.mode, ...(options.headers ?? {}) },
    });
    this.calls.push({ mode: this.mode, operationId, method, template, status: res.status, contentType: res.headers.get('content-type') ?? '', body: res.body });
    if (res.status >= 400) throw new Error(`${operationId} ${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return { status: res.status, body: res.body as Json };
  }
}

/** Every route once (most with the state a batch user has: objects, a finished batch, documents). */
async function runScenario(cluster: StrataCluster, r: Recorder): Promise<void> {
  const tag = `${r.mode}-${randomBytes(3).toString('hex')}`;
  const ns = `contract-${tag}`;
  await r.call('getOpenApiDocument');
  await r.call('getApiDocs');
  await r.call('listFeatureExtractors');
  await r.call('getFeatureExtractor', { id: 'text_extractor_v1' });

  // Namespace, bucket, objects.
  await r.call('createNamespace', {}, { body: { namespace_name: ns, description: 'contract test' } });
  await r.call('getNamespace', { namespace: ns });
  await r.call('listNamespaces', {}, { body: { filters: { field: 'namespace_name', operator: 'starts_with', value: 'contract-' } }, query: '?limit=1' });
  await r.call('replaceNamespace', { namespace: ns }, { body: { description: 'replaced' } });
  await r.call('updateNamespace', { namespace: ns }, { body: { description: 'patched' } });
  const webhook = await r.call('createWebhook', {}, {
    body: { webhook_name: `contract-${tag}`, event_types: ['*', 'batch.completed'], channels: [{ channel: 'webhook', configs: { url: 'http://127.0.0.1:9/hook' } }] },
  });
  const webhookId = webhook.body['webhook_id'] as string;
  const bucket = await r.call('createBucket', {}, {
    namespace: ns,
    body: { bucket_name: 'articles', bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } } },
  });
  const b = bucket.body['bucket_id'] as string;
  await r.call('getBucket', { bucket: b }, { namespace: ns });
  await r.call('listBuckets', {}, { namespace: ns, body: { limit: 10, offset: 0 } });
  await r.call('replaceBucket', { bucket: b }, { namespace: ns, body: { description: 'replaced' } });
  await r.call('updateBucket', { bucket: b }, { namespace: ns, body: { metadata: { team: 'contract' } } });
  const text = (i: number) => ({ metadata: { title: `t${i}` }, blobs: [{ property: 'content', type: 'text', data: `Harbour ${i} is quiet. Ships wait for the tide.` }] });
  const objectIds: string[] = [];
  for (let i = 0; i < 3; i += 1) objectIds.push((await r.call('createObject', { bucket: b }, { namespace: ns, body: text(i) })).body['object_id'] as string);
  const many = await r.call('createObjects', { bucket: b }, { namespace: ns, body: { objects: [text(3), text(4)] } });
  objectIds.push(...(many.body['succeeded'] as Json[]).map((o) => o['object_id'] as string));
  // No content yet: its item fails (validation), so the batch has an error to report and retry.
  const bad = (await r.call('createObject', { bucket: b }, { namespace: ns, body: { metadata: { title: 'empty' } } })).body['object_id'] as string;
  await r.call('getObject', { bucket: b, object: objectIds[0] as string }, { namespace: ns });
  await r.call('listObjects', { bucket: b }, { namespace: ns, body: { sort: { field: 'created_at', direction: 'asc' } }, query: '?limit=2' });
  await r.call('replaceObject', { bucket: b, object: objectIds[0] as string }, { namespace: ns, body: { metadata: { reviewed: true } } });
  await r.call('updateObject', { bucket: b, object: objectIds[1] as string }, { namespace: ns, body: { metadata: { reviewed: false } } });
  const doomed = (await r.call('createObject', { bucket: b }, { namespace: ns, body: text(9) })).body['object_id'] as string;
  await r.call('deleteObject', { bucket: b, object: doomed }, { namespace: ns });

  // Upload flow: create, PUT the bytes to the presigned URL, confirm; and one deleted.
  const upload = await r.call('createUpload', { bucket: b }, {
    namespace: ns,
    body: { filename: 'note.txt', content_type: 'text/plain', blob_property: 'content', blob_type: 'text', object_metadata: { title: 'uploaded' } },
  });
  const uploadId = upload.body['upload_id'] as string;
  const target = new URL(upload.body['presigned_url'] as string);
  await r.call('putUploadContent', { bucket: b, upload: uploadId }, {
    namespace: ns,
    query: target.search,
    raw: Buffer.from('Uploaded harbour notes. The tide turns at six.'),
    headers: { 'content-type': 'text/plain' },
  });
  await r.call('getUpload', { bucket: b, upload: uploadId }, { namespace: ns });
  const confirmed = await r.call('confirmUpload', { bucket: b, upload: uploadId }, { namespace: ns, body: {} });
  objectIds.push(confirmed.body['object_id'] as string);
  await r.call('listUploads', { bucket: b }, { namespace: ns, body: {} });
  const spare = await r.call('createUpload', { bucket: b }, { namespace: ns, body: { filename: 'spare.txt', content_type: 'text/plain', blob_property: 'content' } });
  await r.call('deleteUpload', { bucket: b, upload: spare.body['upload_id'] as string }, { namespace: ns });
  const bulk = await r.call('createUploadsBatch', { bucket: b }, {
    namespace: ns,
    body: { uploads: [{ filename: 'bulk.txt', content_type: 'text/plain', blob_property: 'content', skip_duplicates: false, object_metadata: { title: 'bulk' } }] },
  });
  const bulkUpload = (bulk.body['uploads'] as Json[])[0] as Json;
  const bulkTarget = new URL(bulkUpload['presigned_url'] as string);
  await r.call('putUploadContent', { bucket: b, upload: bulkUpload['upload_id'] as string }, {
    namespace: ns,
    query: bulkTarget.search,
    raw: Buffer.from('Bulk harbour notes. Boats came back at dusk.'),
    headers: { 'content-type': 'text/plain' },
  });
  await r.call('confirmUploadsBatch', { bucket: b }, { namespace: ns, body: { confirmations: [{ upload_id: bulkUpload['upload_id'] as string }] } });

  // A collection, created the way each mode's client would send it.
  const extractor =
    r.mode === 'mixpeek'
      ? // Mixpeek's client: its whole TextExtractorParams, Strata-only fields in the free-form params.
        { feature_extractor_name: 'text_extractor', version: 'v1', parameters: MIXPEEK_TEXT_PARAMS, params: { embedding: { provider: 'hash', dimensions: 64 } }, input_mappings: { text: 'content' }, field_passthrough: [{ source_path: 'title' }], include_all_source_fields: false }
      : { feature_extractor_name: 'text_extractor', version: 'v1', parameters: { split_by: 'sentences', chunk_size: 1 }, input_mappings: { text: 'content' } };
  const collection = await r.call('createCollection', {}, { namespace: ns, body: { collection_name: 'sentences', source: { type: 'bucket', bucket_ids: [b] }, feature_extractor: extractor } });
  const c = collection.body['collection_id'] as string;
  await r.call('getCollection', { collection: c }, { namespace: ns });
  await r.call('listCollections', {}, { namespace: ns, body: {} });
  await r.call('updateCollection', { collection: c }, { namespace: ns, body: { description: 'sentences of articles' } });
  await r.call('getCollectionFeatures', { collection: c }, { namespace: ns });
  const clone = await r.call('cloneCollection', { collection: c }, { namespace: ns, body: { collection_name: 'sentences-copy' } });
  await r.call('deleteCollection', { collection: (clone.body['collection'] as Json)['collection_id'] as string }, { namespace: ns });

  // Batches while no poller runs: a submitted batch stays QUEUED (PENDING in mixpeek mode).
  if (cluster.isRunning('poller')) await cluster.stopApp('poller');
  const batch = await r.call('createBatch', { bucket: b }, { namespace: ns, body: { object_ids: objectIds.slice(0, 3) } });
  const batchId = batch.body['batch_id'] as string;
  await r.call('addBatchObjects', { bucket: b, batch: batchId }, { namespace: ns, body: { object_ids: [...objectIds.slice(3), bad] } });
  await r.call('updateBatch', { bucket: b, batch: batchId }, { namespace: ns, body: { metadata: { run: tag } } });
  const submitted = await r.call('submitBatch', { bucket: b, batch: batchId }, { namespace: ns, body: {} });
  const taskId = submitted.body['task_id'] as string;
  const queued = await r.call('getBatch', { bucket: b, batch: batchId }, { namespace: ns });
  expect(queued.body['status']).toBe(r.mode === 'mixpeek' ? 'PENDING' : 'QUEUED');
  await r.call('listBatches', { bucket: b }, { namespace: ns, body: { offset: 0, limit: 10 } });
  await r.call('getTask', { task: taskId });
  const other = await r.call('createBatch', { bucket: b }, { namespace: ns, body: { object_ids: [objectIds[0] as string] } });
  const otherId = other.body['batch_id'] as string;
  // Strata's bulk route: NDJSON lines streamed into the DRAFT batch (one bad line reported by number).
  const ndjson = `${JSON.stringify(text(20))}\n{"metadata":\n${JSON.stringify(text(21))}\n`;
  const bulkCreated = await r.call('bulkCreateObjects', { bucket: b }, { namespace: ns, query: `?batch_id=${otherId}&chunk_size=10`, raw: Buffer.from(ndjson), headers: { 'content-type': 'application/x-ndjson' } });
  expect(bulkCreated.body).toMatchObject({ lines: 3, created_count: 2, failed_count: 1, batch_object_count: 3, errors: [{ line: 2, error_type: 'ValidationError' }] });
  await r.call('submitBatch', { bucket: b, batch: otherId }, { namespace: ns, body: {} });
  await r.call('cancelBatch', { bucket: b, batch: otherId }, { namespace: ns });
  await r.call('deleteBatch', { bucket: b, batch: otherId }, { namespace: ns });
  await cluster.startApp('poller');

  const finished = async () =>
    waitFor(
      async () => {
        const res = await cluster.api.request('GET', `/v1/buckets/${b}/batches/${batchId}`, { namespace: ns });
        return ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'].includes(res.body['status'] as string) ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: `batch ${batchId} to finish` },
    );
  expect((await finished())['status']).toBe('COMPLETED_WITH_ERRORS');
  await r.call('getBatch', { bucket: b, batch: batchId }, { namespace: ns });
  await r.call('listFailedDocuments', { bucket: b, batch: batchId }, { namespace: ns });
  await r.call('getBatchHealth', { bucket: b, batch: batchId }, { namespace: ns });
  await r.call('listBatchObjects', { bucket: b, batch: batchId }, { namespace: ns, query: '?limit=2' });
  await r.call('streamBatchEvents', { bucket: b, batch: batchId }, { namespace: ns });
  await r.call('listTasks', {}, { query: '?limit=5' });
  await r.call('replaceObject', { bucket: b, object: bad }, { namespace: ns, body: { blobs: [{ property: 'content', type: 'text', data: 'Now it has content. Two sentences.' }] } });
  await r.call('retryBatch', { bucket: b, batch: batchId }, { namespace: ns, body: { retry_mode: 'all' } });
  expect((await finished())['status']).toBe('COMPLETED');
  await r.call('getBatchLogs', { bucket: b, batch: batchId }, { namespace: ns, query: '?limit=50' });

  // Documents.
  const docs = await r.call('listDocuments', { collection: c }, { namespace: ns, body: {}, query: '?limit=2' });
  const documentId = (docs.body['results'] as Json[])[0]?.['document_id'] as string;
  await r.call('getDocument', { collection: c, document: documentId }, { namespace: ns, query: '?return_vectors=true' });
  await r.call('searchDocuments', { collection: c }, { namespace: ns, body: { query_text: 'harbour tide', top_k: 3 } });
  await r.call('getDocumentLineage', { collection: c, document: documentId }, { namespace: ns });
  await r.call('patchDocument', { collection: c, document: documentId }, { namespace: ns, body: { reviewed: true } });
  const made = await r.call('createDocument', { collection: c }, { namespace: ns, body: { collection_id: c, root_object_id: objectIds[0] as string, metadata: { title: 'made by hand' } } });
  const madeId = made.body['document_id'] as string;
  await r.call('updateDocument', { collection: c, document: madeId }, { namespace: ns, body: { title: 'replaced' } });
  await r.call('batchUpdateDocuments', { collection: c }, { namespace: ns, body: { updates: [{ document_id: madeId, update_data: { stage: 1 } }, { document_id: 'doc_missing000000', update_data: { stage: 1 } }] } });
  await r.call('bulkUpdateDocuments', { collection: c }, { namespace: ns, body: { filters: { AND: [{ field: 'title', operator: 'eq', value: 'replaced' }] }, update_data: { bulk: true } } });
  await r.call('listObjectDocuments', { object: objectIds[0] as string }, { namespace: ns });
  await r.call('getDecompositionTree', { object: objectIds[0] as string }, { namespace: ns });
  const secondId = (docs.body['results'] as Json[])[1]?.['document_id'] as string;
  await r.call('deleteDocumentsBatch', { collection: c }, { namespace: ns, body: { document_ids: [secondId] } });
  // Mixpeek's filter mode: every document the filters match (here the hand-made one).
  await r.call('deleteDocumentsBatch', { collection: c }, { namespace: ns, body: { filters: { AND: [{ field: 'title', operator: 'eq', value: 'replaced' }] } } });
  await r.call('deleteDocument', { collection: c, document: documentId }, { namespace: ns });
  await r.call('triggerCollection', { collection: c }, { namespace: ns, body: {} });

  // Schedules.
  const schedule = await r.call('createSchedule', { bucket: b }, { namespace: ns, body: { schedule_name: 'nightly', trigger: { type: 'interval', every_seconds: 86_400 }, enabled: false } });
  const scheduleId = schedule.body['schedule_id'] as string;
  await r.call('listSchedules', { bucket: b }, { namespace: ns });
  await r.call('getSchedule', { bucket: b, schedule: scheduleId }, { namespace: ns });
  await r.call('updateSchedule', { bucket: b, schedule: scheduleId }, { namespace: ns, body: { description: 'off for now' } });
  await r.call('listScheduleRuns', { bucket: b, schedule: scheduleId }, { namespace: ns });
  await r.call('deleteSchedule', { bucket: b, schedule: scheduleId }, { namespace: ns });

  // Webhooks: deliveries exist once events were published (the target refuses: they stay pending).
  await r.call('getWebhook', { webhook: webhookId });
  await r.call('listWebhooks', {}, { body: {} });
  await r.call('replaceWebhook', { webhook: webhookId }, {
    body: { webhook_name: `contract-${tag}`, event_types: ['*', 'batch.completed'], channels: [{ channel: 'webhook', configs: { url: 'http://127.0.0.1:9/hook' } }] },
  });
  await r.call('rotateWebhookSecret', { webhook: webhookId });
  const deliveryId = await waitFor(
    async () => {
      const res = await cluster.api.request('GET', `/v1/organizations/webhooks/${webhookId}/deliveries`);
      return ((res.body['results'] as Json[] | undefined) ?? [])[0]?.['delivery_id'] as string | undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, description: 'a webhook delivery' },
  );
  await r.call('listWebhookDeliveries', { webhook: webhookId });
  await r.call('getWebhookDelivery', { webhook: webhookId, delivery: deliveryId });
  await r.call('replayWebhookDelivery', { webhook: webhookId, delivery: deliveryId });
  await r.call('replayFailedWebhookDeliveries', { webhook: webhookId }, { body: { since: new Date(Date.now() - 3_600_000).toISOString() } });
  await r.call('deleteWebhook', { webhook: webhookId });

  // Deletes that run in the background, and the task of the finished batch.
  const spareBucket = await r.call('createBucket', {}, { namespace: ns, body: { bucket_name: 'spare', bucket_schema: { properties: { title: { type: 'string' } } } } });
  await r.call('deleteBucket', { bucket: spareBucket.body['bucket_id'] as string }, { namespace: ns });
  await r.call('deleteTask', { task: taskId });
  const spareNs = `contract-spare-${tag}`;
  await r.call('createNamespace', {}, { body: { namespace_name: spareNs } });
  await r.call('deleteNamespace', { namespace: spareNs });
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Compiles `schema` with `components` beside it, so its #/components/schemas refs resolve. */
function compiler(components: Json) {
  const ajv = newAjv();
  const cache = new Map<string, ValidateFunction>();
  return (key: string, schema: Json): ValidateFunction => {
    let validate = cache.get(key);
    if (validate === undefined) {
      validate = ajv.compile({ ...schema, components });
      cache.set(key, validate);
    }
    return validate;
  };
}

function valueAt(body: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), body);
}

/** Strata's own values that Mixpeek's enums lack, reported in `strata` mode by design (ADR 0070). */
function byDesign(error: ErrorObject, body: unknown): boolean {
  if (error.keyword !== 'enum') return false;
  const value = valueAt(body, error.instancePath);
  return value === 'QUEUED' || value === '*' || (typeof value === 'string' && value.startsWith('batch.'));
}

const describeError = (e: ErrorObject, body: unknown) => `${e.instancePath || '/'} ${e.message ?? e.keyword} (got ${JSON.stringify(valueAt(body, e.instancePath))?.slice(0, 80)})`;

describe('API contract: every route against Strata\'s document and Mixpeek 0.81', () => {
  let cluster: StrataCluster;
  let doc: { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: Json }> }> }>>; components: Json };
  const recorders: Recorder[] = [];

  beforeAll(async () => {
    // One app at a time (a start is slow on a busy machine); the poller starts and stops inside
    // the scenario (a batch stays QUEUED while it is away).
    cluster = await StrataCluster.start({ env: { WEBHOOK_ALLOWLIST: '127.0.0.1' }, counts: { poller: 0, 'extractor-worker': 0, 'webhook-dispatcher': 0 } });
    await cluster.startApp('extractor-worker');
    await cluster.startApp('webhook-dispatcher');
    doc = (await cluster.api.get('/openapi.json')).body as typeof doc;
    for (const mode of ['strata', 'mixpeek'] as const) {
      const recorder = new Recorder(cluster.api, doc, mode);
      recorders.push(recorder);
      await runScenario(cluster, recorder);
    }
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('keeps bad page parameters, cursors, compatibility headers and Mixpeek parameter models in the 4xx envelope (never a 5xx)', async () => {
    // A pooled keep-alive connection may have been closed by the server while this process was
    // busy (Node's 5 s keep-alive timeout): a transport retry, not a second answer.
    if (!cluster.isRunning('batch-api')) throw new Error(`batch-api is not running: ${cluster.logs('batch-api').slice(-3000)}`);
    const client = cluster.api;
    const api = {
      request: async (...args: Parameters<ApiClient['request']>) => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await client.request(...args);
          } catch (error) {
            if (!(error instanceof TypeError) || attempt === 3) throw error;
          }
        }
      },
      post: (path: string, body: unknown, namespace?: string) => api.request('POST', path, { body, ...(namespace === undefined ? {} : { namespace }) }),
    };
    const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constantFrom('-1', '0', '1e9', 'NaN', '%00', 'bm9wZQ', '__proto__'));
    const query = fc.record(
      { limit: junk, offset: junk, page: junk, page_size: junk, cursor: junk, include_total: junk },
      { requiredKeys: [] },
    );
    const lists = ['/v1/namespaces/list', '/v1/tasks/list', '/v1/organizations/webhooks/list'];
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom(...lists), fc.option(fc.string({ maxLength: 20 })), async (q, path, compat) => {
        const search = new URLSearchParams(q as Record<string, string>).toString();
        const res = await api.request('POST', `${path}?${search}`, { body: {}, headers: compat === null ? {} : { 'x-strata-compat': compat } });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.body).toMatchObject({ success: false, status: res.status, error: { message: expect.any(String), type: expect.any(String) } });
      }),
      { numRuns: 60 },
    );
    const ns = `contract-props-${randomBytes(3).toString('hex')}`;
    await api.post('/v1/namespaces', { namespace_name: ns });
    const bucket = await api.post('/v1/buckets', { bucket_name: 'b', bucket_schema: { properties: { content: { type: 'text' } } } }, ns);
    const params = fc.dictionary(
      fc.constantFrom('extractor_type', 'split_by', 'chunk_size', 'chunk_overlap', 'language', 'llm_model', 'response_shape', 'source_type', 'segment_length_seconds', 'extract_captions', 'embedding'),
      fc.oneof(fc.jsonValue(), fc.constantFrom(null, 'text_extractor', 'image_extractor', 'sentences', 'pages', 'en', 0, -5, 10_000_000)),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(params, fc.option(params), async (parameters, extra) => {
        n += 1;
        const res = await api.post(
          '/v1/collections',
          {
            collection_name: `c-${n}`,
            source: { type: 'bucket', bucket_ids: [bucket.body['bucket_id']] },
            feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters, ...(extra === null ? {} : { params: extra }), input_mappings: { text: 'content' } },
          },
          ns,
        );
        expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
        if (res.status !== 200) expect(res.body).toMatchObject({ success: false, error: { type: expect.any(String) } });
      }),
      { numRuns: 60 },
    );
  });

  it.each(['strata', 'mixpeek'] as const)('calls every documented operation (%s mode)', (mode) => {
    const called = new Set(recorders.find((r) => r.mode === mode)?.calls.map((c) => c.operationId));
    const documented = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(documented.filter((id) => !called.has(id))).toEqual([]);
  });

  it.each(['strata', 'mixpeek'] as const)('answers every route as Strata\'s document declares it (%s mode)', (mode) => {
    const compile = compiler(doc.components);
    const drift: string[] = [];
    for (const call of recorders.find((r) => r.mode === mode)?.calls ?? []) {
      const op = doc.paths[call.template]?.[call.method];
      const declared = op?.responses[String(call.status)];
      if (declared === undefined) {
        drift.push(`${call.operationId}: status ${call.status} is not declared`);
        continue;
      }
      if (declared.content === undefined) {
        if (call.body !== null) drift.push(`${call.operationId}: ${call.status} declares no body but one came`);
        continue;
      }
      const [contentType, media] = Object.entries(declared.content)[0] as [string, { schema: Json }];
      if (!call.contentType.startsWith(contentType)) drift.push(`${call.operationId}: content-type ${call.contentType}, declared ${contentType}`);
      const validate = compile(`${call.method} ${call.template} ${call.status}`, media.schema);
      if (!validate(call.body)) drift.push(`${call.operationId}: ${(validate.errors ?? []).slice(0, 5).map((e) => describeError(e, call.body)).join('; ')}`);
    }
    expect(drift).toEqual([]);
  });

  it('conforms to Mixpeek 0.81 on every shared route in mixpeek mode, and differs only by design in strata mode', () => {
    const MIXPEEK = readMixpeek();
    const compile = compiler(MIXPEEK.components as unknown as Json);
    const differences: Record<Mode, string[]> = { strata: [], mixpeek: [] };
    const allowed: string[] = [];
    const checked = new Set<string>();
    for (const recorder of recorders) {
      for (const call of recorder.calls) {
        const key = `${call.method.toUpperCase()} ${shape(call.template)}`;
        const route = MIXPEEK.routes[key];
        if (route === undefined) continue;
        checked.add(key);
        if (String(call.status) !== route.status) {
          differences[call.mode].push(`${key}: status ${call.status}, Mixpeek ${route.status}`);
          continue;
        }
        if (route.response_schema === null) {
          if (call.body !== null) differences[call.mode].push(`${key}: Mixpeek answers without a body`);
          continue;
        }
        const validate = compile(key, route.response_schema);
        if (validate(call.body)) continue;
        for (const error of validate.errors ?? []) {
          const line = `${key} (${call.operationId}): ${describeError(error, call.body)}`;
          if (call.mode === 'strata' && byDesign(error, call.body)) allowed.push(line);
          else differences[call.mode].push(line);
        }
      }
    }
    expect([...checked].sort()).toEqual(Object.keys(MIXPEEK.routes).sort());
    expect(differences).toEqual({ strata: [], mixpeek: [] });
    // The differences that remain in strata mode by design: the scenario produces each of them.
    const seen = allowed.join('\n');
    expect(seen).toContain('"QUEUED"');
    expect(seen).toContain('"*"');
    expect(seen).toContain('"batch.completed"');
  });

});
