import type { ItemOutcome, NewBatch } from "./entities";
import type { BatchStatus, TierStatus } from "./status";

/*
 * A batch's log (docs/adr/0077-batch-logs.md): one line per transition, written by the metadata
 * store where the transition is written (the same transaction on SQLite, right after the
 * conditional write on MongoDB), so the log tells what the stored state went through.
 */

export const BATCH_LOG_EVENTS = [
  "batch.created",
  "batch.submitted",
  "batch.claimed",
  "batch.taken_over",
  "tier.started",
  "tier.finished",
  "item.failed",
  "batch.retried",
  "batch.canceled",
  "batch.finished",
  "batch.status_changed",
] as const;
export type BatchLogEvent = (typeof BATCH_LOG_EVENTS)[number];

export type BatchLogLevel = "info" | "warning" | "error";

export interface BatchLogEntry {
  batchId: string;
  /** When the transition was written (ISO 8601). Entries list in the order they were written. */
  at: string;
  event: BatchLogEvent;
  level: BatchLogLevel;
  /** The tier the line is about; null for the batch as a whole. */
  tier: number | null;
  /** Status before and after (the batch's, or the tier's for tier lines); null when none changed. */
  from: string | null;
  to: string | null;
  message: string;
  details: Record<string, unknown>;
}

const levelOf = (status: string): BatchLogLevel =>
  status === "FAILED"
    ? "error"
    : status === "COMPLETED_WITH_ERRORS" || status === "CANCELED"
      ? "warning"
      : "info";

/** The lines the stores write; one function per transition. */
export const batchLog = {
  created(b: NewBatch): BatchLogEntry {
    return {
      batchId: b.batchId,
      at: b.createdAt,
      event: "batch.created",
      level: "info",
      tier: null,
      from: null,
      to: b.status,
      message: `batch created with ${b.objectIds.length} objects`,
      details: { object_count: b.objectIds.length },
    };
  },
  submitted(
    batchId: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    tiers: number,
    taskId: string | null,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "batch.submitted",
      level: "info",
      tier: null,
      from,
      to,
      message: `batch submitted: ${tiers} tier${tiers === 1 ? "" : "s"}`,
      details: { tiers, task_id: taskId },
    };
  },
  claimed(
    batchId: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    owner: string,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "batch.claimed",
      level: "info",
      tier: null,
      from,
      to,
      message: `poller ${owner} started the batch`,
      details: { poller: owner },
    };
  },
  takenOver(
    batchId: string,
    at: string,
    owner: string,
    previous: string | null,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "batch.taken_over",
      level: "warning",
      tier: null,
      from: null,
      to: null,
      message: `poller ${owner} took the batch over${previous === null ? "" : ` from ${previous}`} (its lease had expired)`,
      details: { poller: owner, previous_poller: previous },
    };
  },
  tierStarted(
    batchId: string,
    tier: number,
    at: string,
    totalItems: number | null,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "tier.started",
      level: "info",
      tier,
      from: "PENDING",
      to: "PROCESSING",
      message: `tier ${tier} started${totalItems === null ? "" : ` with ${totalItems} items`}`,
      details: totalItems === null ? {} : { total_items: totalItems },
    };
  },
  tierFinished(
    batchId: string,
    tier: number,
    from: TierStatus,
    to: TierStatus,
    at: string,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "tier.finished",
      level: levelOf(to),
      tier,
      from,
      to,
      message: `tier ${tier} ${to}`,
      details: {},
    };
  },
  itemFailed(
    batchId: string,
    tier: number,
    o: ItemOutcome,
    at: string,
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "item.failed",
      level: "error",
      tier,
      from: null,
      to: null,
      message: `item ${o.itemId} failed in ${o.collectionId}${o.error === undefined ? "" : ` (${o.error.category}, ${o.error.stage}): ${o.error.message}`}`,
      details: {
        item_id: o.itemId,
        collection_id: o.collectionId,
        category: o.error?.category ?? null,
        stage: o.error?.stage ?? null,
        error: o.error?.message ?? null,
      },
    };
  },
  retried(
    batchId: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    items: number,
    tiers: readonly number[],
  ): BatchLogEntry {
    return {
      batchId,
      at,
      event: "batch.retried",
      level: "info",
      tier: null,
      from,
      to,
      message: `retry: ${items} failed item${items === 1 ? "" : "s"} again, tier${tiers.length === 1 ? "" : "s"} ${tiers.join(", ") || "none"} reopened`,
      details: { items, reopened_tiers: [...tiers] },
    };
  },
  statusChanged(
    batchId: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    error: string | null,
  ): BatchLogEntry {
    const event: BatchLogEvent =
      to === "CANCELED"
        ? "batch.canceled"
        : from !== to &&
            ["COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"].includes(to)
          ? "batch.finished"
          : "batch.status_changed";
    return {
      batchId,
      at,
      event,
      level: levelOf(to),
      tier: null,
      from,
      to,
      message: `batch ${from} -> ${to}${error === null ? "" : `: ${error}`}`,
      details: error === null ? {} : { error },
    };
  },
};
