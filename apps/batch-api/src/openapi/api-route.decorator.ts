import { SetMetadata, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { z } from 'zod';

export const API_ROUTE = 'strata:api-route';

/** What the OpenAPI document says about one endpoint; declared next to the handler. */
export interface RouteDoc {
  /** The operation id a client calls (getBatch, submitBatch, ...): unique across the API. */
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  body?: z.ZodType;
  /** The request body's media type when not application/json (e.g. application/x-ndjson: `body` is then the schema of one line). */
  bodyContentType?: string;
  query?: z.ZodType;
  /** Needs the X-Namespace header (default true). */
  namespaced?: boolean;
  /**
   * The success answer's schema: a registered response schema (apps/batch-api/src/http/schemas),
   * which becomes a named component. Omitted only for 204 (no body).
   */
  response?: z.ZodType;
  /** Success status and what it returns. */
  success?: { status?: number; description: string; contentType?: string };
  /** Error statuses beyond the ones every endpoint can answer (400, 401, 404, 422, 500). */
  errors?: number[];
  /** Reachable without an API key. */
  public?: boolean;
}

/** Documents a handler in the OpenAPI document served at /openapi.json. */
export const ApiRoute = (doc: RouteDoc) => SetMetadata(API_ROUTE, doc);

export interface DiscoveredRoute {
  method: string;
  path: string;
  handler: string;
  doc: RouteDoc | undefined;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};

function join(base: string, path: string): string {
  const parts = [base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p.length > 0);
  return `/${parts.join('/')}`;
}

/** Every route the controllers declare, read from Nest's own routing metadata. */
export function discoverRoutes(controllers: ReadonlyArray<Type<unknown>>): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const controller of controllers) {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push({
        method: METHODS[method] ?? 'get',
        path: join(base, path),
        handler: `${controller.name}.${name}`,
        doc: Reflect.getMetadata(API_ROUTE, handler) as RouteDoc | undefined,
      });
    }
  }
  return routes;
}
