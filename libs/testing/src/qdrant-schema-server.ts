import { cosineSimilarity, dotProduct, euclideanDistance } from '@strata/domain';
import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Qdrant for tests where no Qdrant server exists: an in-memory HTTP server that
 * validates every request body (and every answer it gives) against Qdrant's OpenAPI document,
 * records the requests, and implements the few operations the adapter uses with Qdrant's
 * semantics (named vectors, keyword match and match-any filters, cosine/dot/euclid scoring, scroll offsets).
 * It is not Qdrant: QDRANT_URL runs the same suites against the real server.
 */

type Json = Record<string, unknown>;
interface Point {
  id: string | number;
  vector: Record<string, number[]>;
  payload: Json;
}
interface Collection {
  vectors: Record<string, { size: number; distance: 'Cosine' | 'Dot' | 'Euclid' }>;
  points: Map<string, Point>;
  payloadIndexes: Set<string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operation: string;
  body: unknown;
  /** Schema violations of the request body; empty when it conforms. */
  errors: string[];
}

/** Rewrites OpenAPI 3.0 `nullable` into JSON Schema so Ajv can validate with the document as it is. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
  if ((node as Json)['nullable'] === true) {
    if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
    else if (out['type'] === undefined && out['$ref'] === undefined && out['anyOf'] === undefined && out['oneOf'] === undefined && out['allOf'] === undefined) out['type'] = 'null';
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  request?: ValidateFunction;
  response?: ValidateFunction;
}

function loadOperations(specPath: string): Operation[] {
  const spec = toJsonSchema(JSON.parse(readFileSync(specPath, 'utf8'))) as Json;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ $id: 'qdrant', components: spec['components'] });
  const compile = (schema: unknown): ValidateFunction | undefined => {
    if (schema === undefined) return undefined;
    const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"qdrant#/components/'));
    return ajv.compile(rewritten);
  };
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(spec['paths'] as Record<string, Record<string, Json>>)) {
    const params: string[] = [];
    const pattern = new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_, name: string) => (params.push(name), '([^/]+)'))}$`);
    for (const [method, op] of Object.entries(methods)) {
      const content = (op['requestBody'] as Json | undefined)?.['content'] as Record<string, Json> | undefined;
      const ok = ((op['responses'] as Record<string, Json>)['200']?.['content'] as Record<string, Json> | undefined)?.['application/json'];
      ops.push({
        method: method.toUpperCase(),
        template,
        pattern,
        params,
        request: compile(content?.['application/json']?.['schema']),
        response: compile(ok?.['schema']),
      });
    }
  }
  // Literal paths before templated ones (`/collections/aliases` before `/collections/{name}`).
  return ops.sort((a, b) => a.params.length - b.params.length);
}

function matches(payload: Json, filter: Json | undefined): boolean {
  if (filter === undefined || filter === null) return true;
  const must = (filter['must'] as Json[] | undefined) ?? [];
  return must.every((cond) => {
    const match = cond['match'] as Json | undefined;
    if (match === undefined) return false;
    const value = payload[cond['key'] as string];
    // MatchAny: the value is one of the listed keywords.
    if (Array.isArray(match['any'])) return (match['any'] as unknown[]).includes(value);
    return value === match['value'];
  });
}

function score(distance: 'Cosine' | 'Dot' | 'Euclid', a: number[], b: number[]): number {
  if (distance === 'Euclid') return euclideanDistance(a, b);
  if (distance === 'Dot') return dotProduct(a, b);
  return cosineSimilarity(a, b);
}

export class QdrantSchemaServer {
  readonly requests: RecordedRequest[] = [];
  /** Answers that did not match the response schema (a bug of this stand-in). */
  readonly responseErrors: string[] = [];
  private readonly collections = new Map<string, Collection>();
  private readonly operations: Operation[];
  private server: Server | null = null;
  /** Fail the next N requests with a 503 (to exercise retries). */
  failNext = 0;

  constructor(specPath: string) {
    this.operations = loadOperations(specPath);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server === null ? resolve() : this.server.close(() => resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const send = (status: number, body: Json, op?: Operation) => {
      if (status === 200 && op?.response !== undefined && !op.response(body)) {
        this.responseErrors.push(`${method} ${url.pathname}: ${JSON.stringify(op.response.errors)}`);
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const op = this.operations.find((o) => o.method === method && o.pattern.test(url.pathname));
    if (op === undefined) {
      this.requests.push({ method, path: url.pathname, operation: 'unknown', body: raw, errors: ['no such operation in the OpenAPI document'] });
      return send(404, { status: { error: `unknown operation ${method} ${url.pathname}` } });
    }
    let body: unknown = undefined;
    const errors: string[] = [];
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        errors.push('body is not JSON');
      }
    }
    if (op.request !== undefined && !op.request(body)) errors.push(JSON.stringify(op.request.errors));
    const match = op.pattern.exec(url.pathname) as RegExpExecArray;
    const params = Object.fromEntries(op.params.map((p, i) => [p, decodeURIComponent(match[i + 1] as string)]));
    this.requests.push({ method, path: url.pathname, operation: `${method} ${op.template}`, body, errors });
    if (errors.length > 0) return send(400, { status: { error: errors.join('; ') }, time: 0 });
    if (this.failNext > 0) {
      this.failNext -= 1;
      return send(503, { status: { error: 'unavailable (injected)' }, time: 0 });
    }
    const ok = (result: unknown) => send(200, { status: 'ok', time: 0.001, result }, op);
    const b = (body ?? {}) as Json;
    const name = params['collection_name'] as string;
    const coll = this.collections.get(name);
    const notFound = () => send(404, { status: { error: `Not found: Collection \`${name}\` doesn't exist!` }, time: 0 });
    switch (`${method} ${op.template}`) {
      case 'GET /collections':
        return ok({ collections: [...this.collections.keys()].map((n) => ({ name: n })) });
      case 'GET /collections/{collection_name}/exists':
        return ok({ exists: coll !== undefined });
      case 'PUT /collections/{collection_name}': {
        if (coll !== undefined) return send(409, { status: { error: `Wrong input: Collection \`${name}\` already exists!` }, time: 0 });
        this.collections.set(name, { vectors: b['vectors'] as Collection['vectors'], points: new Map(), payloadIndexes: new Set() });
        return ok(true);
      }
      case 'GET /collections/{collection_name}':
        if (coll === undefined) return notFound();
        return ok({
          status: 'green',
          optimizer_status: 'ok',
          segments_count: 1,
          points_count: coll.points.size,
          config: {
            params: { vectors: coll.vectors },
            hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10_000 },
            optimizer_config: { default_segment_number: 0, flush_interval_sec: 5 },
          },
          payload_schema: Object.fromEntries([...coll.payloadIndexes].map((f) => [f, { data_type: 'keyword', points: coll.points.size }])),
        });
      case 'DELETE /collections/{collection_name}':
        return ok(this.collections.delete(name));
      case 'PUT /collections/{collection_name}/index':
        if (coll === undefined) return notFound();
        coll.payloadIndexes.add(b['field_name'] as string);
        return ok({ operation_id: 1, status: 'completed' });
      case 'PUT /collections/{collection_name}/points': {
        if (coll === undefined) return notFound();
        for (const p of b['points'] as Point[]) {
          for (const [vname, v] of Object.entries(p.vector)) {
            const conf = coll.vectors[vname];
            if (conf === undefined || conf.size !== v.length) return send(400, { status: { error: `Wrong input: vector ${vname}` }, time: 0 });
          }
          coll.points.set(String(p.id), { id: p.id, vector: p.vector, payload: p.payload ?? {} });
        }
        return ok({ operation_id: 2, status: 'completed' });
      }
      case 'POST /collections/{collection_name}/points': {
        if (coll === undefined) return notFound();
        const ids = (b['ids'] as Array<string | number>).map(String);
        return ok(
          ids.flatMap((id) => {
            const p = coll.points.get(id);
            return p === undefined ? [] : [{ id: p.id, payload: b['with_payload'] === false ? null : p.payload, vector: b['with_vector'] === true ? p.vector : null }];
          }),
        );
      }
      case 'POST /collections/{collection_name}/points/search': {
        if (coll === undefined) return notFound();
        const named = b['vector'] as { name: string; vector: number[] };
        const conf = coll.vectors[named.name];
        if (conf === undefined) return send(400, { status: { error: `Wrong input: Not existing vector name: ${named.name}` }, time: 0 });
        const hits = [...coll.points.values()]
          .filter((p) => matches(p.payload, b['filter'] as Json | undefined) && p.vector[named.name] !== undefined)
          .map((p) => ({ id: p.id, version: 1, score: score(conf.distance, named.vector, p.vector[named.name] as number[]), payload: p.payload }))
          .sort((x, y) => (conf.distance === 'Euclid' ? x.score - y.score : y.score - x.score))
          .slice(0, b['limit'] as number);
        return ok(hits);
      }
      case 'POST /collections/{collection_name}/points/count': {
        if (coll === undefined) return notFound();
        return ok({ count: [...coll.points.values()].filter((p) => matches(p.payload, b['filter'] as Json | undefined)).length });
      }
      case 'POST /collections/{collection_name}/points/scroll': {
        if (coll === undefined) return notFound();
        const all = [...coll.points.values()].filter((p) => matches(p.payload, b['filter'] as Json | undefined)).sort((x, y) => String(x.id).localeCompare(String(y.id)));
        const start = b['offset'] === undefined || b['offset'] === null ? 0 : all.findIndex((p) => String(p.id) === String(b['offset']));
        const limit = (b['limit'] as number | undefined) ?? 10;
        const page = all.slice(Math.max(0, start), Math.max(0, start) + limit);
        const next = all[Math.max(0, start) + limit];
        return ok({ points: page.map((p) => ({ id: p.id, payload: p.payload })), next_page_offset: next === undefined ? null : next.id });
      }
      case 'POST /collections/{collection_name}/points/delete': {
        if (coll === undefined) return notFound();
        for (const [id, p] of coll.points) if (matches(p.payload, b['filter'] as Json | undefined)) coll.points.delete(id);
        return ok({ operation_id: 3, status: 'completed' });
      }
      default:
        return send(501, { status: { error: `${method} ${op.template} is valid Qdrant but not implemented by the stand-in` }, time: 0 });
    }
  }
}
