import { type ListRequest, parseFilter } from '@strata/contracts';
import { ValidationError } from '@strata/domain';
import { compileListQuery } from './sqlite-list-query';
import { DOCUMENT_TABLE, OBJECT_TABLE } from './sqlite-list-tables';

const HOSTILE = ["x'; DROP TABLE documents; --", '" OR 1=1 --', "\\'); DELETE FROM objects; --", '*/ SELECT 1 /*', "'||(SELECT sqlite_version())||'"];

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function request(filters: unknown, extra: Partial<ListRequest> = {}): ListRequest {
  return { filter: parseFilter(filters), sort: [], search: null, caseSensitive: false, offset: 0, limit: 10, ...extra };
}

/** Hostile input never reaches the SQL text: values, patterns, search text and JSON paths are bound parameters (docs/adr/0079). */
describe('list query compiler: user input is parameters, never SQL', () => {
  const scope = { where: 'd.namespace_id = @scope_ns AND d.collection_id = @scope_parent', params: { scope_ns: 'ns', scope_parent: 'col' } };

  it.each(['eq', 'ne', 'gt', 'lt', 'in', 'nin', 'contains', 'starts_with', 'ends_with', 'regex'])('%s with hostile values', (operator) => {
    for (const value of HOSTILE) {
      const v = operator === 'in' || operator === 'nin' ? [value, 1] : value;
      // A hostile pattern that is not a regular expression is refused before any SQL exists.
      if (operator === 'regex' && !isRegex(value)) {
        expect(() => request({ field: 'metadata.a_b', operator, value: v })).toThrow(ValidationError);
        continue;
      }
      for (const table of [DOCUMENT_TABLE, OBJECT_TABLE]) {
        const q = compileListQuery(table, scope, request({ field: 'metadata.a_b', operator, value: v }, { search: value, sort: [{ field: 'metadata.a_b' }] }));
        for (const sql of [q.select, q.count]) {
          expect(sql).not.toContain(value);
          expect(sql).not.toMatch(/DROP|DELETE|OR 1=1|sqlite_version/);
        }
        const bound = Object.values(q.params).map(String);
        expect(bound.some((b) => b === value || b === value.toLowerCase())).toBe(true);
      }
    }
  });

  it('field paths are validated before they are compiled, and go into JSON paths as parameters', () => {
    for (const field of ["a'); DROP TABLE documents; --", 'a"."b', 'a[0]', 'a..b', '$.x', 'a b']) {
      expect(() => request({ field, operator: 'eq', value: 1 })).toThrow(ValidationError);
    }
    const q = compileListQuery(DOCUMENT_TABLE, scope, request({ field: 'campaign.id_2', operator: 'eq', value: 1 }));
    expect(q.select).not.toContain('campaign');
    expect(Object.values(q.params)).toContain('$."campaign"."id_2"');
  });
});
