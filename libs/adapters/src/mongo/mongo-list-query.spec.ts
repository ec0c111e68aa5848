import { type ListRequest, parseFilter } from '@strata/contracts';
import { MONGO_DOCUMENT_FIELDS, compileMongoList } from './mongo-list-query';

function request(filters: unknown, extra: Partial<ListRequest> = {}): ListRequest {
  return { filter: parseFilter(filters), sort: [], search: null, caseSensitive: false, offset: 0, limit: 10, ...extra };
}

const order = { createdAt: 1 as const, documentId: 1 as const };

/** User values stay data: regex metacharacters are escaped, objects are never operators, unknown fields are not compiled (docs/adr/0079). */
describe('MongoDB list compiler', () => {
  it('escapes values used in anchored case-insensitive matches', () => {
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ document_id: '.*|(a+)+$' }), order)?.filter).toEqual({
      documentId: { $regex: '^\\.\\*\\|\\(a\\+\\)\\+\\$$', $options: 'i' },
    });
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ field: 'document_id', operator: 'starts_with', value: '[x', case_sensitive: true }), order)?.filter).toEqual({
      documentId: { $regex: '^\\[x' },
    });
  });

  it('an object or array value is never an operator: it matches nothing on a string field', () => {
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ field: 'document_id', operator: 'eq', value: { $ne: null } }), order)?.filter).toEqual({ documentId: { $in: [] } });
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ field: 'document_id', operator: 'eq', value: ['$where'] }), order)?.filter).toEqual({ documentId: { $in: [] } });
  });

  it('hands back what it cannot run exactly: payload fields, search, regex, non-ASCII values, unmapped sorts', () => {
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ text: 'x' }), order)).toBeNull();
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request(null, { search: 'x' }), order)).toBeNull();
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ field: 'document_id', operator: 'regex', value: 'a' }), order)).toBeNull();
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request({ document_id: 'Ünï' }), order)).toBeNull();
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request(null, { sort: [{ field: 'text' }] }), order)).toBeNull();
  });

  it('sorts by the mapped fields, ties in list order', () => {
    expect(compileMongoList(MONGO_DOCUMENT_FIELDS, request(null, { sort: [{ field: '_internal.created_at', direction: 'desc' }] }), order)?.sort).toEqual([
      ['createdAt', -1],
      ['documentId', 1],
    ]);
  });
});
