import { discoverRoutes } from './api-route.decorator';
import { DOCUMENTED_CONTROLLERS } from './controllers';
import { DocsController } from './docs.controller';
import { buildOpenApiDocument } from './openapi.document';

describe('OpenAPI document', () => {
  const controllers = [...DOCUMENTED_CONTROLLERS, DocsController];
  const doc = buildOpenApiDocument(controllers, 'test') as { paths: Record<string, Record<string, Record<string, unknown>>> };

  it('documents every route the controllers declare, each with an @ApiRoute summary', () => {
    const routes = discoverRoutes(controllers);
    expect(routes.length).toBeGreaterThan(25);
    const undocumented = routes.filter((r) => r.doc === undefined).map((r) => `${r.method.toUpperCase()} ${r.path} (${r.handler})`);
    expect(undocumented).toEqual([]);
    for (const r of routes) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op).toBeDefined();
      expect(op?.['summary']).toBe(r.doc?.summary);
    }
  });

  it('documents the error envelope on every operation and the bodies from the validation schemas', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const responses = op['responses'] as Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
        expect(responses['404']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/ErrorResponse');
        expect(`${method} ${path}`).toBeTruthy();
      }
    }
    const create = doc.paths['/v1/buckets/{bucket}/batches']?.['post'] as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } };
    const schema = create.requestBody.content['application/json']?.schema;
    expect(schema?.required).toEqual(['object_ids']);
    expect(schema?.properties['object_ids']).toMatchObject({ type: 'array', minItems: 1 });
  });
});
