import { ValidationError } from '@strata/domain';
import { RE2JS } from 're2js';
import type { ListQuery, ListResult, SortOption } from './list-query';

/*
 * Mixpeek's list filters (LogicalOperator / FilterCondition / {"field": value} shorthand), sort,
 * search and select, evaluated in JS over plain records. Evaluating in JS instead of building SQL
 * keeps every store adapter free of a query compiler and makes injection impossible: user input is
 * only ever compared as data. Filters are compiled (validated) once, then applied per record.
 */

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'lt',
  'gte',
  'lte',
  'in',
  'nin',
  'contains',
  'starts_with',
  'ends_with',
  'regex',
  'exists',
  'is_null',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type RecordPredicate = (record: Record<string, unknown>) => boolean;

const MAX_DEPTH = 8;

const MAX_CONDITIONS = 100;

const MAX_REGEX_LENGTH = 200;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/** Reads a dot path (`metadata.campaign.id`) from a record; undefined when any step is missing. */
export function readPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(location: string, message: string): never {
  throw new ValidationError(`invalid filters: ${location}: ${message}`, [{ location, message, type: 'value_error' }]);
}

function fold(value: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

function equal(a: unknown, b: unknown, caseSensitive: boolean): boolean {
  const x = fold(a, caseSensitive);
  const y = fold(b, caseSensitive);
  if (x === y) return true;
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) return JSON.stringify(x) === JSON.stringify(y);
  return false;
}

/** Order of two scalars of the same kind (numbers, strings incl. ISO dates, booleans); null when not comparable. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

/**
 * Compiles a user's `regex` filter with RE2 (re2js, pure JS), whose matching time is linear in the
 * input: a backtracking engine lets `^(a|a)*$` against a long value hold the event loop for seconds
 * (health checks included). RE2 has no look-around and no back-references; such a pattern is
 * refused with the reason instead of falling back to the backtracking engine. See
 * docs/reliability.md ("Regex filters").
 */
/** Whether JavaScript's engine would accept the pattern (compiling only; it never runs here). */
function isJavaScriptRegex(pattern: string, caseSensitive: boolean): boolean {
  try {
    new RegExp(pattern, caseSensitive ? '' : 'i');
    return true;
  } catch {
    return false;
  }
}

function compileRegex(pattern: string, caseSensitive: boolean, location: string): (value: string) => boolean {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = (error as Error).message;
    fail(
      `${location}.value`,
      isJavaScriptRegex(pattern, caseSensitive)
        ? `regex uses syntax the RE2 engine cannot run (${reason}); look-around and back-references are not supported, rewrite the pattern without them`
        : `not a valid regular expression: ${reason}`,
    );
  }
  return (value) => re.test(value);
}

function condition(field: string, operator: FilterOperator, value: unknown, caseSensitive: boolean, location: string): RecordPredicate {
  if (!FIELD.test(field) || field.length > 200) fail(`${location}.field`, `'${field}' is not a field path (letters, digits, "_" and "." only)`);
  switch (operator) {
    case 'eq':
      return (r) => {
        const v = readPath(r, field);
        return Array.isArray(v) && !Array.isArray(value) ? v.some((x) => equal(x, value, caseSensitive)) : equal(v, value, caseSensitive);
      };
    case 'ne':
      return (r) => !equal(readPath(r, field), value, caseSensitive);
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte': {
      if (typeof value !== 'number' && typeof value !== 'string') fail(`${location}.value`, `${operator} needs a number or a string (dates as ISO strings)`);
      return (r) => {
        const c = compare(readPath(r, field), value);
        if (c === null) return false;
        return operator === 'gt' ? c > 0 : operator === 'lt' ? c < 0 : operator === 'gte' ? c >= 0 : c <= 0;
      };
    }
    case 'in':
    case 'nin': {
      if (!Array.isArray(value)) fail(`${location}.value`, `${operator} needs an array of values`);
      if (value.length > 1000) fail(`${location}.value`, `${operator} takes at most 1000 values`);
      const list = value;
      const has = (v: unknown): boolean =>
        Array.isArray(v) ? v.some((x) => list.some((y) => equal(x, y, caseSensitive))) : list.some((y) => equal(v, y, caseSensitive));
      return operator === 'in' ? (r) => has(readPath(r, field)) : (r) => !has(readPath(r, field));
    }
    case 'contains':
      return (r) => {
        const v = readPath(r, field);
        if (Array.isArray(v)) return v.some((x) => equal(x, value, caseSensitive));
        if (typeof v === 'string' && typeof value === 'string') return (fold(v, caseSensitive) as string).includes(fold(value, caseSensitive) as string);
        return false;
      };
    case 'starts_with':
    case 'ends_with': {
      if (typeof value !== 'string') fail(`${location}.value`, `${operator} needs a string`);
      const needle = fold(value, caseSensitive) as string;
      return (r) => {
        const v = readPath(r, field);
        if (typeof v !== 'string') return false;
        const hay = fold(v, caseSensitive) as string;
        return operator === 'starts_with' ? hay.startsWith(needle) : hay.endsWith(needle);
      };
    }
    case 'regex': {
      if (typeof value !== 'string') fail(`${location}.value`, 'regex needs a pattern string');
      if (value.length > MAX_REGEX_LENGTH) fail(`${location}.value`, `regex patterns are limited to ${MAX_REGEX_LENGTH} characters`);
      const test = compileRegex(value, caseSensitive, location);
      return (r) => {
        const v = readPath(r, field);
        return typeof v === 'string' && test(v.slice(0, 10_000));
      };
    }
    case 'exists': {
      const want = value === undefined ? true : value;
      if (typeof want !== 'boolean') fail(`${location}.value`, 'exists needs true or false');
      return (r) => (readPath(r, field) !== undefined) === want;
    }
    case 'is_null': {
      const want = value === undefined ? true : value;
      if (typeof want !== 'boolean') fail(`${location}.value`, 'is_null needs true or false');
      return (r) => {
        const v = readPath(r, field);
        return (v === null || v === undefined) === want;
      };
    }
  }
}

interface Budget {
  conditions: number;
}

function compileNode(node: unknown, caseSensitive: boolean, location: string, depth: number, budget: Budget): RecordPredicate {
  if (depth > MAX_DEPTH) fail(location, `filters nest at most ${MAX_DEPTH} levels deep`);
  if (!isPlainObject(node)) fail(location, 'must be an object: {"AND"|"OR"|"NOT": [...]}, {"field", "operator", "value"} or {"field": value}');
  const cs = typeof node['case_sensitive'] === 'boolean' ? (node['case_sensitive'] as boolean) : caseSensitive;
  if (typeof node['field'] === 'string') {
    budget.conditions += 1;
    if (budget.conditions > MAX_CONDITIONS) fail(location, `at most ${MAX_CONDITIONS} conditions per filter`);
    const extra = Object.keys(node).filter((k) => !['field', 'operator', 'value', 'case_sensitive'].includes(k));
    if (extra.length > 0) fail(location, `unknown keys in a condition: ${extra.join(', ')}`);
    const operator = node['operator'] ?? 'eq';
    if (typeof operator !== 'string' || !(FILTER_OPERATORS as readonly string[]).includes(operator)) {
      fail(`${location}.operator`, `'${String(operator)}' is not an operator; use one of ${FILTER_OPERATORS.join(', ')}`);
    }
    const op = operator as FilterOperator;
    if (!('value' in node) && op !== 'exists' && op !== 'is_null') fail(`${location}.value`, `${op} needs a value`);
    return condition(node['field'] as string, op, node['value'], cs, location);
  }
  const parts: RecordPredicate[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'case_sensitive') continue;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (!Array.isArray(value)) fail(`${location}.${key}`, `${key} needs an array of conditions`);
      const children = value.map((child, i) => compileNode(child, cs, `${location}.${key}[${i}]`, depth + 1, budget));
      if (key === 'AND') parts.push((r) => children.every((c) => c(r)));
      else if (key === 'OR') parts.push((r) => children.length === 0 || children.some((c) => c(r)));
      else parts.push((r) => !children.some((c) => c(r)));
      continue;
    }
    // Shorthand {"field.path": value}: equality.
    budget.conditions += 1;
    if (budget.conditions > MAX_CONDITIONS) fail(location, `at most ${MAX_CONDITIONS} conditions per filter`);
    if (isPlainObject(value)) fail(`${location}.${key}`, 'a shorthand value must be a scalar or an array; use {"field", "operator", "value"} for other operators');
    parts.push(condition(key, 'eq', value, cs, `${location}.${key}`));
  }
  return (r) => parts.every((p) => p(r));
}

/** Validates and compiles a filter; null/undefined/{} match everything. @throws ValidationError naming the wrong part. */
export function compileFilter(filters: unknown, caseSensitive = false): RecordPredicate {
  if (filters === undefined || filters === null) return () => true;
  return compileNode(filters, caseSensitive, 'body.filters', 0, { conditions: 0 });
}

/** Sorts records by the given fields (missing values last); stable. @throws ValidationError */
export function sortRecords<T extends Record<string, unknown>>(records: T[], sort: SortOption | SortOption[] | null | undefined): T[] {
  if (sort === undefined || sort === null) return records;
  const options = Array.isArray(sort) ? sort : [sort];
  options.forEach((o, i) => {
    if (!FIELD.test(o.field)) fail(`body.sort[${i}].field`, `'${o.field}' is not a field path`);
  });
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      for (const o of options) {
        const x = readPath(a.r, o.field);
        const y = readPath(b.r, o.field);
        if (x === undefined && y === undefined) continue;
        if (x === undefined || x === null) return 1;
        if (y === undefined || y === null) return -1;
        const c = compare(x, y) ?? compare(String(x), String(y)) ?? 0;
        if (c !== 0) return o.direction === 'desc' ? -c : c;
      }
      return a.i - b.i;
    })
    .map(({ r }) => r);
}

/** Free-text search: true when any string value in the record (any depth) contains the text. */
export function matchesSearch(record: unknown, search: string | null | undefined, caseSensitive = false): boolean {
  if (search === undefined || search === null || search === '') return true;
  const needle = caseSensitive ? search : search.toLowerCase();
  const visit = (v: unknown, depth: number): boolean => {
    if (depth > 10) return false;
    if (typeof v === 'string') return (caseSensitive ? v : v.toLowerCase()).includes(needle);
    if (typeof v === 'number') return String(v).includes(needle);
    if (Array.isArray(v)) return v.some((x) => visit(x, depth + 1));
    if (isPlainObject(v)) return Object.values(v).some((x) => visit(x, depth + 1));
    return false;
  };
  return visit(record, 0);
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

/** The most records a filtered listing scans; beyond it the listing says it is partial. */
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

/**
 * A listing page with the shared semantics of every resource list: a plain listing is one paged
 * read; with filters, search or sort, records are scanned (bounded by MAX_SCAN), matched on their
 * public fields (`toRecord`), sorted, then paged.
 */
export async function listFiltered<T>(
  query: ListQuery,
  read: (page: { offset: number; limit: number }) => Promise<{ results: T[]; total: number }>,
  toRecord: (item: T) => Record<string, unknown>,
): Promise<ListResult<T>> {
  const predicate = compileFilter(query.filters, query.caseSensitive ?? false);
  const plain = (query.filters === undefined || query.filters === null) && !query.search && !query.sort;
  if (plain) {
    const page = await read({ offset: query.offset, limit: query.limit });
    return { ...page, truncated: false };
  }
  const { matches, truncated } = await scanAll(read, (item) => {
    const r = toRecord(item);
    return predicate(r) && matchesSearch(r, query.search, query.caseSensitive ?? false);
  });
  const sorted = sortRecords(
    matches.map((item) => ({ item, ...toRecord(item) })),
    query.sort,
  ).map((r) => r.item);
  return { results: sorted.slice(query.offset, query.offset + query.limit), total: sorted.length, truncated };
}
