import { ValidationError } from '@strata/domain';
import type { Request, Response } from 'express';
import { apiMode, compatModeMiddleware, reportedBatchStatus, reportedEventTypes, runInMode } from './compat';
import { decodeCursor, encodeCursor, pageOf, paginationResponse } from './pagination';

function modeFor(header: string | undefined, installation: 'strata' | 'mixpeek'): string | Error {
  let seen: string | Error = 'not called';
  const req = { header: () => header } as unknown as Request;
  compatModeMiddleware(installation)(req, {} as Response, (err?: unknown) => {
    seen = err instanceof Error ? err : apiMode();
  });
  return seen;
}

describe('compatibility mode', () => {
  it('takes the header per request, else the installation default; a bad value is a 422', () => {
    expect(modeFor(undefined, 'strata')).toBe('strata');
    expect(modeFor(undefined, 'mixpeek')).toBe('mixpeek');
    expect(modeFor('Mixpeek', 'strata')).toBe('mixpeek');
    expect(modeFor('strata', 'mixpeek')).toBe('strata');
    expect(modeFor('other', 'strata')).toBeInstanceOf(ValidationError);
    expect(apiMode()).toBe('strata');
  });

  it('reports QUEUED as PENDING only in mixpeek mode', () => {
    expect(reportedBatchStatus('QUEUED')).toBe('QUEUED');
    expect(runInMode('mixpeek', () => reportedBatchStatus('QUEUED'))).toBe('PENDING');
    expect(runInMode('mixpeek', () => reportedBatchStatus('PROCESSING'))).toBe('PROCESSING');
  });

  it("spells out `*` as Mixpeek's event types and leaves batch.* out of listings in mixpeek mode", () => {
    expect(reportedEventTypes(['*', 'batch.completed'])).toEqual(['*', 'batch.completed']);
    const listed = runInMode('mixpeek', () => reportedEventTypes(['*', 'batch.completed', 'object.created']));
    expect(listed).toEqual(expect.arrayContaining(['object.created', 'collection.documents.written']));
    expect(listed.some((t) => t === '*' || t.startsWith('batch.'))).toBe(false);
    expect(new Set(listed).size).toBe(listed.length);
  });
});

describe('pagination', () => {
  it('chooses the page by cursor, then page/page_size, then offset/limit (query over body)', () => {
    expect(pageOf({})).toEqual({ offset: 0, limit: 100 });
    expect(pageOf({ limit: 5, offset: 10 })).toEqual({ offset: 10, limit: 5 });
    expect(pageOf({}, { limit: 7, offset: 3 })).toEqual({ offset: 3, limit: 7 });
    expect(pageOf({ page: 3, page_size: 20, offset: 1 })).toEqual({ offset: 40, limit: 20 });
    expect(pageOf({ cursor: encodeCursor({ offset: 30, limit: 15 }), offset: 0, page: 1 })).toEqual({ offset: 30, limit: 15 });
    expect(() => decodeCursor('bm9wZQ')).toThrow(ValidationError);
    expect(() => pageOf({ page: 5000, page_size: 1000 })).toThrow(ValidationError);
  });

  it("answers Mixpeek's PaginationResponse with cursors that lead to the neighbouring pages", () => {
    const first = paginationResponse(25, { offset: 0, limit: 10 });
    expect(first).toMatchObject({ total: 25, page: 1, page_size: 10, total_pages: 3, previous_page: null });
    expect(decodeCursor(first.next_page as string)).toEqual({ offset: 10, limit: 10 });
    expect(first.next_cursor).toBe(first.next_page);
    const last = paginationResponse(25, { offset: 20, limit: 10 });
    expect(last).toMatchObject({ page: 3, next_page: null, next_cursor: null });
    expect(decodeCursor(last.previous_page as string)).toEqual({ offset: 10, limit: 10 });
  });
});
