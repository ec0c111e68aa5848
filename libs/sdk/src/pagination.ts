/** What one page request asks for. */
export interface PageRequest {
  limit: number;
  offset: number;
  /** The previous page's `next_cursor`, when the server gives cursors. */
  cursor: string | null;
}

/** The list answers' shapes the iterator understands: `results` plus Mixpeek's pagination (or totals). */
export interface ListPage<T> {
  results: T[];
  pagination?: { total?: number | null; next_cursor?: string | null; next_page?: number | string | null } | null;
  total_count?: number;
  total?: number;
}

/**
 * The request for the page after `page`, or null when `page` was the last: a `next_cursor` wins,
 * else the offset moves on until the total is reached (or a short page shows the end).
 */
export function nextPageRequest<T>(request: PageRequest, page: ListPage<T>): PageRequest | null {
  const count = page.results.length;
  if (count === 0) return null;
  const cursor = page.pagination?.next_cursor;
  if (typeof cursor === 'string' && cursor !== '') return { ...request, cursor, offset: request.offset + count };
  const total = page.pagination?.total ?? page.total_count ?? page.total ?? null;
  const offset = request.offset + count;
  if (typeof total === 'number') return offset < total ? { ...request, cursor: null, offset } : null;
  if (page.pagination?.next_page === null) return null;
  return count < request.limit ? null : { ...request, cursor: null, offset };
}

/**
 * Every item of a paginated list, fetching pages of `pageSize` as the caller iterates
 * (`for await (const batch of client.batches.iterate(bucket)) ...`).
 */
export async function* paginate<T>(fetchPage: (request: PageRequest) => Promise<ListPage<T>>, pageSize = 100): AsyncGenerator<T, void, undefined> {
  let request: PageRequest | null = { limit: pageSize, offset: 0, cursor: null };
  while (request !== null) {
    const page: ListPage<T> = await fetchPage(request);
    yield* page.results;
    request = nextPageRequest(request, page);
  }
}
