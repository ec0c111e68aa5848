import type { FilterCondition, ListFilter, ListRequest } from '@strata/contracts';
import type { Model } from 'mongoose';
import { type Expr, type MongoRecord, Unsupported, filterExpr, searchExpr, sortKeyExpr } from './mongo-list-expr';
import {
  MONGO_BUCKET_RECORD,
  MONGO_COLLECTION_RECORD,
  MONGO_DOCUMENT_RECORD,
  MONGO_NAMESPACE_RECORD,
  MONGO_OBJECT_RECORD,
  MONGO_UPLOAD_RECORD,
} from './mongo-list-records';

/*
 * List requests run in MongoDB with the reference semantics (libs/contracts/src/list-filter.ts;
 * docs/adr/0079) as one aggregation pipeline:
 *
 * 1. `$match` on the listing's scope and on the conditions over system fields stored as plain
 *    ASCII-comparable strings that are never missing, null or arrays (ids, names, timestamps, the
 *    batch id), in MongoDB's query language: indexes apply. On such fields implicit array matching
 *    cannot happen and case-insensitive matching is an anchored, escaped `$regex` with the `i`
 *    option (ASCII values only).
 * 2. `$match: {$expr}` for the rest of the filter (mongo-list-expr.ts over the public record of
 *    mongo-list-records.ts: guarded paths, kind checks, `$literal` values).
 *    A search joins that `$expr` (the whole record's strings, mongo-list-expr.ts).
 * 3. Sort keys (`$addFields`) for fields that are not plain system fields, `$sort` with ties in the
 *    listing's order, `$skip`, `$limit`; the total from a second pipeline's `$group`.
 *
 * What it does not run answers null and the API scans: regex conditions (MongoDB's `$regex` is
 * PCRE, backtracking; the reference RE2), case-insensitive conditions and searches whose value is
 * not ASCII (`$toLower` folds ASCII only), searches for text a number's rendering could contain,
 * and sorts where two matching records hold objects or arrays in a sort field (the reference
 * orders those by their JSON, which MongoDB cannot compute).
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

export const MONGO_NAMESPACE_FIELDS: MongoFieldMap = {
  namespace_id: 'namespaceId',
  namespace_name: 'namespaceName',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

export const MONGO_BUCKET_FIELDS: MongoFieldMap = {
  bucket_id: 'bucketId',
  bucket_name: 'bucketName',
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
  collection_name: 'collectionName',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

const ASCII = /^[\x20-\x7e]*$/;

/**
 * Stored fields where '' stands for null in the public record: the documents' batch id (a document
 * written through the API belongs to no batch). Conditions on them exclude '' unless they ask for
 * null; sorts on them use the computed key (null last).
 */
const EMPTY_IS_NULL = new Set(['batchId']);

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
  if (field === undefined || !Object.prototype.hasOwnProperty.call(map, c.field)) throw new Unsupported();
  // A condition that needs a string value: '' is null in the public record where EMPTY_IS_NULL says so.
  const present = (q: Record<string, unknown>) => (EMPTY_IS_NULL.has(field) ? { $and: [{ [field]: { $ne: '' } }, q] } : q);
  switch (c.operator) {
    case 'eq':
      return present(equals(field, c.value, c.caseSensitive));
    case 'ne':
      return { $nor: [present(equals(field, c.value, c.caseSensitive))] };
    case 'in':
    case 'nin': {
      const any = { $or: (c.value as unknown[]).map((v) => equals(field, v, c.caseSensitive)) };
      const has = (c.value as unknown[]).length === 0 ? { [field]: { $in: [] } } : present(any);
      return c.operator === 'in' ? has : { $nor: [has] };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      // A number is never comparable with a string field.
      if (typeof c.value !== 'string') return { [field]: { $in: [] } };
      return present({ [field]: { [`$${c.operator}`]: str(c.value) } });
    case 'starts_with':
    case 'ends_with':
    case 'contains': {
      const v = escapeRegex(str(c.value));
      const pattern = c.operator === 'starts_with' ? `^${v}` : c.operator === 'ends_with' ? `${v}$` : v;
      return present({ [field]: c.caseSensitive ? { $regex: pattern } : { $regex: pattern, $options: 'i' } });
    }
    case 'exists':
      // These fields are always present (null counts as present).
      return c.value === true ? {} : { [field]: { $in: [] } };
    case 'is_null': {
      // Never null, except '' where EMPTY_IS_NULL says so.
      if (EMPTY_IS_NULL.has(field)) return { [field]: c.value === true ? '' : { $ne: '' } };
      return c.value === false ? {} : { [field]: { $in: [] } };
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

/** A list's fields: the system fields stored in place (indexes apply) and the whole public record. */
export interface MongoList {
  fields: MongoFieldMap;
  record: MongoRecord;
}

export const MONGO_DOCUMENT_LIST: MongoList = { fields: MONGO_DOCUMENT_FIELDS, record: MONGO_DOCUMENT_RECORD };
export const MONGO_OBJECT_LIST: MongoList = { fields: MONGO_OBJECT_FIELDS, record: MONGO_OBJECT_RECORD };
export const MONGO_NAMESPACE_LIST: MongoList = { fields: MONGO_NAMESPACE_FIELDS, record: MONGO_NAMESPACE_RECORD };
export const MONGO_BUCKET_LIST: MongoList = { fields: MONGO_BUCKET_FIELDS, record: MONGO_BUCKET_RECORD };
export const MONGO_UPLOAD_LIST: MongoList = { fields: MONGO_UPLOAD_FIELDS, record: MONGO_UPLOAD_RECORD };
export const MONGO_COLLECTION_LIST: MongoList = { fields: MONGO_COLLECTION_FIELDS, record: MONGO_COLLECTION_RECORD };

/** The filter split: conditions on system fields in MongoDB's query language, the rest as one `$expr`. @throws Unsupported */
function splitFilter(map: MongoFieldMap, record: MongoRecord, filter: ListFilter | null): { match: Record<string, unknown>[]; expr: Expr | null } {
  if (filter === null) return { match: [], expr: null };
  const parts = 'logic' in filter && filter.logic === 'and' ? filter.children : [filter];
  const match: Record<string, unknown>[] = [];
  const rest: ListFilter[] = [];
  for (const part of parts) {
    try {
      match.push(node(map, part));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      rest.push(part);
    }
  }
  const expr = rest.length === 0 ? null : filterExpr(record, rest.length === 1 ? (rest[0] as ListFilter) : { logic: 'and', children: rest });
  return { match: match.filter((m) => Object.keys(m).length > 0), expr };
}

/** The page and count pipelines of a list request, and the sort-key fields whose objects/arrays must be counted. */
export interface MongoListPipelines {
  page: Record<string, unknown>[];
  count: Record<string, unknown>[];
  /** Names of the `$addFields` sort keys (each `{n, r, v, o}`); the count pipeline sums their `o`. */
  sortKeys: string[];
}

/**
 * The aggregation pipelines of a list request over `list` within `scope` (the listing's namespace
 * and parent), ties in `order`; null when the request uses what is not compiled (the caller scans).
 */
export function compileMongoList(list: MongoList, scope: Record<string, string>, order: Record<string, 1 | -1>, request: ListRequest): MongoListPipelines | null {
  try {
    const { match, expr } = splitFilter(list.fields, list.record, request.filter);
    const where = [scope, ...match].filter((m) => Object.keys(m).length > 0);
    const filterStages: Record<string, unknown>[] = [{ $match: where.length === 0 ? {} : where.length === 1 ? where[0] : { $and: where } }];
    const exprs: Expr[] = expr === null ? [] : [expr];
    if (request.search !== null && request.search !== '') exprs.push(searchExpr(list.record, request.search, request.caseSensitive));
    if (exprs.length > 0) filterStages.push({ $match: { $expr: exprs.length === 1 ? exprs[0] : { $and: exprs } } });
    const sort: Record<string, 1 | -1> = {};
    const keys: Record<string, Expr> = {};
    for (const [i, s] of request.sort.entries()) {
      const dir = s.direction === 'desc' ? -1 : 1;
      const field = Object.prototype.hasOwnProperty.call(list.fields, s.field) ? list.fields[s.field] : undefined;
      if (field !== undefined && !EMPTY_IS_NULL.has(field)) {
        // A plain system field: one kind, never missing or null; sorted in place (indexes apply).
        if (!(field in sort)) sort[field] = dir;
        continue;
      }
      const key = `__strata_sort_${i}`;
      keys[key] = sortKeyExpr(list.record, s);
      Object.assign(sort, { [`${key}.n`]: 1, [`${key}.r`]: dir, [`${key}.v`]: dir });
    }
    for (const [field, dir] of Object.entries(order)) if (!(field in sort)) sort[field] = dir;
    const sortKeys = Object.keys(keys);
    const withKeys = sortKeys.length === 0 ? filterStages : [...filterStages, { $addFields: keys }];
    const page = [...withKeys, { $sort: sort }];
    if (request.offset > 0) page.push({ $skip: request.offset });
    page.push({ $limit: Math.max(1, request.limit) });
    if (sortKeys.length > 0) page.push({ $project: Object.fromEntries(sortKeys.map((k) => [k, 0])) });
    const objects = Object.fromEntries(sortKeys.map((k, i) => [`o${i}`, { $sum: { $cond: [`$${k}.o`, 1, 0] } }]));
    const count = [...withKeys, { $group: { _id: null, n: { $sum: 1 }, ...objects } }];
    return { page, count, sortKeys };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/**
 * Runs a list request over `model` within `scope`: the page of documents and the total of
 * matches, or null when the request is not compiled, or when two matching records hold objects or
 * arrays in one sort field (the reference orders those by their JSON; the caller scans).
 */
export async function findListPage<D>(
  model: Model<D>,
  list: MongoList,
  scope: Record<string, string>,
  order: Record<string, 1 | -1>,
  request: ListRequest,
): Promise<{ docs: D[]; total: number } | null> {
  const compiled = compileMongoList(list, scope, order, request);
  if (compiled === null) return null;
  const [docs, counts] = await Promise.all([
    request.limit > 0 ? model.aggregate<D>(compiled.page as never).exec() : Promise.resolve([] as D[]),
    model.aggregate<Record<string, number>>(compiled.count as never).exec(),
  ]);
  const counted = counts[0] ?? { n: 0 };
  if (compiled.sortKeys.some((_, i) => (counted[`o${i}`] ?? 0) > 1)) return null;
  return { docs, total: counted['n'] ?? 0 };
}
