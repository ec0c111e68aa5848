import { ValidationError } from '@strata/domain';
import { compileFilter, matchesSearch, readPath, scanAll, selectFields, sortRecords } from './record-filter';

const rows = [
  { id: 'a', metadata: { price: 5, name: 'Alpha', tags: ['red'], note: null } },
  { id: 'b', metadata: { price: 12, name: 'beta', tags: ['red', 'big'] } },
  { id: 'c', metadata: { price: 20, name: 'Gamma', tags: [] } },
];
const ids = (filters: unknown, caseSensitive = false) => rows.filter(compileFilter(filters, caseSensitive)).map((r) => r.id);

describe('compileFilter', () => {
  it('evaluates every operator', () => {
    const c = (operator: string, value: unknown, field = 'metadata.price') => ids({ field, operator, value });
    expect(c('eq', 12)).toEqual(['b']);
    expect(c('ne', 12)).toEqual(['a', 'c']);
    expect(c('gt', 5)).toEqual(['b', 'c']);
    expect(c('gte', 12)).toEqual(['b', 'c']);
    expect(c('lt', 12)).toEqual(['a']);
    expect(c('lte', 12)).toEqual(['a', 'b']);
    expect(c('in', [5, 20])).toEqual(['a', 'c']);
    expect(c('nin', [5, 20])).toEqual(['b']);
    expect(c('contains', 'big', 'metadata.tags')).toEqual(['b']);
    expect(c('contains', 'AMM', 'metadata.name')).toEqual(['c']);
    expect(c('starts_with', 'al', 'metadata.name')).toEqual(['a']);
    expect(c('ends_with', 'TA', 'metadata.name')).toEqual(['b']);
    expect(c('regex', '^(alpha|gamma)$', 'metadata.name')).toEqual(['a', 'c']);
    expect(c('exists', true, 'metadata.note')).toEqual(['a']);
    expect(c('exists', false, 'metadata.note')).toEqual(['b', 'c']);
    expect(c('is_null', true, 'metadata.note')).toEqual(['a', 'b', 'c']);
    expect(c('eq', 'red', 'metadata.tags')).toEqual(['a', 'b']);
  });

  it('nests AND/OR/NOT, takes the shorthand, and honours case_sensitive', () => {
    expect(ids({ OR: [{ 'metadata.price': 5 }, { AND: [{ field: 'metadata.price', operator: 'gt', value: 10 }, { NOT: [{ 'metadata.name': 'gamma' }] }] }] })).toEqual(['a', 'b']);
    expect(ids({ 'metadata.name': 'ALPHA' })).toEqual(['a']);
    expect(ids({ 'metadata.name': 'ALPHA' }, true)).toEqual([]);
    expect(ids({ field: 'metadata.name', value: 'ALPHA', case_sensitive: true })).toEqual([]);
    expect(ids(null)).toEqual(['a', 'b', 'c']);
    expect(ids({})).toEqual(['a', 'b', 'c']);
  });

  it('runs catastrophic-backtracking patterns in linear time (RE2)', () => {
    const long = { metadata: { name: `${'a'.repeat(9_999)}!` } };
    const patterns = ['^(a|a)*$', '(a+)+$', '^(a|aa)+$', '(\\w+\\s?)*$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(.*a){12}'];
    const predicates = patterns.map((value) => compileFilter({ field: 'metadata.name', operator: 'regex', value, case_sensitive: true }));
    // Warm the engine up on a short value first (module JIT), then measure the CPU time the
    // process spends: wall-clock time on a shared, loaded machine measures the other processes.
    predicates.forEach((p) => p({ metadata: { name: 'aaa!' } }));
    const cpu = process.cpuUsage();
    const results = predicates.map((p) => p(long));
    const used = process.cpuUsage(cpu);
    const elapsed = (used.user + used.system) / 1_000;
    expect(results).toEqual([false, false, false, true, false, true]);
    // A backtracking engine needs ~2^10,000 steps for `(a+)+$` on this value: it would not finish
    // at all. RE2 takes a few milliseconds; the bound only has to tell the two apart, and stays
    // far from what a loaded machine adds (the process's CPU time counts GC and jest's threads
    // too: a 50 ms bound failed at 50.7 ms on a busy CI run).
    expect(elapsed).toBeLessThan(2_000);
    expect(compileFilter({ field: 'metadata.name', operator: 'regex', value: '^A+!$' })(long)).toBe(true);
  });

  it('rejects malformed filters with the location and what to fix', () => {
    const bad = (filters: unknown, says: string) => {
      expect(() => compileFilter(filters)).toThrow(ValidationError);
      expect(() => compileFilter(filters)).toThrow(says);
    };
    bad({ field: 'x', operator: 'between', value: 1 }, 'body.filters.operator');
    bad({ field: 'x', operator: 'in', value: 1 }, 'array');
    bad({ field: 'x', operator: 'gt', value: {} }, 'number or a string');
    bad({ field: 'x', operator: 'regex', value: '(?=a)b' }, 'RE2 engine cannot run');
    bad({ field: 'x', operator: 'regex', value: '(a)\\1' }, 'RE2 engine cannot run');
    bad({ field: 'x', operator: 'regex', value: '(?<!a)b' }, 'look-around and back-references are not supported');
    bad({ field: 'x', operator: 'regex', value: '(' }, 'regular expression');
    bad({ field: 'x; DROP', value: 1 }, 'not a field path');
    bad({ AND: {} }, 'AND needs an array');
    bad({ AND: [{ OR: [5] }] }, 'body.filters.AND[0].OR[0]');
    bad({ field: 'x', value: 1, extra: 2 }, 'unknown keys');
    bad({ x: { nested: 1 } }, 'shorthand');
    bad('text', 'must be an object');
    let deep: unknown = { x: 1 };
    for (let i = 0; i < 10; i += 1) deep = { AND: [deep] };
    bad(deep, 'nest at most');
    bad({ OR: Array.from({ length: 101 }, () => ({ x: 1 })) }, 'at most 100 conditions');
  });
});

describe('sort, search, select, scan', () => {
  it('sorts by nested fields with missing values last, in either direction', () => {
    const input = [{ v: 2 }, { w: 1 }, { v: 1 }, { v: 3 }];
    expect(sortRecords(input, { field: 'v', direction: 'desc' })).toEqual([{ v: 3 }, { v: 2 }, { v: 1 }, { w: 1 }]);
    expect(sortRecords(input, [{ field: 'v' }])).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }, { w: 1 }]);
    expect(() => sortRecords(input, { field: '1;x' })).toThrow(ValidationError);
  });

  it('ties missing and null values with each other, so the next sort field orders them', () => {
    const input = [{ v: null, w: 1 }, { w: 3 }, { v: 'x', w: 0 }, { v: null, w: 2 }, { w: 0 }];
    const order = [{ v: 'x', w: 0 }, { w: 3 }, { v: null, w: 2 }, { v: null, w: 1 }, { w: 0 }];
    expect(sortRecords(input, [{ field: 'v' }, { field: 'w', direction: 'desc' }])).toEqual(order);
    expect(sortRecords([...input].reverse(), [{ field: 'v', direction: 'desc' }, { field: 'w', direction: 'desc' }])).toEqual(order);
  });

  it('searches strings at any depth and selects dot paths', () => {
    expect(matchesSearch({ a: { b: ['Needle here'] } }, 'needle')).toBe(true);
    expect(matchesSearch({ a: 'x' }, 'needle')).toBe(false);
    expect(selectFields({ id: 1, metadata: { a: 1, b: 2 }, c: 3 }, ['metadata.a'], ['id'])).toEqual({ id: 1, metadata: { a: 1 } });
    expect(readPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(readPath({ a: [1] }, 'a.0')).toBeUndefined();
    expect(readPath({}, 'constructor')).toBeUndefined();
  });

  it('scans every page until a short one', async () => {
    const all = Array.from({ length: 1203 }, (_, i) => i);
    const { matches, truncated } = await scanAll(async (p) => ({ results: all.slice(p.offset, p.offset + p.limit), total: all.length }), (n) => n % 100 === 0);
    expect(matches).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
    expect(truncated).toBe(false);
  });
});
