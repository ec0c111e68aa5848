import type { FilterCondition, ListFilter, ListRequest } from '@strata/contracts';
import type { Model } from 'mongoose';

/*
 * The part of the list filter language MongoDB runs with the reference semantics
 * (libs/contracts/src/list-filter.ts; docs/adr/0079): conditions, AND/OR/NOT and sorts on system
 * fields stored as plain ASCII-comparable strings that are never missing, null or arrays (ids,
 * timestamps, the batch id). On such fields MongoDB's implicit array matching cannot apply and
 * case-insensitive matching is an anchored, escaped `$regex` with the `i` option (ASCII values
 * only). Anything else (payload and metadata fields, search, non-ASCII values, regex conditions)
 * answers null and the API scans: MongoDB matches array elements implicitly and runs `$regex` with
 * a backtracking engine, which the reference does not.
 */

/** Public field path -> stored field, for the fields this compiler runs. */
export type MongoFieldMap = Readonly<Record<string, string>>;

export const MONGO_DOCUMENT_FIELDS: MongoFieldMap = {
  document_id: 'documentId',
  collection_id: 'collectionId',
  '_internal.namespace_id': 'namespaceId',
  '_internal.document_id': 'documentId',
  '_internal.collection_id': 'collectionId',
  '_internal.created_at': 'createdAt',
  '_internal.updated_at': 'updatedAt',
  '_internal.metadata.batch_id': 'batchId',
  '_internal.metadata.feature_extractor_id': 'featureExtractorId',
};

export const MONGO_OBJECT_FIELDS: MongoFieldMap = {
  object_id: 'objectId',
  bucket_id: 'bucketId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

/*
 * Names are left out (they scan): the CongoDB stand-in orders them unlike the reference (which
 * compares code points), so the conformance suite cannot vouch for a sort on them.
 */
export const MONGO_NAMESPACE_FIELDS: MongoFieldMap = {
  namespace_id: 'namespaceId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

export const MONGO_BUCKET_FIELDS: MongoFieldMap = {
  bucket_id: 'bucketId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

export const MONGO_UPLOAD_FIELDS: MongoFieldMap = {
  upload_id: 'uploadId',
  bucket_id: 'bucketId',
  status: 'status',
  created_at: 'createdAt',
};

export const MONGO_COLLECTION_FIELDS: MongoFieldMap = {
  collection_id: 'collectionId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

const ASCII = /^[\x20-\x7e]*$/;

class Unsupported extends Error {}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function str(value: unknown): string {
  if (typeof value !== 'string' || !ASCII.test(value)) throw new Unsupported();
  return value;
}

/** Equality of a string field with one value, folded unless case-sensitive. */
function equals(field: string, value: unknown, caseSensitive: boolean): Record<string, unknown> {
  // A number, boolean, null, array or object never equals a string field.
  if (typeof value !== 'string') return { [field]: { $in: [] } };
  const v = str(value);
  return caseSensitive ? { [field]: v } : { [field]: { $regex: `^${escapeRegex(v)}$`, $options: 'i' } };
}

function condition(map: MongoFieldMap, c: FilterCondition): Record<string, unknown> {
  const field = map[c.field];
  if (field === undefined) throw new Unsupported();
  switch (c.operator) {
    case 'eq':
      return equals(field, c.value, c.caseSensitive);
    case 'ne':
      return { $nor: [equals(field, c.value, c.caseSensitive)] };
    case 'in':
    case 'nin': {
      const any = { $or: (c.value as unknown[]).map((v) => equals(field, v, c.caseSensitive)) };
      const has = (c.value as unknown[]).length === 0 ? { [field]: { $in: [] } } : any;
      return c.operator === 'in' ? has : { $nor: [has] };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      // A number is never comparable with a string field.
      if (typeof c.value !== 'string') return { [field]: { $in: [] } };
      return { [field]: { [`$${c.operator}`]: str(c.value) } };
    case 'starts_with':
    case 'ends_with':
    case 'contains': {
      const v = escapeRegex(str(c.value));
      const pattern = c.operator === 'starts_with' ? `^${v}` : c.operator === 'ends_with' ? `${v}$` : v;
      return { [field]: c.caseSensitive ? { $regex: pattern } : { $regex: pattern, $options: 'i' } };
    }
    case 'exists':
    case 'is_null': {
      // These fields are always present and never null.
      const holds = c.operator === 'exists' ? c.value === true : c.value === false;
      return holds ? {} : { [field]: { $in: [] } };
    }
    case 'regex':
      throw new Unsupported();
  }
}

function node(map: MongoFieldMap, f: ListFilter): Record<string, unknown> {
  if (!('logic' in f)) return condition(map, f);
  const children = f.children.map((c) => node(map, c));
  if (children.length === 0) return {};
  if (f.logic === 'and') return { $and: children };
  if (f.logic === 'or') return { $or: children };
  return { $nor: children };
}

/**
 * The MongoDB filter and sort of a list request over the mapped fields, ties in `order`; null when
 * the request uses anything else (the caller scans).
 */
export function compileMongoList(
  map: MongoFieldMap,
  request: ListRequest,
  order: Record<string, 1 | -1>,
): { filter: Record<string, unknown>; sort: Array<[string, 1 | -1]> } | null {
  if (request.search !== null) return null;
  try {
    const filter = request.filter === null ? {} : node(map, request.filter);
    const sort: Array<[string, 1 | -1]> = [];
    for (const s of request.sort) {
      const field = map[s.field];
      if (field === undefined) return null;
      if (!sort.some(([f]) => f === field)) sort.push([field, s.direction === 'desc' ? -1 : 1]);
    }
    for (const [field, direction] of Object.entries(order)) if (!sort.some(([f]) => f === field)) sort.push([field, direction]);
    return { filter, sort };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/**
 * Runs a list request over `model` within `scope` (the listing's namespace and parent): the page of
 * documents and the total of matches, or null when the request is not compiled (the caller scans).
 */
export async function findListPage<D>(
  model: Model<D>,
  map: MongoFieldMap,
  scope: Record<string, string>,
  order: Record<string, 1 | -1>,
  request: ListRequest,
): Promise<{ docs: D[]; total: number } | null> {
  const compiled = compileMongoList(map, request, order);
  if (compiled === null) return null;
  const where = { $and: [scope, compiled.filter] };
  const [docs, total] = await Promise.all([
    model.find(where).sort(Object.fromEntries(compiled.sort)).skip(request.offset).limit(request.limit).lean<D[]>().exec(),
    model.countDocuments(where).exec(),
  ]);
  return { docs, total };
}
