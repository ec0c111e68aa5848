import { Type } from '@nestjs/common';
import { z } from 'zod';
import { DiscoveredRoute, discoverRoutes } from './api-route.decorator';

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request (malformed JSON, missing header, impossible request)',
  401: 'No valid API key',
  403: 'The API key may not do this',
  404: 'Not found (or not visible to this key / namespace)',
  409: 'Conflicts with the current state',
  413: 'Body or file too large',
  422: 'Validation failed; details.validation_errors lists each problem',
  500: 'Internal error',
  503: 'A dependency is unavailable',
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function operation(route: DiscoveredRoute): Record<string, unknown> {
  const doc = route.doc;
  const params: Array<Record<string, unknown>> = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (doc?.namespaced !== false) {
    params.push({
      name: 'X-Namespace',
      in: 'header',
      required: true,
      description: 'Namespace id (ns_...) or name; scopes the request',
      schema: { type: 'string' },
    });
  }
  if (doc?.query !== undefined) {
    const q = jsonSchema(doc.query) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema });
    }
  }
  const success = doc?.success ?? { description: 'OK' };
  const responses: Record<string, unknown> = {
    [String(success.status ?? 200)]: {
      description: success.description,
      content: { [success.contentType ?? 'application/json']: { schema: { type: 'object' } } },
    },
  };
  for (const status of [...new Set([400, 401, 404, 422, 500, ...(doc?.errors ?? [])])].sort()) {
    if (status === 401 && doc?.public === true) continue;
    responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
  }
  return {
    operationId: route.handler.replace('.', '_'),
    summary: doc?.summary ?? route.handler,
    ...(doc?.description !== undefined ? { description: doc.description } : {}),
    tags: [doc?.tag ?? 'other'],
    parameters: params,
    ...(doc?.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } } } : {}),
    responses,
    ...(doc?.public === true ? { security: [] } : {}),
  };
}

/** The OpenAPI 3.1 document, built from the controllers' routes and their @ApiRoute docs. */
export function buildOpenApiDocument(controllers: ReadonlyArray<Type<unknown>>, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of discoverRoutes(controllers)) {
    const key = route.path.replace(/:(\w+)/g, '{$1}');
    paths[key] = { ...(paths[key] ?? {}), [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata batch API',
      version,
      description:
        'Self-hosted batch enrichment engine with a Mixpeek-compatible batch API. Every error is an ErrorResponse envelope.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: sk_...' } },
      schemas: {
        ErrorResponse: {
          type: 'object',
          required: ['success', 'status', 'error'],
          properties: {
            success: { type: 'boolean', const: false },
            status: { type: 'integer' },
            error: {
              type: 'object',
              required: ['message', 'type'],
              properties: {
                message: { type: 'string', description: 'What went wrong and what to fix' },
                type: { type: 'string', description: 'Stable machine id, e.g. NotFoundError' },
                details: { type: ['object', 'null'] },
              },
            },
          },
        },
      },
    },
  };
}
