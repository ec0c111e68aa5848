export interface SortOption {
  field: string;
  direction?: 'asc' | 'desc';
}

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
  /** True when more records exist than a filtered listing scans (MAX_SCAN). */
  truncated: boolean;
}
