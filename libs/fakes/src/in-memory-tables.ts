import {
  Batch,
  BatchLogEntry,
  BatchTier,
  Bucket,
  Collection,
  DocumentRecord,
  ItemOutcome,
  Namespace,
  Schedule,
  ScheduleRun,
  StoredObject,
  Upload,
} from '@strata/domain';
import type { Page, PageQuery } from '@strata/ports';
import { copy } from './copy';
/*
 * An in-memory MetadataStore with the semantics of SqliteMetadataStore, constraint for
 * constraint: unique names (AlreadyExistsError), foreign keys (namespace -> bucket -> object,
 * batch), conditional writes that return false instead of throwing, atomic claims, outcomes
 * recorded once per (batch, tier, collection, item). Every method runs without awaiting in
 * between, so each is atomic like the store's IMMEDIATE transactions. Reads return copies.
 */

export function constraint(message: string): Error {
  return new Error(`constraint failed: ${message}`);
}

/** The shared tables; the repositories are views on them (foreign keys cross repositories). */
export class Tables {
  readonly namespaces = new Map<string, Namespace>();
  readonly buckets = new Map<string, Bucket>();
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, Upload>();
  readonly collections = new Map<string, Collection>();
  readonly batches = new Map<string, Batch>();
  /** Insertion order of batches: SQLite's tie-break for equal submitted_at. */
  readonly batchSeq = new Map<string, number>();
  readonly tiers = new Map<string, BatchTier>();
  readonly items = new Map<string, RecordedItem>();
  /** batch id -> its object ids by position, and the same as a set (batch_objects). */
  readonly batchObjects = new Map<string, { ids: string[]; held: Set<string> }>();
  /** batch id -> epoch second -> items completed in that second. */
  readonly seconds = new Map<string, Map<number, number>>();
  /** Batch log lines in write order (batch_log). */
  batchLog: BatchLogEntry[] = [];
  readonly documents = new Map<string, DocumentRecord>();
  /** Tombstones of deleted objects by tombstoneKey (deleted_objects). */
  readonly deletedObjects = new Map<string, DeletedObject>();
  readonly schedules = new Map<string, Schedule>();
  readonly scheduleRuns = new Map<string, ScheduleRun>();
  closed = false;
}

/** One row of deleted_objects: the tombstone of an object deleted from its bucket. */
export interface DeletedObject {
  namespaceId: string;
  objectId: string;
  bucketId: string;
  deletedAt: string;
}

export const tombstoneKey = (namespaceId: string, objectId: string): string => `${namespaceId}\u001f${objectId}`;

/** One row of batch_items: the recorded final outcome of a work item. */
export interface RecordedItem extends ItemOutcome {
  batchId: string;
  tier: number;
  completedAt: string;
}

/** Oldest first by created_at then id, as the SQLite store orders listings. */
export function byCreated<T extends { createdAt: string }>(id: (v: T) => string) {
  return (a: T, b: T): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

export function pageOf<T>(all: T[], page: PageQuery): Page<T> {
  return { results: all.slice(page.offset, page.offset + page.limit).map((v) => copy(v)), total: all.length };
}

/** Deletes the batches matching `match`, with their tiers, items and progress samples. */
export function dropBatches(t: Tables, match: (b: Batch) => boolean): void {
  for (const [batchId, b] of [...t.batches]) {
    if (!match(b)) continue;
    t.batches.delete(batchId);
    for (const [k, tier] of [...t.tiers]) if (tier.batchId === batchId) t.tiers.delete(k);
    for (const [k, i] of [...t.items]) if (i.batchId === batchId) t.items.delete(k);
    t.seconds.delete(batchId);
    t.batchLog = t.batchLog.filter((e) => e.batchId !== batchId);
    t.batchObjects.delete(batchId);
  }
}

export function dropWhere<V>(map: Map<string, V>, match: (v: V) => boolean): void {
  for (const [k, v] of [...map]) if (match(v)) map.delete(k);
}

export const tierKey = (batchId: string, tier: number): string => `${batchId}\u001f${tier}`;
export const itemKey = (batchId: string, tier: number, collectionId: string, itemId: string): string =>
  [batchId, tier, collectionId, itemId].join('\u001f');
