import { ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

const MAX_LISTED = 20;

export function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export async function assertObjectsExist(
  deps: Pick<IngestionDeps, 'metadata'>,
  namespaceId: string,
  bucketId: string,
  objectIds: readonly string[],
): Promise<void> {
  if (objectIds.length === 0) throw new ValidationError('object_ids must hold at least one object id');
  const bad = objectIds.filter((id) => typeof id !== 'string' || id.length === 0 || id.length > 128);
  if (bad.length > 0) throw new ValidationError('object_ids must be non-empty strings of at most 128 characters');
  const missing = await deps.metadata.objects.missing(namespaceId, bucketId, objectIds);
  if (missing.length > 0) {
    const listed = missing.slice(0, MAX_LISTED).join(', ');
    throw new ValidationError(
      `${missing.length} object id(s) do not exist in this bucket: ${listed}${missing.length > MAX_LISTED ? ', ...' : ''}`,
      missing.slice(0, MAX_LISTED).map((id) => ({ location: 'object_ids', message: `object ${id} not found`, type: 'not_found' })),
    );
  }
}
