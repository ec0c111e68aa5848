/**
 * A unit of work on the work stream: ids, never data. One message carries up to a chunk of
 * source items (objects in tier 0) for one collection; the worker reads blobs and metadata itself.
 */
export interface WorkItemV1 {
  readonly schema: 'strata.work-item';
  readonly version: 1;
  readonly batch_id: string;
  readonly namespace_id: string;
  readonly bucket_id: string;
  readonly tier: number;
  readonly collection_id: string;
  /** `name@version` of the extractor, e.g. `text_extractor@v1`. */
  readonly extractor: string;
  /** Sequence number of this chunk within the tier and collection. */
  readonly chunk: number;
  readonly item_ids: readonly string[];
  /**
   * Absent (or 0) on a batch's first run; the retry round of the tier after a retry. Optional,
   * so v1 consumers that ignore it stay compatible; it is part of the message id.
   */
  readonly retry_round?: number;
}

export type WorkItem = WorkItemV1;

const STRING_FIELDS = ['batch_id', 'namespace_id', 'bucket_id', 'collection_id', 'extractor'] as const;

/** Checks an untrusted payload; returns a reason when it is not a work item this version understands. */
export function parseWorkItem(value: unknown): { ok: true; item: WorkItemV1 } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'payload is not an object' };
  const v = value as Record<string, unknown>;
  if (v['schema'] !== 'strata.work-item') return { ok: false, reason: `unknown schema ${String(v['schema'])}` };
  if (v['version'] !== 1) return { ok: false, reason: `unsupported work-item version ${String(v['version'])}` };
  for (const field of STRING_FIELDS) {
    if (typeof v[field] !== 'string' || (v[field] as string).length === 0) return { ok: false, reason: `${field} missing` };
  }
  if (!Number.isInteger(v['tier']) || (v['tier'] as number) < 0) return { ok: false, reason: 'tier must be an integer >= 0' };
  if (!Number.isInteger(v['chunk']) || (v['chunk'] as number) < 0) return { ok: false, reason: 'chunk must be an integer >= 0' };
  const ids = v['item_ids'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    return { ok: false, reason: 'item_ids must be a non-empty array of strings' };
  }
  if (v['retry_round'] !== undefined && (!Number.isInteger(v['retry_round']) || (v['retry_round'] as number) < 0)) {
    return { ok: false, reason: 'retry_round must be an integer >= 0' };
  }
  return { ok: true, item: v as unknown as WorkItemV1 };
}

/** Message id for JetStream de-duplication: republishing the same chunk is a no-op. */
export function workItemMessageId(item: Pick<WorkItemV1, 'batch_id' | 'tier' | 'collection_id' | 'chunk' | 'retry_round'>): string {
  const base = `${item.batch_id}.${item.tier}.${item.collection_id}.${item.chunk}`;
  // A retry round republishes chunk numbers of the first run: without the round the bus would drop them as duplicates.
  return item.retry_round === undefined || item.retry_round === 0 ? base : `${base}.r${item.retry_round}`;
}

/**
 * The deepest tier a collection chain may reach (tiers 0..MAX_TIER). Workers open one durable
 * consumer per extractor and tier up to it, so a deeper tier would have no consumer.
 */
export const MAX_TIER = 3;
