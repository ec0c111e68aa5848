/**
 * How a tier's items are cut into work messages (docs/adr/0105-work-chunk-size-per-tier.md).
 *
 * A message costs a fixed amount whatever it holds (a pull, the batch state read, one write
 * transaction per store, the outcomes record, an ack), so cheap extractors want large messages;
 * a tier needs enough messages to keep every worker slot busy, so small batches of slow
 * extractors want small ones. The size is the configured maximum (WORK_CHUNK_SIZE), lowered for a
 * tier too small to give MIN_TIER_MESSAGES messages at that size. It is recorded with the tier
 * when its chunks are counted, so every poller cuts the same chunks.
 */

/** Messages a tier is cut into at least, when it has that many items. */
export const MIN_TIER_MESSAGES = 16;

/** Items per work message for a tier whose largest group (one collection's items) has `items` items. */
export function workChunkSize(items: number, maxSize: number, minMessages: number = MIN_TIER_MESSAGES): number {
  if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`work chunk size must be an integer >= 1, got ${maxSize}`);
  return Math.max(1, Math.min(maxSize, Math.ceil(items / Math.max(1, minMessages))));
}
