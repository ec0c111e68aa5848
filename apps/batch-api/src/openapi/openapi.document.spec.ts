import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRoutes } from './api-route.decorator';
import { DOCUMENTED_CONTROLLERS } from './controllers';
import { DocsController } from './docs.controller';
import { buildOpenApiDocument, OPENAPI_VERSION } from './openapi.document';

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  parameters: Array<{ name?: string; in?: string; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

describe('OpenAPI document', () => {
  const controllers = [...DOCUMENTED_CONTROLLERS, DocsController];
  const doc = buildOpenApiDocument(controllers, OPENAPI_VERSION) as unknown as Document;
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  const resolve = (schema: Schema): Schema => {
    const ref = schema['$ref'];
    return typeof ref === 'string' ? (doc.components.schemas[ref.replace('#/components/schemas/', '')] as Schema) : schema;
  };

  it('documents every route the controllers declare, each with an @ApiRoute summary', () => {
    const routes = discoverRoutes(controllers);
    expect(routes.length).toBeGreaterThan(70);
    const undocumented = routes.filter((r) => r.doc === undefined).map((r) => `${r.method.toUpperCase()} ${r.path} (${r.handler})`);
    expect(undocumented).toEqual([]);
    for (const r of routes) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op?.summary).toBe(r.doc?.summary);
    }
  });

  it('gives every operation a unique camelCase id a client would call', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    const byRoute = Object.fromEntries(operations.map((o) => [`${o.method} ${o.path}`, o.op.operationId]));
    expect(byRoute).toMatchObject({
      'get /v1/buckets/{bucket}/batches/{batch}': 'getBatch',
      'post /v1/buckets/{bucket}/batches/{batch}/submit': 'submitBatch',
      'post /v1/buckets/{bucket}/batches/list': 'listBatches',
      'get /v1/tasks/{task}': 'getTask',
      'post /v1/collections': 'createCollection',
    });
  });

  it('declares a response schema for every success that is not a bare object, and no body for 204', () => {
    const bare: string[] = [];
    for (const { path, method, op } of operations) {
      const [status, success] = Object.entries(op.responses).find(([s]) => s.startsWith('2')) ?? [];
      expect(success).toBeDefined();
      if (status === '204') {
        expect(success?.content).toBeUndefined();
        continue;
      }
      const [contentType, media] = Object.entries(success?.content ?? {})[0] ?? [];
      const schema = resolve(media?.schema ?? {});
      const described = contentType === 'application/json' ? schema['properties'] !== undefined || schema['items'] !== undefined : schema['type'] === 'string';
      if (!described) bare.push(`${method} ${path}`);
    }
    expect(bare).toEqual([]);
  });

  it('names the shared response components after Mixpeek and declares the extractor catalogue as an array', () => {
    for (const name of ['BatchModel', 'TaskResponse', 'CollectionResponse', 'BucketResponse', 'ObjectResponse', 'NamespaceModel', 'PaginationResponse', 'ListBatchesResponse']) {
      expect(doc.components.schemas[name]).toBeDefined();
    }
    const catalogue = doc.paths['/v1/collections/features/extractors']?.['get']?.responses['200']?.content?.['application/json']?.schema ?? {};
    expect(resolve(catalogue)).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/FeatureExtractorResponseModel' } });
  });

  it('uses one pagination shape: every list answers with PaginationResponse and takes the same page parameters', () => {
    const lists = operations.filter(({ path, method }) => /\/list$|\/deliveries$|\/runs$|\/schedules$|failed-documents$/.test(path) && method !== 'delete' && !(method === 'post' && path.endsWith('/schedules')));
    expect(lists.length).toBeGreaterThanOrEqual(12);
    for (const { op } of lists) {
      const schema = resolve(op.responses['200']?.content?.['application/json']?.schema ?? {});
      expect((schema['properties'] as Schema)['pagination']).toEqual({ $ref: '#/components/schemas/PaginationResponse' });
      const params = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      expect(params).toEqual(expect.arrayContaining(['limit', 'offset', 'page', 'page_size', 'cursor']));
    }
    const pagination = doc.components.schemas['PaginationResponse'] as { properties: Record<string, Schema> };
    expect(pagination.properties['next_page']).toMatchObject({ type: ['string', 'null'] });
  });

  it('states request constraints: name patterns, webhook channels that exist, blob data xor upload_id', () => {
    const body = (path: string, method: string) => doc.paths[path]?.[method]?.requestBody?.content['application/json']?.schema as { properties: Record<string, Schema> };
    expect(body('/v1/collections', 'post').properties['collection_name']).toMatchObject({ pattern: expect.stringContaining('{2,99}') });
    expect(body('/v1/namespaces', 'post').properties['namespace_name']).toMatchObject({ pattern: expect.any(String) });
    const channels = body('/v1/organizations/webhooks', 'post').properties['channels'] as { items: { properties: Record<string, Schema> } };
    expect(channels.items.properties['channel']).toMatchObject({ enum: ['webhook'] });
    const blobs = body('/v1/buckets/{bucket}/objects', 'post').properties['blobs'] as { items: Schema };
    expect(blobs.items['not']).toEqual({ required: ['data', 'upload_id'] });
    const create = body('/v1/buckets/{bucket}/batches', 'post') as unknown as { required: string[]; properties: Record<string, Schema> };
    expect(create.required).toEqual(['object_ids']);
    expect(create.properties['object_ids']).toMatchObject({ type: 'array', minItems: 1 });
  });

  it('documents the error envelope and the compatibility header on every operation', () => {
    for (const { op } of operations) {
      expect(op.responses['404']?.content?.['application/json']?.schema['$ref']).toBe('#/components/schemas/ErrorResponse');
      expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/Compat' });
    }
  });

  it('is valid JSON Schema 2020-12 in every component (what the SDK and the contract tests compile)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'strata', components: doc.components } as Schema);
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`strata#/components/schemas/${name}`)).not.toThrow();
    }
  });

  it('matches docs/openapi.json (run `npm run openapi` after changing a route or schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../../docs/openapi.json'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
