import { ValidationError } from '@strata/domain';
import { RE2JS } from 're2js';

/*
 * Mixpeek's list filters (LogicalOperator / FilterCondition / {"field": value} shorthand), sort and
 * search: the parsed form every store evaluates, and the reference semantics in JS. The SQLite and
 * Mongo adapters compile a ListFilter into their query language (docs/adr/0079); the in-memory
 * fake and the API's fallback scan evaluate it with `filterPredicate` below. Field paths name the
 * public fields of a record (what a client reads in the list response).
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

/** One condition on a public field path (`metadata.campaign.id`); `caseSensitive` false folds strings to lower case. */
export interface FilterCondition {
  field: string;
  operator: FilterOperator;
  value: unknown;
  caseSensitive: boolean;
}

/** AND: all children; OR: any child (none = true); NOT: no child. */
export type ListFilter = { logic: 'and' | 'or' | 'not'; children: ListFilter[] } | FilterCondition;

export interface SortOption {
  field: string;
  direction?: 'asc' | 'desc';
}

/** A filtered, sorted, searched page of a listing, as a store runs it. */
export interface ListRequest {
  filter: ListFilter | null;
  sort: SortOption[];
  /** Free text matched against every string and number of the record; null = no search. */
  search: string | null;
  caseSensitive: boolean;
  offset: number;
  limit: number;
}

export type RecordPredicate = (record: Record<string, unknown>) => boolean;

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 100;
const MAX_REGEX_LENGTH = 200;
/** A regex condition reads at most this many characters of a value. */
export const REGEX_INPUT_LIMIT = 10_000;

/** A public field path: letters, digits and "_" in dot-separated segments (never quotes or operators). */
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/** Reads a dot path (`metadata.campaign.id`) from a record; undefined when any step is missing or is not an object. */
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

/** Lower case as the filters fold strings (JavaScript's full Unicode toLowerCase). */
export function foldCase(value: string): string {
  return value.toLowerCase();
}

function fold(value: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof value === 'string' ? foldCase(value) : value;
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

/** Whether JavaScript's engine would accept the pattern (compiling only; it never runs here). */
function isJavaScriptRegex(pattern: string, caseSensitive: boolean): boolean {
  try {
    new RegExp(pattern, caseSensitive ? '' : 'i');
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles a user's `regex` filter with RE2 (re2js, pure JS), whose matching time is linear in the
 * input: a backtracking engine lets `^(a|a)*$` against a long value hold the event loop for seconds
 * (health checks included). RE2 has no look-around and no back-references; such a pattern is
 * refused with the reason instead of falling back to the backtracking engine. See
 * docs/reliability.md ("Regex filters"). Matches the first REGEX_INPUT_LIMIT characters.
 */
export function compileRegex(pattern: string, caseSensitive: boolean, location = 'body.filters'): (value: string) => boolean {
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
  return (value) => re.test(value.slice(0, REGEX_INPUT_LIMIT));
}

/** Checks one condition's field and value; returns it in parsed form. */
function parseCondition(field: string, operator: FilterOperator, value: unknown, caseSensitive: boolean, location: string): FilterCondition {
  if (!FIELD_PATH.test(field) || field.length > 200) fail(`${location}.field`, `'${field}' is not a field path (letters, digits, "_" and "." only)`);
  switch (operator) {
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte':
      if (typeof value !== 'number' && typeof value !== 'string') fail(`${location}.value`, `${operator} needs a number or a string (dates as ISO strings)`);
      break;
    case 'in':
    case 'nin':
      if (!Array.isArray(value)) fail(`${location}.value`, `${operator} needs an array of values`);
      if (value.length > 1000) fail(`${location}.value`, `${operator} takes at most 1000 values`);
      break;
    case 'starts_with':
    case 'ends_with':
      if (typeof value !== 'string') fail(`${location}.value`, `${operator} needs a string`);
      break;
    case 'regex':
      if (typeof value !== 'string') fail(`${location}.value`, 'regex needs a pattern string');
      if (value.length > MAX_REGEX_LENGTH) fail(`${location}.value`, `regex patterns are limited to ${MAX_REGEX_LENGTH} characters`);
      compileRegex(value, caseSensitive, location);
      break;
    case 'exists':
    case 'is_null': {
      const want = value === undefined ? true : value;
      if (typeof want !== 'boolean') fail(`${location}.value`, `${operator} needs true or false`);
      return { field, operator, value: want, caseSensitive };
    }
    default:
      break;
  }
  return { field, operator, value, caseSensitive };
}

interface Budget {
  conditions: number;
}

function parseNode(node: unknown, caseSensitive: boolean, location: string, depth: number, budget: Budget): ListFilter {
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
    return parseCondition(node['field'] as string, op, node['value'], cs, location);
  }
  const parts: ListFilter[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'case_sensitive') continue;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (!Array.isArray(value)) fail(`${location}.${key}`, `${key} needs an array of conditions`);
      const children = value.map((child, i) => parseNode(child, cs, `${location}.${key}[${i}]`, depth + 1, budget));
      parts.push({ logic: key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not', children });
      continue;
    }
    // Shorthand {"field.path": value}: equality.
    budget.conditions += 1;
    if (budget.conditions > MAX_CONDITIONS) fail(location, `at most ${MAX_CONDITIONS} conditions per filter`);
    if (isPlainObject(value)) fail(`${location}.${key}`, 'a shorthand value must be a scalar or an array; use {"field", "operator", "value"} for other operators');
    parts.push(parseCondition(key, 'eq', value, cs, `${location}.${key}`));
  }
  return parts.length === 1 ? (parts[0] as ListFilter) : { logic: 'and', children: parts };
}

/** Validates a filter into its parsed form; null/undefined match everything (null). @throws ValidationError naming the wrong part. */
export function parseFilter(filters: unknown, caseSensitive = false): ListFilter | null {
  if (filters === undefined || filters === null) return null;
  return parseNode(filters, caseSensitive, 'body.filters', 0, { conditions: 0 });
}

/** Validates sort options. @throws ValidationError */
export function parseSort(sort: SortOption | readonly SortOption[] | null | undefined): SortOption[] {
  if (sort === undefined || sort === null) return [];
  const options: SortOption[] = Array.isArray(sort) ? [...(sort as readonly SortOption[])] : [sort as SortOption];
  options.forEach((o, i) => {
    if (!FIELD_PATH.test(o.field)) fail(`body.sort[${i}].field`, `'${o.field}' is not a field path`);
  });
  return options;
}

/** Whether a filter uses an operator (a store that cannot run it hands the listing back to the API's scan). */
export function filterUses(filter: ListFilter | null, operator: FilterOperator): boolean {
  if (filter === null) return false;
  if ('logic' in filter) return filter.children.some((c) => filterUses(c, operator));
  return filter.operator === operator;
}

function conditionPredicate(c: FilterCondition): RecordPredicate {
  const { field, value, caseSensitive } = c;
  switch (c.operator) {
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
      const op = c.operator;
      return (r) => {
        const k = compare(readPath(r, field), value);
        if (k === null) return false;
        return op === 'gt' ? k > 0 : op === 'lt' ? k < 0 : op === 'gte' ? k >= 0 : k <= 0;
      };
    }
    case 'in':
    case 'nin': {
      const list = value as unknown[];
      const has = (v: unknown): boolean =>
        Array.isArray(v) ? v.some((x) => list.some((y) => equal(x, y, caseSensitive))) : list.some((y) => equal(v, y, caseSensitive));
      return c.operator === 'in' ? (r) => has(readPath(r, field)) : (r) => !has(readPath(r, field));
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
      const needle = fold(value, caseSensitive) as string;
      const starts = c.operator === 'starts_with';
      return (r) => {
        const v = readPath(r, field);
        if (typeof v !== 'string') return false;
        const hay = fold(v, caseSensitive) as string;
        return starts ? hay.startsWith(needle) : hay.endsWith(needle);
      };
    }
    case 'regex': {
      const test = compileRegex(value as string, caseSensitive);
      return (r) => {
        const v = readPath(r, field);
        return typeof v === 'string' && test(v);
      };
    }
    case 'exists':
      return (r) => (readPath(r, field) !== undefined) === value;
    case 'is_null':
      return (r) => {
        const v = readPath(r, field);
        return (v === null || v === undefined) === value;
      };
  }
}

/** The reference evaluation of a parsed filter over a public record. */
export function filterPredicate(filter: ListFilter | null): RecordPredicate {
  if (filter === null) return () => true;
  if (!('logic' in filter)) return conditionPredicate(filter);
  const children = filter.children.map(filterPredicate);
  if (filter.logic === 'and') return (r) => children.every((c) => c(r));
  if (filter.logic === 'or') return (r) => children.length === 0 || children.some((c) => c(r));
  return (r) => !children.some((c) => c(r));
}

/** Kinds of values in sort order: numbers, strings, booleans, then objects and arrays (by their JSON). */
function sortRank(v: unknown): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3;
}

/** A total order over present values: by kind first, then within the kind (what the stores' ORDER BY does too). */
function sortCompare(x: unknown, y: unknown): number {
  const r = sortRank(x) - sortRank(y);
  if (r !== 0) return r;
  if (sortRank(x) === 3) return compare(JSON.stringify(x), JSON.stringify(y)) ?? 0;
  return compare(x, y) ?? 0;
}

/** Sorts records by the given fields (missing and null values last in either direction; mixed kinds by sortRank); stable. @throws ValidationError */
export function sortRecords<T extends Record<string, unknown>>(records: T[], sort: SortOption | readonly SortOption[] | null | undefined): T[] {
  const options = parseSort(sort);
  if (options.length === 0) return records;
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      for (const o of options) {
        const x = readPath(a.r, o.field);
        const y = readPath(b.r, o.field);
        // Missing and null tie with each other (the next field decides), after every value.
        const xAbsent = x === undefined || x === null;
        const yAbsent = y === undefined || y === null;
        if (xAbsent && yAbsent) continue;
        if (xAbsent) return 1;
        if (yAbsent) return -1;
        const k = sortCompare(x, y);
        if (k !== 0) return o.direction === 'desc' ? -k : k;
      }
      return a.i - b.i;
    })
    .map(({ r }) => r);
}

/** Free-text search: true when any string or number in the record (any depth up to 10) contains the text. */
export function matchesSearch(record: unknown, search: string | null | undefined, caseSensitive = false): boolean {
  if (search === undefined || search === null || search === '') return true;
  const needle = caseSensitive ? search : foldCase(search);
  const visit = (v: unknown, depth: number): boolean => {
    if (depth > 10) return false;
    if (typeof v === 'string') return (caseSensitive ? v : foldCase(v)).includes(needle);
    if (typeof v === 'number') return String(v).includes(needle);
    if (Array.isArray(v)) return v.some((x) => visit(x, depth + 1));
    if (isPlainObject(v)) return Object.values(v).some((x) => visit(x, depth + 1));
    return false;
  };
  return visit(record, 0);
}

/** A listing request run over records in memory: filter, search, sort, then the page (the fake's store and the API's fallback). */
export function runListRequest<T>(items: readonly T[], toRecord: (item: T) => Record<string, unknown>, request: ListRequest): { results: T[]; total: number } {
  const predicate = filterPredicate(request.filter);
  const matched = items.map((item) => ({ item, record: toRecord(item) })).filter(({ record }) => predicate(record) && matchesSearch(record, request.search, request.caseSensitive));
  // Sorted on the records; the items ride along under a key no record path can reach.
  const byRecord = new Map(matched.map((m) => [m.record, m.item]));
  const sorted = sortRecords(
    matched.map((m) => m.record),
    request.sort,
  ).map((r) => byRecord.get(r) as T);
  return { results: sorted.slice(request.offset, request.offset + request.limit), total: sorted.length };
}
