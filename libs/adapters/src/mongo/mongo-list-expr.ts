import { FIELD_PATH, type FilterCondition, type ListFilter, type SortOption, foldCase } from '@strata/contracts';

/*
 * List filters and sort keys as MongoDB aggregation expressions (`$match: {$expr}`, `$addFields`),
 * with the semantics of the reference evaluation in libs/contracts/src/list-filter.ts
 * (docs/adr/0079). MongoDB's own query language differs from the reference: a condition on an
 * array matches when any element does, a path steps through arrays, `$gt` compares across kinds in
 * BSON order. Expressions have none of that when every step is guarded:
 *
 * - A field path is read only when each of its prefixes is an object (`$type` 'object'), so
 *   `$a.b` is a plain field read, never an implicit traversal of an array; otherwise the value is
 *   missing, as `readPath` answers.
 * - Every comparison first checks the value's kind (`$type`), as the reference compares only
 *   numbers with numbers, strings with strings; array elements are visited only where the
 *   reference visits them (`eq`, `in`/`nin`, `contains`).
 * - User values are `$literal`s: a string starting with `$` or an object with operator keys stays
 *   data.
 * - Case-insensitive matching folds with `$toLower`, which is ASCII-only in MongoDB: a condition
 *   whose value is not ASCII is not compiled (Unsupported; the API scans). Regex conditions are
 *   not compiled either: MongoDB's `$regexMatch` is PCRE (backtracking), the reference RE2.
 * - Operations that fail on a wrong kind (`$toLower`, `$strLenCP`, `$map`) sit behind `$cond`,
 *   which evaluates only the branch taken.
 */

export type Expr = unknown;

/** Thrown for what this compiler does not run exactly; the caller answers null (the API scans). */
export class Unsupported extends Error {}

/**
 * Where a public field lives: `root` is a stored field (`$payload`, `$documentId`) or an expression
 * rebuilding a renamed value in its public shape; `rest` is the path below it.
 */
export interface FieldSource {
  root: string | { expr: Expr };
  rest: readonly string[];
}

/** The public record of a resource, field by field (mongo-list-records.ts). */
export interface MongoRecord {
  /** Where a public path (split at the dots) lives; null when the record never has it. */
  field(path: readonly string[]): FieldSource | null;
  /** The whole record as one expression (what search reads). */
  whole: Expr;
}

const NUMBER_TYPES = ['double', 'int', 'long', 'decimal'];
/** Any character beyond ASCII (surrogate halves included). */
const NON_ASCII = /[\u0080-\uffff]/;

function lit(value: unknown): Expr {
  return { $literal: value };
}

function when(test: Expr, then: Expr): Expr {
  return { $cond: [test, then, false] };
}

function isType(t: Expr, ...types: string[]): Expr {
  return types.length === 1 ? { $eq: [t, types[0]] } : { $in: [t, lit(types)] };
}

function any(parts: Expr[]): Expr {
  if (parts.length === 0) return false;
  return parts.length === 1 ? parts[0] : { $or: parts };
}

/** A value folded as the condition asks; a case-insensitive value must be ASCII ($toLower folds ASCII only). */
function foldValue(value: string, caseSensitive: boolean): string {
  if (caseSensitive) return value;
  if (NON_ASCII.test(value)) throw new Unsupported();
  return foldCase(value);
}

/** A body over the field's kind (`t`, a `$type` name: 'missing' when absent) and value (`v`). */
type Body = (t: string, v: Expr) => Expr;

/**
 * Binds the field's kind to `$$t` and evaluates `body`: the `$type` of the value when every prefix
 * of the path is an object, else 'missing'.
 */
export function withField(record: MongoRecord, path: string, body: Body): Expr {
  if (!FIELD_PATH.test(path)) throw new Unsupported();
  const source = record.field(path.split('.'));
  if (source === null) return { $let: { vars: { t: lit('missing') }, in: body('$$t', lit(null)) } };
  const root = typeof source.root === 'string' ? source.root : '$$r';
  const read = (n: number) => [root, ...source.rest.slice(0, n)].join('.');
  const full = read(source.rest.length);
  const guards = source.rest.map((_, i) => ({ $eq: [{ $type: read(i) }, 'object'] }));
  const type = guards.length === 0 ? { $type: full } : { $cond: [guards.length === 1 ? guards[0] : { $and: guards }, { $type: full }, 'missing'] };
  const inner = { $let: { vars: { t: type }, in: body('$$t', full) } };
  return typeof source.root === 'string' ? inner : { $let: { vars: { r: source.root.expr }, in: inner } };
}

/** Some element of an array value satisfies `body` (over the element's kind and value). */
function anyElement(t: string, v: Expr, body: Body): Expr {
  return when(isType(t, 'array'), { $anyElementTrue: [{ $map: { input: v, as: 'e', in: { $let: { vars: { t: { $type: '$$e' } }, in: body('$$t', '$$e') } } } }] });
}

/** The value equals one of `values` as the reference's `equal` does: same kind, strings folded unless case-sensitive, objects and arrays whole. */
function equalsAny(t: string, v: Expr, values: readonly unknown[], caseSensitive: boolean): Expr {
  const strings: string[] = [];
  const numbers: number[] = [];
  const booleans: boolean[] = [];
  const composites: unknown[] = [];
  let hasNull = false;
  for (const value of values) {
    if (value === null || value === undefined) hasNull = true;
    else if (typeof value === 'string') strings.push(foldValue(value, caseSensitive));
    else if (typeof value === 'number') numbers.push(value);
    else if (typeof value === 'boolean') booleans.push(value);
    else composites.push(value);
  }
  const parts: Expr[] = [];
  if (hasNull) parts.push(isType(t, 'null'));
  if (booleans.length > 0) parts.push({ $and: [isType(t, 'bool'), { $in: [v, lit(booleans)] }] });
  if (numbers.length > 0) parts.push({ $and: [isType(t, ...NUMBER_TYPES), { $in: [v, lit(numbers)] }] });
  if (strings.length > 0) parts.push(when(isType(t, 'string'), { $in: [caseSensitive ? v : { $toLower: v }, lit(strings)] }));
  // Objects compare field by field in order in MongoDB (BSON), as the reference compares their JSON.
  if (composites.length > 0) parts.push({ $and: [isType(t, 'object', 'array'), { $in: [v, lit(composites)] }] });
  return any(parts);
}

function conditionExpr(record: MongoRecord, c: FilterCondition): Expr {
  const cs = c.caseSensitive;
  switch (c.operator) {
    case 'eq':
      return withField(record, c.field, (t, v) =>
        Array.isArray(c.value) ? equalsAny(t, v, [c.value], cs) : any([anyElement(t, v, (et, ev) => equalsAny(et, ev, [c.value], cs)), equalsAny(t, v, [c.value], cs)]),
      );
    case 'ne':
      return withField(record, c.field, (t, v) => ({ $not: [equalsAny(t, v, [c.value], cs)] }));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const kind = typeof c.value === 'number' ? NUMBER_TYPES : ['string'];
      return withField(record, c.field, (t, v) => ({ $and: [isType(t, ...kind), { [`$${c.operator}`]: [v, lit(c.value)] }] }));
    }
    case 'in':
    case 'nin': {
      const list = c.value as unknown[];
      const has = (t: string, v: Expr) => ({ $cond: [isType(t, 'array'), anyElement(t, v, (et, ev) => equalsAny(et, ev, list, cs)), equalsAny(t, v, list, cs)] });
      return withField(record, c.field, (t, v) => (c.operator === 'in' ? has(t, v) : { $not: [has(t, v)] }));
    }
    case 'contains':
      return withField(record, c.field, (t, v) => {
        const inArray = anyElement(t, v, (et, ev) => equalsAny(et, ev, [c.value], cs));
        if (typeof c.value !== 'string') return inArray;
        const needle = foldValue(c.value, cs);
        return any([inArray, when(isType(t, 'string'), { $gte: [{ $indexOfBytes: [cs ? v : { $toLower: v }, lit(needle)] }, 0] })]);
      });
    case 'starts_with':
    case 'ends_with': {
      const needle = foldValue(c.value as string, cs);
      const n = [...needle].length;
      const starts = c.operator === 'starts_with';
      return withField(record, c.field, (t, v) =>
        when(
          isType(t, 'string'),
          {
            $let: {
              vars: { s: cs ? v : { $toLower: v } },
              in: {
                $let: {
                  vars: { l: { $strLenCP: '$$s' } },
                  in: when({ $gte: ['$$l', n] }, { $eq: [{ $substrCP: ['$$s', starts ? 0 : { $subtract: ['$$l', n] }, n] }, lit(needle)] }),
                },
              },
            },
          },
        ),
      );
    }
    case 'exists':
      return withField(record, c.field, (t) => (c.value === true ? { $ne: [t, 'missing'] } : { $eq: [t, 'missing'] }));
    case 'is_null':
      return withField(record, c.field, (t) => (c.value === true ? isType(t, 'missing', 'null') : { $not: [isType(t, 'missing', 'null')] }));
    case 'regex':
      throw new Unsupported();
  }
}

/** A filter as one boolean aggregation expression. @throws Unsupported */
export function filterExpr(record: MongoRecord, filter: ListFilter): Expr {
  if (!('logic' in filter)) return conditionExpr(record, filter);
  const children = filter.children.map((c) => filterExpr(record, c));
  if (children.length === 0) return true;
  if (filter.logic === 'and') return { $and: children };
  if (filter.logic === 'or') return { $or: children };
  return { $not: [{ $or: children }] };
}

/**
 * The sort keys of one field, as the reference's sortRecords orders: `n` puts missing and null
 * last in either direction, `r` ranks the kinds (numbers, strings, booleans, objects/arrays), `v`
 * orders within a kind (BSON order: numbers by value, strings by code point, false before true).
 * Objects and arrays are ordered by their JSON in the reference, which MongoDB cannot compute: `v`
 * is null for them and `o` marks them, so the caller can tell whether two of them would be compared.
 */
export function sortKeyExpr(record: MongoRecord, option: SortOption): Expr {
  return withField(record, option.field, (t, v) => ({
    n: { $cond: [isType(t, 'missing', 'null'), 1, 0] },
    r: { $switch: { branches: [{ case: isType(t, ...NUMBER_TYPES), then: 0 }, { case: isType(t, 'string'), then: 1 }, { case: isType(t, 'bool'), then: 2 }], default: 3 } },
    v: { $cond: [isType(t, 'missing', 'null', 'object', 'array'), null, v] },
    o: isType(t, 'object', 'array'),
  }));
}

/** Characters of JavaScript's rendering of a finite number (`String(n)`: `-1.5e+21`). */
const NUMBER_TEXT = /^[0-9.e+-]*$/;

/** How deep the reference's search visits (matchesSearch: the record is depth 0, values to depth 10). */
const SEARCH_DEPTH = 10;

/**
 * Whether any string at depth `d` or below (to SEARCH_DEPTH) of `$$x<d>` contains the needle. An
 * array's elements or an object's values are visited by one copy of the next level, so the
 * expression grows linearly with the depth (six BSON levels per step: MongoDB refuses documents
 * nested more than 100 deep).
 */
function searchLevel(d: number, needle: string, caseSensitive: boolean): Expr {
  const x = `$$x${d}`;
  const t = { $type: x };
  const inString = { $cond: { if: { $eq: [t, 'string'] }, then: { $gte: [{ $indexOfBytes: [caseSensitive ? x : { $toLower: x }, lit(needle)] }, 0] }, else: false } };
  if (d === SEARCH_DEPTH) return inString;
  const children = { $cond: { if: { $eq: [t, 'array'] }, then: x, else: { $map: { input: { $objectToArray: x }, as: 'kv', in: '$$kv.v' } } } };
  return {
    $cond: {
      if: { $in: [t, lit(['array', 'object'])] },
      then: { $anyElementTrue: [{ $map: { input: children, as: `x${d + 1}`, in: searchLevel(d + 1, needle, caseSensitive) } }] },
      else: inString,
    },
  };
}

/**
 * The reference's free-text search (matchesSearch: any string or number of the record, to depth
 * 10, contains the text) over the whole record. Only for a needle no number's rendering can
 * contain (a character outside digits, '.', 'e', '+', '-'): then strings alone decide, and no
 * rendering of numbers (JavaScript's `String(n)` against MongoDB's `$toString`) is compared.
 * A case-insensitive needle must be ASCII (`$toLower`). @throws Unsupported
 */
export function searchExpr(record: MongoRecord, search: string, caseSensitive: boolean): Expr {
  const needle = foldValue(search, caseSensitive);
  if (NUMBER_TEXT.test(needle)) throw new Unsupported();
  return { $let: { vars: { x0: record.whole }, in: searchLevel(0, needle, caseSensitive) } };
}
