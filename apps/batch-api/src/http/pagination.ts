import { ValidationError } from '@strata/domain';
import { z } from 'zod';
import type { PaginationResponse } from './schemas';

/**
 * One pagination shape on every list (Mixpeek's PaginationResponse; docs/api-compatibility.md#pagination).
 * A page is chosen by `cursor` (a token from next_page/previous_page), else `page`/`page_size`,
 * else `offset`/`limit`; query parameters win over the same fields in a body.
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Deepest offset a page may start at (Mixpeek's offset limit). */
export const MAX_OFFSET = 10_000;

const count = (max: number) => z.coerce.number().int().min(0).max(max);

/** The page parameters every list takes in its query string. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe(`Page size (default ${DEFAULT_PAGE_SIZE})`),
  offset: count(MAX_OFFSET).optional().describe('Results to skip'),
  page: z.coerce.number().int().min(1).max(MAX_OFFSET + 1).optional().describe('1-based page number (with page_size); wins over offset'),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe('Page size for page; same as limit'),
  cursor: z.string().max(200).optional().describe('A next_page / previous_page token from an earlier answer; wins over page and offset'),
  include_total: z.enum(['true', 'false']).optional().describe('Accepted for Mixpeek compatibility: totals are always included'),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** Page fields some list bodies carry (Mixpeek's ListBatchesRequest, ListBucketsRequest, ListUploadsRequest). */
export interface BodyPage {
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface Page {
  offset: number;
  limit: number;
}

export function encodeCursor(page: Page): string {
  return Buffer.from(`${page.offset}:${page.limit}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Page {
  const match = /^(\d{1,7}):(\d{1,4})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const offset = match === null ? NaN : Number(match[1]);
  const limit = match === null ? NaN : Number(match[2]);
  if (!(offset >= 0 && offset <= MAX_OFFSET && limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new ValidationError('query.cursor: not a cursor this API issued; send a next_page or previous_page value from an earlier answer', [
      { location: 'query.cursor', message: 'unknown cursor', type: 'invalid_cursor' },
    ]);
  }
  return { offset, limit };
}

/** The page a request asks for. */
export function pageOf(query: PageQuery, body: BodyPage = {}, defaultSize = DEFAULT_PAGE_SIZE): Page {
  if (query.cursor !== undefined && query.cursor !== '') return decodeCursor(query.cursor);
  const limit = query.page_size ?? query.limit ?? body.limit ?? defaultSize;
  if (query.page !== undefined) {
    const offset = (query.page - 1) * limit;
    if (offset > MAX_OFFSET) {
      throw new ValidationError(`query.page: page ${query.page} of ${limit} starts past offset ${MAX_OFFSET}; narrow the list with filters`);
    }
    return { offset, limit };
  }
  return { offset: query.offset ?? body.offset ?? 0, limit };
}

/** Mixpeek's PaginationResponse for a page of `total` results, with cursors to the pages around it. */
export function paginationResponse(total: number, page: Page): PaginationResponse {
  const { offset, limit } = page;
  const next = offset + limit < total && offset + limit <= MAX_OFFSET ? encodeCursor({ offset: offset + limit, limit }) : null;
  const previous = offset > 0 ? encodeCursor({ offset: Math.max(0, offset - limit), limit }) : null;
  return {
    total,
    page: Math.floor(offset / limit) + 1,
    page_size: limit,
    total_pages: Math.max(1, Math.ceil(total / limit)),
    next_page: next,
    previous_page: previous,
    next_cursor: next,
  };
}

/**
 * Pages of a list addressed by position in an indexed order (a batch's object ids,
 * docs/adr/0100-paged-batch-objects.md): a page is a range read whatever its depth, so neither
 * `offset` nor the cursors stop at MAX_OFFSET. Cursors of this kind carry the next position.
 */
export const MAX_POSITION = 1_000_000_000;

export const positionPageQuery = pageQuery.extend({
  offset: count(MAX_POSITION).optional().describe('Position of the first result (no depth limit on this list)'),
  page: z.coerce.number().int().min(1).max(MAX_POSITION).optional().describe('1-based page number (with page_size); wins over offset'),
});
export type PositionPageQuery = z.infer<typeof positionPageQuery>;

function encodePositionCursor(page: Page): string {
  return Buffer.from(`p${page.offset}:${page.limit}`, 'utf8').toString('base64url');
}

function decodePositionCursor(cursor: string): Page {
  const match = /^p(\d{1,10}):(\d{1,4})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) return decodeCursor(cursor);
  const offset = Number(match[1]);
  const limit = Number(match[2]);
  if (!(offset <= MAX_POSITION && limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new ValidationError('query.cursor: not a cursor this API issued; send a next_page or previous_page value from an earlier answer', [
      { location: 'query.cursor', message: 'unknown cursor', type: 'invalid_cursor' },
    ]);
  }
  return { offset, limit };
}

/** The page a request of a position-paged list asks for. */
export function positionPageOf(query: PositionPageQuery, defaultSize = DEFAULT_PAGE_SIZE): Page {
  if (query.cursor !== undefined && query.cursor !== '') return decodePositionCursor(query.cursor);
  const limit = query.page_size ?? query.limit ?? defaultSize;
  const offset = query.page !== undefined ? (query.page - 1) * limit : (query.offset ?? 0);
  if (offset > MAX_POSITION) throw new ValidationError(`query.page: page ${query.page} of ${limit} starts past position ${MAX_POSITION}`);
  return { offset, limit };
}

/** paginationResponse for a position-paged list: next/previous cursors at any depth. */
export function positionPagination(total: number, page: Page): PaginationResponse {
  const { offset, limit } = page;
  const next = offset + limit < total ? encodePositionCursor({ offset: offset + limit, limit }) : null;
  const previous = offset > 0 ? encodePositionCursor({ offset: Math.max(0, offset - limit), limit }) : null;
  return { ...paginationResponse(total, page), next_page: next, previous_page: previous, next_cursor: next };
}
