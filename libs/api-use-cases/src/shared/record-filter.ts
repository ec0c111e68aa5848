import { type ListRequest, type RecordPredicate, filterPredicate, matchesSearch, parseFilter, parseSort, readPath, runListRequest } from '@strata/contracts';
import type { ListQuery, ListResult } from './list-query';

/*
 * List filters, sort and search (parsed and evaluated in libs/contracts/src/list-filter.ts). Lists
 * whose store runs them (documents, objects, namespaces, buckets, uploads, collections: SQL on SQLite,
 * a query on MongoDB, docs/adr/0079) hand the parsed request to the store; the other lists, and a store that cannot run a request
 * (MongoDB and regex), scan their records here, bounded by MAX_SCAN.
 */

export { FILTER_OPERATORS, type FilterOperator, type RecordPredicate, readPath, sortRecords, matchesSearch } from '@strata/contracts';

/** Validates and compiles a filter into a predicate over public records; null/undefined match everything. @throws ValidationError naming the wrong part. */
export function compileFilter(filters: unknown, caseSensitive = false): RecordPredicate {
  return filterPredicate(parseFilter(filters, caseSensitive));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps only the selected dot paths (and always `keep`), as Mixpeek's `select`. */
export function selectFields(record: Record<string, unknown>, select: readonly string[] | null | undefined, keep: readonly string[]): Record<string, unknown> {
  if (select === undefined || select === null || select.length === 0) return record;
  const out: Record<string, unknown> = {};
  for (const path of [...keep, ...select]) {
    const value = readPath(record, path);
    if (value === undefined) continue;
    const parts = path.split('.');
    let target = out;
    parts.slice(0, -1).forEach((p) => {
      if (!isPlainObject(target[p])) target[p] = {};
      target = target[p] as Record<string, unknown>;
    });
    target[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** The most records a listing scans in the API (lists whose store does not run filters); beyond it the listing says it is partial. */
export const MAX_SCAN = 50_000;

/**
 * Reads every record through a paged reader (bounded by MAX_SCAN), keeps those matching the
 * predicate, and returns them with whether the scan stopped at the bound.
 */
export async function scanAll<T>(
  read: (page: { offset: number; limit: number }) => Promise<{ results: T[]; total: number }>,
  keep: (item: T) => boolean,
): Promise<{ matches: T[]; truncated: boolean }> {
  const matches: T[] = [];
  const pageSize = 500;
  for (let offset = 0; offset < MAX_SCAN; offset += pageSize) {
    const page = await read({ offset, limit: pageSize });
    for (const item of page.results) if (keep(item)) matches.push(item);
    if (page.results.length < pageSize) return { matches, truncated: false };
  }
  return { matches, truncated: true };
}

/** The parsed, validated form of a list query. @throws ValidationError */
export function listRequestOf(query: ListQuery): ListRequest {
  return {
    filter: parseFilter(query.filters, query.caseSensitive ?? false),
    sort: parseSort(query.sort),
    search: query.search === undefined || query.search === null || query.search === '' ? null : query.search,
    caseSensitive: query.caseSensitive ?? false,
    offset: query.offset,
    limit: query.limit,
  };
}

/**
 * A listing page with the shared semantics of every resource list: a plain listing is one paged
 * read; with filters, search or sort, the store runs the request when it can (`query`, null when
 * it cannot), else records are scanned (bounded by MAX_SCAN), matched on their public fields
 * (`toRecord`), sorted, then paged.
 */
export async function listFiltered<T>(
  query: ListQuery,
  read: (page: { offset: number; limit: number }) => Promise<{ results: T[]; total: number }>,
  toRecord: (item: T) => Record<string, unknown>,
  storeQuery?: (request: ListRequest) => Promise<{ results: T[]; total: number } | null>,
): Promise<ListResult<T>> {
  const request = listRequestOf(query);
  if (request.filter === null && request.search === null && request.sort.length === 0) {
    const page = await read({ offset: query.offset, limit: query.limit });
    return { ...page, truncated: false };
  }
  const inStore = storeQuery === undefined ? null : await storeQuery(request);
  if (inStore !== null) return { ...inStore, truncated: false };
  const predicate = filterPredicate(request.filter);
  const { matches, truncated } = await scanAll(read, (item) => {
    const r = toRecord(item);
    return predicate(r) && matchesSearch(r, request.search, request.caseSensitive);
  });
  const page = runListRequest(matches, toRecord, { ...request, filter: null, search: null });
  return { ...page, truncated };
}
