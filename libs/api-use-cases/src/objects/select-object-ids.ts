import type { IngestionDeps } from '../shared/deps';
import { compileFilter } from '../shared/record-filter';
import { objectRecord } from '@strata/contracts';

/**
 * Object ids of a bucket in creation order, optionally those matching a filter (the objects
 * list's AND/OR/NOT syntax) or updated after `updatedAfter`. Reads every page: a schedule or a
 * trigger covers the whole bucket, not the first 50 000 objects.
 */
export async function selectObjectIds(
  deps: Pick<IngestionDeps, 'metadata'>,
  namespaceId: string,
  bucketId: string,
  selection: { filters?: unknown; updatedAfter?: string | null },
): Promise<string[]> {
  const predicate = selection.filters === undefined || selection.filters === null ? null : compileFilter(selection.filters);
  const ids: string[] = [];
  const pageSize = 1_000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await deps.metadata.objects.list(namespaceId, bucketId, { offset, limit: pageSize });
    for (const o of page.results) {
      if (selection.updatedAfter && !(o.updatedAt > selection.updatedAfter)) continue;
      if (predicate !== null && !predicate(objectRecord(o))) continue;
      ids.push(o.objectId);
    }
    if (page.results.length < pageSize) return ids;
  }
}
