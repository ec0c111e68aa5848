import { Type } from '@nestjs/common';
import { z } from 'zod';
import { DiscoveredRoute, discoverRoutes } from './api-route.decorator';
import { COMPAT_HEADER } from '../http/compat';
import { apiSchemas, componentId } from '../http/schemas';

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

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/** Drops what zod adds that a reader does not need: $schema/$id and the safe-integer bounds of every int. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if ((key === 'minimum' || key === 'maximum') && typeof inner === 'number' && SAFE_INTEGER_BOUNDS.has(inner)) continue;
    out[key] = tidy(inner);
  }
  return out;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return tidy(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as Record<string, unknown>;
}

/** Every registered response schema as a named component; nested registered schemas become $refs. */
export function responseComponents(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return tidy(schemas) as Record<string, Record<string, unknown>>;
}

/** The success response of a route: a $ref to its component, nothing for 204. */
function successResponse(route: DiscoveredRoute): [string, Record<string, unknown>] {
  const doc = route.doc;
  const status = doc?.success?.status ?? 200;
  const description = doc?.success?.description ?? 'OK';
  if (status === 204) return ['204', { description }];
  const schema = doc?.response;
  if (schema === undefined) throw new Error(`${route.handler}: @ApiRoute needs a response schema (only 204 routes have none)`);
  const id = componentId(schema);
  const declared = id === undefined ? jsonSchema(schema) : { $ref: `#/components/schemas/${id}` };
  return [String(status), { description, content: { [doc?.success?.contentType ?? 'application/json']: { schema: declared } } }];
}

function operation(route: DiscoveredRoute): Record<string, unknown> {
  const doc = route.doc;
  const params: Array<Record<string, unknown>> = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  params.push({ $ref: '#/components/parameters/Compat' });
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
  const [status, success] = successResponse(route);
  const responses: Record<string, unknown> = { [status]: success };
  for (const status of [...new Set([400, 401, 404, 422, 500, ...(doc?.errors ?? [])])].sort()) {
    if (status === 401 && doc?.public === true) continue;
    responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
  }
  return {
    operationId: doc?.operationId ?? route.handler.replace('.', '_'),
    summary: doc?.summary ?? route.handler,
    ...(doc?.description !== undefined ? { description: doc.description } : {}),
    tags: [doc?.tag ?? 'other'],
    parameters: params,
    ...(doc?.body !== undefined ? { requestBody: { required: true, content: { [doc.bodyContentType ?? 'application/json']: { schema: jsonSchema(doc.body) } } } } : {}),
    responses,
    ...(doc?.public === true ? { security: [] } : {}),
  };
}

/** The API version the document states (the package version). */
export const OPENAPI_VERSION = '0.1.0';

/** The OpenAPI 3.1 document, built from the controllers' routes and their @ApiRoute docs. */
export function buildOpenApiDocument(controllers: ReadonlyArray<Type<unknown>>, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  for (const route of discoverRoutes(controllers)) {
    const id = route.doc?.operationId;
    if (id !== undefined && operationIds.has(id)) throw new Error(`operationId ${id} is used twice (${route.handler})`);
    if (id !== undefined) operationIds.add(id);
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
      parameters: {
        Compat: {
          name: COMPAT_HEADER,
          in: 'header',
          required: false,
          description:
            'API compatibility mode for this request: `mixpeek` keeps statuses and event types within Mixpeek 0.81\'s enums ' +
            '(QUEUED is reported as PENDING; webhook `*` is spelled out, batch.* types are not listed); `strata` (the default ' +
            'unless API_COMPAT_MODE says otherwise) reports Strata\'s own values. See docs/api-compatibility.md.',
          schema: { type: 'string', enum: ['strata', 'mixpeek'] },
        },
      },
      schemas: {
        ...responseComponents(),
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
