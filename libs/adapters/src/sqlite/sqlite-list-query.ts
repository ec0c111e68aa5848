import { type FilterCondition, type ListFilter, type ListRequest, compileRegex, foldCase, matchesSearch } from '@strata/contracts';
import type { SqliteDb } from './sqlite-database';

/*
 * List filters, search and sort compiled into SQL (docs/adr/0079), with the semantics of the
 * reference evaluation in libs/contracts/src/list-filter.ts. Every user value and field path is a
 * bound parameter; the SQL text holds only fixed fragments and the table's own column names.
 *
 * A public field is a TEXT column (ids, timestamps: indexes apply to sorts on them) or a value in
 * a JSON expression (a JSON column, or the public record built with json_object for renamed system
 * fields), read with json_type/json_extract/json_each. Three functions are registered on the
 * connection so SQL matches JavaScript exactly: strata_fold (JavaScript's Unicode lower case; SQLite's
 * lower() folds ASCII only), strata_regex (RE2, linear time: regex runs in the store, never with a
 * backtracking engine), strata_search (the free-text search over the record's strings and numbers).
 */

/** Where a public field lives: a TEXT column, or a JSON value at `path` inside the SQL expression `json`. */
export type FieldSource = { column: string; notNull?: boolean } | { json: string; path: readonly string[] };

export interface ListTable {
  /** The table with its alias, e.g. `documents d`. */
  from: string;
  /** Where a public field path (split at the dots) lives. */
  field(path: readonly string[]): FieldSource;
  /** SQL giving the JSON the record spreads first (documents: their payload), and the JSON laid over it; what search reads. */
  searchBase: string;
  searchOverlay: string;
  /** The listing's own order (ties of a sort keep it). */
  order: string;
}

class Params {
  readonly values: Record<string, string | number | null> = {};
  private n = 0;

  add(value: string | number | null): string {
    const key = `p${this.n}`;
    this.n += 1;
    this.values[key] = value;
    return `@${key}`;
  }
}

const regexCache = new Map<string, (value: string) => boolean>();

/** Registers the functions the compiled SQL calls; once per connection. */
export function registerListFunctions(db: SqliteDb): void {
  db.function('strata_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldCase(value) : value) as string);
  db.function('strata_regex', { deterministic: true }, (pattern: unknown, caseSensitive: unknown, value: unknown) => {
    if (typeof value !== 'string') return 0;
    const key = `${String(caseSensitive)}:${String(pattern)}`;
    let test = regexCache.get(key);
    if (test === undefined) {
      test = compileRegex(String(pattern), caseSensitive === 1);
      if (regexCache.size > 500) regexCache.clear();
      regexCache.set(key, test);
    }
    return test(value) ? 1 : 0;
  });
  db.function('strata_search', { deterministic: true }, (needle: unknown, caseSensitive: unknown, base: unknown, overlay: unknown) => {
    const record = { ...(JSON.parse(String(base)) as object), ...(JSON.parse(String(overlay)) as object) };
    return matchesSearch(record, String(needle), caseSensitive === 1) ? 1 : 0;
  });
}

/** A JSON path with every key quoted (`$."a"."b"`); keys are letters, digits and "_" (FIELD_PATH). */
function jsonPath(path: readonly string[]): string {
  return `$${path.map((k) => `."${k}"`).join('')}`;
}

interface Field {
  /** JSON type of the value: NULL when missing, 'null', 'text', 'integer', 'real', 'true', 'false', 'object', 'array'. */
  type: string;
  value: string;
  /** A json_each source over the value (null for columns, never arrays). */
  each: string | null;
}

function fieldOf(table: ListTable, path: string, p: Params): Field {
  const source = table.field(path.split('.'));
  if ('column' in source) return { type: `(CASE WHEN ${source.column} IS NULL THEN 'null' ELSE 'text' END)`, value: source.column, each: null };
  const at = p.add(jsonPath(source.path));
  return { type: `json_type(${source.json}, ${at})`, value: `json_extract(${source.json}, ${at})`, each: `json_each(${source.json}, ${at})` };
}

/** Equality of one value (type, value) with a filter value, strings folded unless case-sensitive. */
function equalTo(type: string, value: string, target: unknown, caseSensitive: boolean, p: Params): string {
  if (target === null || target === undefined) return `${type} = 'null'`;
  if (typeof target === 'boolean') return `${type} = '${target ? 'true' : 'false'}'`;
  if (typeof target === 'number') return `(${type} IN ('integer', 'real') AND ${value} = ${p.add(target)})`;
  if (typeof target === 'string') {
    return caseSensitive ? `(${type} = 'text' AND ${value} = ${p.add(target)})` : `(${type} = 'text' AND strata_fold(${value}) = ${p.add(foldCase(target))})`;
  }
  return `(${type} IN ('object', 'array') AND ${value} = ${p.add(JSON.stringify(target))})`;
}

/** Some element of an array value satisfies `test(type, value)`. */
function anyElement(f: Field, test: (type: string, value: string) => string): string {
  if (f.each === null) return '0';
  return `(${f.type} = 'array' AND EXISTS (SELECT 1 FROM ${f.each} e WHERE ${test('e.type', 'e.value')}))`;
}

function conditionSql(table: ListTable, c: FilterCondition, p: Params): string {
  const f = fieldOf(table, c.field, p);
  const cs = c.caseSensitive;
  const folded = cs ? f.value : `strata_fold(${f.value})`;
  switch (c.operator) {
    case 'eq':
      if (Array.isArray(c.value)) return equalTo(f.type, f.value, c.value, cs, p);
      return `(${anyElement(f, (t, v) => equalTo(t, v, c.value, cs, p))} OR ${equalTo(f.type, f.value, c.value, cs, p)})`;
    case 'ne':
      return `NOT COALESCE(${equalTo(f.type, f.value, c.value, cs, p)}, 0)`;
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte': {
      const op = { gt: '>', lt: '<', gte: '>=', lte: '<=' }[c.operator];
      const kind = typeof c.value === 'number' ? `IN ('integer', 'real')` : `= 'text'`;
      return `(${f.type} ${kind} AND ${f.value} ${op} ${p.add(c.value as string | number)})`;
    }
    case 'in':
    case 'nin': {
      const list = c.value as unknown[];
      const any = (t: string, v: string) => (list.length === 0 ? '0' : `(${list.map((y) => equalTo(t, v, y, cs, p)).join(' OR ')})`);
      const has = `(${anyElement(f, any)} OR (COALESCE(${f.type}, '') <> 'array' AND ${any(f.type, f.value)}))`;
      return c.operator === 'in' ? has : `NOT COALESCE(${has}, 0)`;
    }
    case 'contains': {
      const inArray = anyElement(f, (t, v) => equalTo(t, v, c.value, cs, p));
      if (typeof c.value !== 'string') return inArray;
      if (c.value === '') return `(${inArray} OR ${f.type} = 'text')`;
      const needle = p.add(cs ? c.value : foldCase(c.value));
      return `(${inArray} OR (${f.type} = 'text' AND instr(${folded}, ${needle}) > 0))`;
    }
    case 'starts_with':
    case 'ends_with': {
      const raw = c.value as string;
      if (raw === '') return `${f.type} = 'text'`;
      const needle = p.add(cs ? raw : foldCase(raw));
      const part = c.operator === 'starts_with' ? `substr(${folded}, 1, length(${needle}))` : `substr(${folded}, -length(${needle}))`;
      return `(${f.type} = 'text' AND ${part} = ${needle})`;
    }
    case 'regex':
      return `(${f.type} = 'text' AND strata_regex(${p.add(c.value as string)}, ${cs ? 1 : 0}, ${f.value}) = 1)`;
    case 'exists':
      return c.value === true ? `${f.type} IS NOT NULL` : `${f.type} IS NULL`;
    case 'is_null':
      return c.value === true ? `(${f.type} IS NULL OR ${f.type} = 'null')` : `(${f.type} IS NOT NULL AND ${f.type} <> 'null')`;
  }
}

function filterSql(table: ListTable, filter: ListFilter, p: Params): string {
  if (!('logic' in filter)) return `COALESCE(${conditionSql(table, filter, p)}, 0)`;
  const children = filter.children.map((c) => filterSql(table, c, p));
  if (filter.logic === 'and') return children.length === 0 ? '1' : `(${children.join(' AND ')})`;
  if (filter.logic === 'or') return children.length === 0 ? '1' : `(${children.join(' OR ')})`;
  return children.length === 0 ? '1' : `NOT (${children.join(' OR ')})`;
}

/** The page and count statements of a list request, with their named parameters (user input is only ever in `params`). */
export interface CompiledListQuery {
  select: string;
  count: string;
  params: Record<string, string | number | null>;
}

/**
 * Compiles a list request over `table` within `scope` (the SQL condition of the listing, e.g. its
 * namespace and collection, with its own parameters).
 */
export function compileListQuery(table: ListTable, scope: { where: string; params: Record<string, string> }, request: ListRequest): CompiledListQuery {
  const p = new Params();
  const where = [scope.where];
  if (request.filter !== null) where.push(filterSql(table, request.filter, p));
  if (request.search !== null) {
    where.push(`strata_search(${p.add(request.search)}, ${request.caseSensitive ? 1 : 0}, ${table.searchBase}, ${table.searchOverlay}) = 1`);
  }
  const order: string[] = [];
  for (const s of request.sort) {
    const source = table.field(s.field.split('.'));
    if ('column' in source && source.notNull === true) {
      // A NOT NULL text column: no missing values and one kind, so the plain column (its index applies).
      order.push(`${source.column} ${s.direction === 'desc' ? 'DESC' : 'ASC'}`);
      continue;
    }
    const f = fieldOf(table, s.field, p);
    // Missing and null values last in either direction, as the reference sort.
    // Then by kind (numbers, strings, booleans, objects/arrays: sortRank in libs/contracts), then by value.
    const dir = s.direction === 'desc' ? 'DESC' : 'ASC';
    order.push(
      `(CASE WHEN ${f.type} IS NULL OR ${f.type} = 'null' THEN 1 ELSE 0 END)`,
      `(CASE ${f.type} WHEN 'integer' THEN 0 WHEN 'real' THEN 0 WHEN 'text' THEN 1 WHEN 'true' THEN 2 WHEN 'false' THEN 2 ELSE 3 END) ${dir}`,
      `${f.value} ${dir}`,
    );
  }
  order.push(table.order);
  const condition = where.join(' AND ');
  return {
    select: `SELECT * FROM ${table.from} WHERE ${condition} ORDER BY ${order.join(', ')} LIMIT @list_limit OFFSET @list_offset`,
    count: `SELECT COUNT(*) AS n FROM ${table.from} WHERE ${condition}`,
    params: { ...scope.params, ...p.values },
  };
}

/** Runs a list request (compileListQuery): the page of rows and the total of matches. */
export function runListQuery(
  db: SqliteDb,
  table: ListTable,
  scope: { where: string; params: Record<string, string> },
  request: ListRequest,
): { rows: Record<string, unknown>[]; total: number } {
  const q = compileListQuery(table, scope, request);
  const rows = db.prepare(q.select).all({ ...q.params, list_limit: request.limit, list_offset: request.offset }) as Record<string, unknown>[];
  const { n } = db.prepare(q.count).get(q.params) as { n: number };
  return { rows, total: n };
}
