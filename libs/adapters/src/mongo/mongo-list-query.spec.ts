import { type ListRequest, parseFilter } from '@strata/contracts';
import { MONGO_COLLECTION_LIST, MONGO_DOCUMENT_LIST, MONGO_NAMESPACE_LIST, compileMongoList } from './mongo-list-query';

function request(filters: unknown, extra: Partial<ListRequest> = {}): ListRequest {
  return { filter: parseFilter(filters), sort: [], search: null, caseSensitive: false, offset: 0, limit: 10, ...extra };
}

const scope = { namespaceId: 'ns_1', collectionId: 'col_1' };
const order = { createdAt: 1 as const, documentId: 1 as const };

function compile(r: ListRequest) {
  return compileMongoList(MONGO_DOCUMENT_LIST, scope, order, r);
}

/** How deeply a value nests (each object or array adds a level, as MongoDB counts BSON depth). */
function depth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (Object.keys(value).length === 1 && '$literal' in value) return 1;
  return 1 + Math.max(0, ...Object.values(value).map(depth));
}

/** Every `$literal` in a pipeline (what user values may become). */
function literals(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(literals);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$literal' ? [v] : literals(v)));
}

/**
 * The pipelines of a list request (docs/adr/0079): system fields in the first `$match` (indexes
 * apply), the rest in a guarded `$expr` where user values stay `$literal` data, sort keys, and
 * null for what MongoDB cannot run exactly. The conformance suite runs them against CongoDB.
 */
describe('MongoDB list compiler', () => {
  it('runs conditions on system fields in the first $match, escaped, with the scope', () => {
    expect(compile(request({ document_id: '.*|(a+)+$' }))?.page[0]).toEqual({
      $match: { $and: [scope, { documentId: { $regex: '^\\.\\*\\|\\(a\\+\\)\\+\\$$', $options: 'i' } }] },
    });
    expect(compile(request({ field: 'document_id', operator: 'starts_with', value: '[x', case_sensitive: true }))?.page[0]).toEqual({
      $match: { $and: [scope, { documentId: { $regex: '^\\[x' } }] },
    });
  });

  it('an object or array value is never an operator: it matches nothing on a string system field', () => {
    expect(compile(request({ field: 'document_id', operator: 'eq', value: { $ne: null } }))?.page[0]).toEqual({ $match: { $and: [scope, { documentId: { $in: [] } }] } });
    expect(compile(request({ field: 'document_id', operator: 'eq', value: ['$where'] }))?.page[0]).toEqual({ $match: { $and: [scope, { documentId: { $in: [] } }] } });
  });

  it('splits an AND: system conditions in $match, payload conditions in $expr with the values as literals', () => {
    const compiled = compile(request({ AND: [{ '_internal.metadata.batch_id': 'btch_1' }, { field: 'text', operator: 'eq', value: '$where', case_sensitive: true }] }));
    expect(compiled?.page[0]).toEqual({ $match: { $and: [scope, { $and: [{ batchId: { $ne: '' } }, { batchId: { $regex: '^btch_1$', $options: 'i' } }] }] } });
    const expr = compiled?.page[1] as { $match: { $expr: unknown } };
    expect(Object.keys(expr.$match)).toEqual(['$expr']);
    expect(literals(expr)).toContainEqual(['$where']);
    // An object value is one literal, never an expression or a query operator.
    expect(literals(compile(request({ field: 'nested', operator: 'eq', value: { $gt: '', $where: '1' } }))?.page)).toContainEqual([{ $gt: '', $where: '1' }]);
  });

  it("the documents' batch id: '' is null in the public record", () => {
    expect(compile(request({ field: '_internal.metadata.batch_id', operator: 'is_null' }))?.page[0]).toEqual({ $match: { $and: [scope, { batchId: '' }] } });
    expect(compile(request({ field: '_internal.metadata.batch_id', operator: 'is_null', value: false }))?.page[0]).toEqual({ $match: { $and: [scope, { batchId: { $ne: '' } }] } });
  });

  it('hands back what it cannot run exactly: regex, case-insensitive non-ASCII values, searches a number could match', () => {
    expect(compile(request(null, { search: '12' }))).toBeNull();
    expect(compile(request(null, { search: '-1.5E+3' }))).toBeNull();
    expect(compile(request(null, { search: 'Ünï' }))).toBeNull();
    expect(compile(request(null, { search: 'Ünï', caseSensitive: true }))).not.toBeNull();
    expect(compile(request(null, { search: 'harbour 12' }))).not.toBeNull();
    expect(compile(request({ field: 'document_id', operator: 'regex', value: 'a' }))).toBeNull();
    expect(compile(request({ field: 'text', operator: 'regex', value: 'a' }))).toBeNull();
    expect(compile(request({ document_id: 'Ünï' }))).toBeNull();
    expect(compile(request({ field: 'title', operator: 'contains', value: 'äbc' }))).toBeNull();
    expect(compile(request({ field: 'tags', operator: 'in', value: ['a', 'é'] }))).toBeNull();
    // Case-sensitive non-ASCII values compare exactly (code points).
    expect(compile(request({ field: 'title', operator: 'contains', value: 'ÄBC', case_sensitive: true }))).not.toBeNull();
    // Payload fields and sorts on them run in the store now.
    expect(compile(request({ text: 'x' }, { sort: [{ field: 'n' }] }))).not.toBeNull();
  });

  it('sorts system fields in place and other fields by computed keys (missing and null last, kind, value), ties in list order', () => {
    expect(compile(request(null, { sort: [{ field: '_internal.created_at', direction: 'desc' }] }))?.page).toEqual([
      { $match: scope },
      { $sort: { createdAt: -1, documentId: 1 } },
      { $limit: 10 },
    ]);
    const compiled = compile(request(null, { sort: [{ field: 'n', direction: 'desc' }, { field: 'document_id' }], offset: 4, limit: 2 }));
    expect(compiled?.sortKeys).toEqual(['__strata_sort_0']);
    expect(compiled?.page.slice(2)).toEqual([
      { $sort: { '__strata_sort_0.n': 1, '__strata_sort_0.r': -1, '__strata_sort_0.v': -1, documentId: 1, createdAt: 1 } },
      { $skip: 4 },
      { $limit: 2 },
      { $project: { __strata_sort_0: 0 } },
    ]);
    // The count sums the records holding objects or arrays in the sort field (two or more: the API scans).
    expect(compiled?.count.at(-1)).toEqual({ $group: { _id: null, n: { $sum: 1 }, o0: { $sum: { $cond: ['$__strata_sort_0.o', 1, 0] } } } });
  });

  it('stays within MongoDB\'s 100 levels of BSON nesting: a search over the whole record, the deepest filter', () => {
    const search = compile(request(null, { search: 'harbour' }));
    expect(depth({ aggregate: 'documents', pipeline: search?.page })).toBeLessThan(100);
    let deepest: unknown = { field: '_internal.lineage.chain', operator: 'in', value: ['a', 1, null, true, { a: 1 }] };
    for (let i = 0; i < 8; i += 1) deepest = { NOT: [deepest] };
    const filtered = compile(request(deepest, { search: 'harbour', sort: [{ field: 'internal_metadata.processing_history' }] }));
    expect(depth({ aggregate: 'documents', pipeline: filtered?.page, cursor: {} })).toBeLessThan(100);
  });

  it('runs a collection search and conditions on output_schema, read as stored (docs/adr/0079)', () => {
    const compiled = compileMongoList(
      MONGO_COLLECTION_LIST,
      { namespaceId: 'ns_1' },
      { createdAt: 1, collectionId: 1 },
      request({ 'output_schema.properties.text.type': 'string' }, { search: 'franc', sort: [{ field: 'output_schema.properties.text.type' }] }),
    );
    expect(compiled).not.toBeNull();
    const text = JSON.stringify(compiled?.page);
    expect(text).toContain('"$outputSchema.properties.text.type"');
    expect(text).toContain('"x0":{"collection_id":"$collectionId"');
    expect(depth({ aggregate: 'collections', pipeline: compiled?.page, cursor: {} })).toBeLessThan(100);
  });

  it('names are system fields: filtered and sorted in place', () => {
    const compiled = compileMongoList(MONGO_NAMESPACE_LIST, {}, { createdAt: 1, namespaceId: 1 }, request({ namespace_name: 'a' }, { sort: [{ field: 'namespace_name' }] }));
    expect(compiled?.page).toEqual([
      { $match: { namespaceName: { $regex: '^a$', $options: 'i' } } },
      { $sort: { namespaceName: 1, createdAt: 1, namespaceId: 1 } },
      { $limit: 10 },
    ]);
  });
});
