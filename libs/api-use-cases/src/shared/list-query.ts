import type { SortOption } from '@strata/contracts';

export type { SortOption } from '@strata/contracts';

export interface ListQuery {
  filters?: unknown;
  sort?: SortOption | SortOption[] | null;
  search?: string | null;
  caseSensitive?: boolean;
  offset: number;
  limit: number;
}

export interface ListResult<T> {
  results: T[];
  total: number;
  /** True when the API scanned its limit of records (MAX_SCAN) before finishing; always false where the store runs the filter. */
  truncated: boolean;
}
