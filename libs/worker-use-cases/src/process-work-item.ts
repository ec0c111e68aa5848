import { createHash } from 'node:crypto';
import { DocumentsWrittenMetadata, DomainEventV1, MAX_EVENT_DOCUMENT_IDS, WorkItemV1 } from '@strata/contracts';
import {
  Clock,
  Collection,
  DocumentRecord,
  ExtractionError,
  ItemOutcome,
  TransientError,
  categorize,
  derivedId,
  extractorFingerprint,
  isTerminal,
  isoNow,
} from '@strata/domain';
import { ExtractorDefinition, ExtractorInput, ExtractorResult, ExtractorRegistry } from '@strata/extractors';
import { publishCommitted } from '@strata/ports';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, OutboxMessage, VectorPoint, VectorStore, WakeUps } from '@strata/ports';
import { buildDocuments } from './document-builder';
import { DEFAULT_MAX_BLOB_BYTES, SourceItem, SourceLoader } from './source-loader';

export interface ExtractionDeps {
  metadata: MetadataStore;
  objects: ObjectStorage;
  vectors: VectorStore;
  events: EventPublisher;
  wakeUps: WakeUps;
  extractors: ExtractorRegistry;
  clock: Clock;
  logger: Logger;
  /**
   * Largest blob this worker reads into memory for an extractor (DEFAULT_MAX_BLOB_BYTES: 100 MiB, the API's
   * default upload limit). A larger one fails its item (validation, read_blob) instead of
   * exhausting the worker's memory; see docs/reliability.md.
   */
  maxBlobBytes?: number;
  /**
   * How often a running message re-reads its batch's status, so a cancel aborts the extractor
   * and embedding calls in flight (docs/reliability.md "Cancel"). Default CANCEL_POLL_MS.
   */
  cancelPollMs?: number;
  /**
   * Target duration of a slice of a work message: outcomes are recorded per slice, so progress
   * follows finished items within a long message. Default PROGRESS_SLICE_MS; 0 = whole messages.
   */
  progressSliceMs?: number;
}

/** Half a second: with the check right before the document writes, a cancel stops writes well within 2 s. */
export const CANCEL_POLL_MS = 500;

/** Target duration of one slice of a work message (progress per item, docs/reliability.md). */
export const PROGRESS_SLICE_MS = 2_000;

/** Slice times kept per collection to fit its cost. */
const SLICE_SAMPLES = 8;

interface SliceTime {
  items: number;
  ms: number;
}

/** Least-squares fit of slice times to `fixedMs + perItemMs x items` (both at least 0). */
export function fitSliceCost(samples: readonly SliceTime[]): { fixedMs: number; perItemMs: number } {
  const n = samples.length;
  const meanItems = samples.reduce((t, x) => t + x.items, 0) / n;
  const meanMs = samples.reduce((t, x) => t + x.ms, 0) / n;
  let cov = 0;
  let variance = 0;
  for (const x of samples) {
    cov += (x.items - meanItems) * (x.ms - meanMs);
    variance += (x.items - meanItems) ** 2;
  }
  if (variance === 0) return { fixedMs: 0, perItemMs: meanMs / Math.max(meanItems, 1) };
  const perItemMs = Math.max(cov / variance, 0);
  return { fixedMs: Math.max(meanMs - perItemMs * meanItems, 0), perItemMs };
}

/** How the transport delivered the message: the last delivery must settle every item. */
export interface Delivery {
  attempt: number;
  isLast: boolean;
  correlationId?: string;
}

export type ProcessResult =
  /** `unchanged`: items among `succeeded` skipped because their source and extractor did not change. */
  | { kind: 'processed'; succeeded: number; failed: number; unchanged: number; documents: number; newlyRecorded: number }
  | { kind: 'skipped'; reason: string }
  /** The batch was canceled (or finished) while the message ran: nothing written, nothing recorded. */
  | { kind: 'canceled'; reason: string };

interface CancelWatch {
  signal: AbortSignal;
  reason(): string;
  abort(reason: string): void;
  stop(): void;
}

interface PreparedCollection {
  collection: Collection;
  extractor: ExtractorDefinition<unknown>;
  params: unknown;
  key: string;
  /** What makes this collection's documents what they are (incremental re-processing, docs/adr/0050-batch-policies.md). */
  fingerprint: string;
}

/**
 * Runs one work message: a chunk of source items through one collection's extractor.
 * Effects are idempotent (deterministic document ids, outcomes recorded once), so a redelivered
 * message overwrites what an earlier attempt wrote and is not counted twice.
 */
export class ProcessWorkItem {
  private readonly collections = new Map<string, PreparedCollection>();
  /** The last slice times per collection in this process (slice sizes, ADR 0093). */
  private readonly sliceTimes = new Map<string, SliceTime[]>();
  private readonly ensuredIndexes = new Set<string>();

  private readonly loader: SourceLoader;

  constructor(private readonly deps: ExtractionDeps) {
    this.loader = new SourceLoader(deps, deps.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES);
  }

  /**
   * @throws TransientError when the chunk should be retried as a whole (a store or the bus failed
   * before outcomes were recorded). Never throws on the last delivery: failures are recorded.
   */
  async execute(item: WorkItemV1, delivery: Delivery): Promise<ProcessResult> {
    const log = this.deps.logger.child({
      batch_id: item.batch_id,
      tier: item.tier,
      collection_id: item.collection_id,
      chunk: item.chunk,
      attempt: delivery.attempt,
      correlation_id: delivery.correlationId,
    });
    const state = await this.deps.metadata.batches.getState(item.batch_id);
    if (state === null) return { kind: 'skipped', reason: 'batch no longer exists' };
    if (state.status === 'CANCELED' || isTerminal(state.status)) {
      log.info({ status: state.status }, 'batch is finished or canceled; work item skipped');
      return { kind: 'skipped', reason: `batch is ${state.status}` };
    }
    const startedAt = this.deps.clock.now();
    const cancel = this.watchCancel(item.batch_id);
    const written: string[] = [];
    const settled = new Set<string>();
    const tally = { succeeded: 0, failed: 0, unchanged: 0, newlyRecorded: 0 };
    // `documents`: rows written in the same metadata transaction as the outcomes (one write per
    // slice instead of two; docs/benchmarks.md). When that write fails, nothing of either is kept
    // and the failure is handled below like any other (retried, or recorded on the last delivery).
    // collection.documents.written commits with the outcomes that settle the message's last items
    // (the outbox, docs/adr/0095-transactional-outbox.md) and is published after the record.
    let writtenEvents: OutboxMessage[] = [];
    const record = async (outcomes: ItemOutcome[], documents?: DocumentRecord[], sliceWritten: readonly string[] = []): Promise<void> => {
      const allWritten = sliceWritten.length > 0 ? [...written, ...sliceWritten] : written;
      const last = allWritten.length > 0 && item.item_ids.every((id) => settled.has(id) || outcomes.some((o) => o.itemId === id));
      if (last) writtenEvents = [{ event: this.writtenEvent(item, allWritten), correlationId: delivery.correlationId ?? null }];
      const recorded = await this.deps.metadata.batches.recordOutcomes(item.batch_id, item.tier, outcomes, isoNow(this.deps.clock), documents, last ? writtenEvents : undefined);
      const tier = recorded.tier;
      const newFailures = recorded.newlyRecorded > 0 && outcomes.some((o) => o.status === 'FAILED');
      if (
        recorded.newlyRecorded > 0 &&
        (tier.succeededItems + tier.failedItems >= tier.totalItems || (newFailures && state.policy.errorPolicy.onError === 'abort'))
      ) {
        // Also on a failure under an abort policy: the poller re-checks the thresholds at once
        // instead of at its next heartbeat, so an abort stops the rest of the work quickly.
        this.deps.wakeUps.tierDrained({ version: 1, batch_id: item.batch_id, namespace_id: item.namespace_id, tier: item.tier });
      }
      tally.newlyRecorded += recorded.newlyRecorded;
      for (const o of outcomes) {
        settled.add(o.itemId);
        if (o.status === 'COMPLETED') tally.succeeded += 1;
        else tally.failed += 1;
        if (o.skipped === true) tally.unchanged += 1;
      }
    };
    try {
      const prepared = await this.prepare(item);
      // Progress per item (docs/reliability.md "Progress per item"): a message runs in slices
      // sized so that each takes about progressSliceMs, and each slice's documents are written
      // and its outcomes recorded before the next one starts. A cheap extractor runs the whole
      // message at once (after a one-item probe per collection and process); a slow one
      // (seconds per item) reports every few items, so progress and stall detection follow
      // finished items. A redelivery re-runs the whole message: writes are idempotent and
      // outcomes already recorded are not counted again.
      let rest = item.item_ids;
      while (rest.length > 0) {
        const size = this.sliceSize(item.collection_id, rest.length);
        const part: WorkItemV1 = { ...item, item_ids: rest.slice(0, size) };
        rest = rest.slice(size);
        const slice = await this.runSlice(part, prepared, state, delivery, startedAt, cancel, log);
        if (slice === null) return this.dropCanceled(log, cancel);
        await record(slice.outcomes, slice.withOutcomes, slice.written);
        written.push(...slice.written);
      }
    } catch (error) {
      if (cancel.signal.aborted) return this.dropCanceled(log, cancel);
      // A permanent failure (e.g. the collection was deleted) is recorded at once; anything else
      // may be transient and is retried until the last delivery.
      const permanent = error instanceof ExtractionError && !error.retryable;
      if (!delivery.isLast && !permanent) {
        if (error instanceof TransientError) throw error;
        throw new TransientError(`work item failed: ${(error as Error).message}`, { cause: error });
      }
      const category = categorize(error);
      const stage = error instanceof ExtractionError ? error.stage : 'process';
      log.error({ err: (error as Error).message, category, permanent }, 'work item failed; recording its items as failed');
      // Items of slices already recorded keep their outcome.
      await record(
        item.item_ids
          .filter((itemId) => !settled.has(itemId))
          .map((itemId) => ({
            itemId,
            collectionId: item.collection_id,
            status: 'FAILED',
            documentsWritten: 0,
            error: { category, stage, message: (error as Error).message.slice(0, 2_000) },
          })),
      );
    } finally {
      cancel.stop();
    }

    // A failed publish is left to the outbox relays (batch-api's and the poller's; the worker runs none).
    await publishCommitted({ events: this.deps.events, outbox: this.deps.metadata.outbox, logger: log }, writtenEvents);
    log.debug(
      { items: settled.size, succeeded: tally.succeeded, failed: tally.failed, documents: written.length, ms: this.deps.clock.now() - startedAt },
      'work item processed',
    );
    return { kind: 'processed', succeeded: tally.succeeded, failed: tally.failed, unchanged: tally.unchanged, documents: written.length, newlyRecorded: tally.newlyRecorded };
  }

  /**
   * Items of the next slice of a message (ADR 0093). Slice times of this collection in this
   * process are fitted to `fixed + perItem x items` (least squares over the last few slices):
   * a batching provider (one request for many texts) has a large fixed part and runs whole
   * messages; a slow per-item extractor gets slices of about progressSliceMs. The fixed part is
   * kept to at most half of a slice. Until two slice sizes were measured: a one-item probe, then
   * twice the last size.
   */
  private sliceSize(collectionId: string, remaining: number): number {
    const targetMs = this.deps.progressSliceMs ?? PROGRESS_SLICE_MS;
    if (targetMs <= 0) return remaining;
    const samples = this.sliceTimes.get(collectionId) ?? [];
    const last = samples[samples.length - 1];
    if (last === undefined) return 1;
    const sizes = new Set(samples.map((x) => x.items));
    if (sizes.size < 2) return Math.min(remaining, last.items * 2);
    const { fixedMs, perItemMs } = fitSliceCost(samples);
    if (perItemMs <= 0) return remaining;
    const items = Math.floor(Math.max(targetMs - fixedMs, fixedMs) / perItemMs);
    return Math.min(remaining, Math.max(1, items));
  }

  private recordSliceTime(collectionId: string, items: number, ms: number): void {
    const samples = this.sliceTimes.get(collectionId) ?? [];
    samples.push({ items, ms });
    if (samples.length > SLICE_SAMPLES) samples.shift();
    this.sliceTimes.set(collectionId, samples);
  }

  /**
   * Runs one slice of a message through the extractor, writes its documents and returns its
   * outcomes (to record) and the documents written; null when the batch was canceled meanwhile.
   * @throws TransientError when a failed item may pass on retry (not on the last delivery).
   */
  private async runSlice(
    part: WorkItemV1,
    prepared: PreparedCollection,
    state: { includeProcessingHistory: boolean; policy: { force: boolean } },
    delivery: Delivery,
    startedAt: number,
    cancel: CancelWatch,
    log: Logger,
  ): Promise<{ outcomes: ItemOutcome[]; written: string[]; withOutcomes?: DocumentRecord[] } | null> {
    const sliceStarted = performance.now();
    const { records, points, results, perItemDocs, skipped, hadDocuments, ran } = await this.extract(
      part,
      prepared,
      state.includeProcessingHistory,
      state.policy.force,
      delivery,
      startedAt,
      cancel.signal,
    );
    // The cost of the items the extractor ran (unchanged ones cost nothing).
    if (ran > 0) this.recordSliceTime(part.collection_id, ran, performance.now() - sliceStarted);
    // A cancel during the extractor run: its results (aborted embedding calls among them) are
    // dropped, not recorded as failures; the counts stay what they were at the cancel.
    if (await this.canceledNow(part.batch_id, cancel)) return null;
    await this.ensureIndexes(prepared);
    if (points.length > 0) {
      await this.deps.vectors.upsert(points);
      // Read fresh right before the document rows: a slow vector write that outlived a cancel
      // leaves no document behind (its vectors are removed again; ids are deterministic).
      if (await this.canceledNow(part.batch_id, cancel)) {
        await this.deps.vectors.deleteWhere({ namespaceId: part.namespace_id, collectionId: part.collection_id, ids: records.map((r) => r.documentId) });
        return null;
      }
    }
    const rows = points.length > 0 ? records : [];
    const written = records.map((r) => r.documentId);
    // A failure worth retrying (network, resource) is retried with the rest of the message
    // unless this is the last delivery (slices recorded before stay recorded).
    const retryable = results.find((r): r is Extract<ExtractorResult, { ok: false }> => !r.ok && r.error.retryable);
    const retryLater = !delivery.isLast && retryable !== undefined;
    // Only sources that had documents before this run can have surplus ones: on a first run (the
    // common case) this saves a query per message, and the document rows go into the outcomes'
    // transaction (one metadata write per slice instead of two).
    const rerun = results.filter((r) => r.ok && !skipped.has(r.itemId) && (hadDocuments?.has(r.itemId) ?? true)).map((r) => r.itemId);
    let withOutcomes: DocumentRecord[] | undefined;
    if (rerun.length === 0 && !retryLater) {
      withOutcomes = rows;
    } else {
      if (rows.length > 0) await this.deps.metadata.documents.upsertMany(rows);
      // After the writes, so a crash in between leaves the old documents, never none.
      const removed = await this.deleteSurplus(part.namespace_id, part.collection_id, rerun, new Set(written));
      if (removed > 0) log.info({ deleted_documents: removed }, 'documents no longer produced by their re-processed source deleted');
    }
    const outcomes: ItemOutcome[] = results.map((r) =>
      skipped.has(r.itemId)
        ? { itemId: r.itemId, collectionId: part.collection_id, status: 'COMPLETED', documentsWritten: 0, skipped: true }
        : r.ok
        ? { itemId: r.itemId, collectionId: part.collection_id, status: 'COMPLETED', documentsWritten: perItemDocs.get(r.itemId) ?? 0 }
        : {
            itemId: r.itemId,
            collectionId: part.collection_id,
            status: 'FAILED',
            documentsWritten: 0,
            error: { category: r.error.category, message: r.error.message, stage: r.error.stage },
          },
    );
    if (retryLater && retryable !== undefined) {
      throw new TransientError(`item ${retryable.itemId} failed and may pass on retry: ${retryable.error.message}`, {
        cause: retryable.error,
      });
    }
    return { outcomes, written, withOutcomes };
  }

  /**
   * Re-reads the batch status every cancelPollMs while a message runs and aborts the signal given
   * to the extractor when the batch is canceled or finished (docs/reliability.md "Cancel").
   */
  private watchCancel(batchId: string): CancelWatch {
    const controller = new AbortController();
    let reason = '';
    let checking = false;
    const timer = setInterval(() => {
      if (checking || controller.signal.aborted) return;
      checking = true;
      this.deps.metadata.batches
        .getState(batchId)
        .then((state) => {
          if (state === null || state.status === 'CANCELED' || isTerminal(state.status)) {
            reason = state === null ? 'batch no longer exists' : `batch is ${state.status}`;
            controller.abort(new Error(reason));
          }
        })
        // A store hiccup is no cancel: the fresh check before the writes decides.
        .catch(() => undefined)
        .finally(() => {
          checking = false;
        });
    }, this.deps.cancelPollMs ?? CANCEL_POLL_MS);
    timer.unref();
    return {
      signal: controller.signal,
      reason: () => reason,
      abort: (why: string) => {
        reason = why;
        controller.abort(new Error(why));
      },
      stop: () => clearInterval(timer),
    };
  }

  /** A fresh read of the batch status; aborts the watch when the batch is canceled or finished. */
  private async canceledNow(batchId: string, cancel: CancelWatch): Promise<boolean> {
    if (cancel.signal.aborted) return true;
    const state = await this.deps.metadata.batches.getState(batchId);
    if (state !== null && state.status !== 'CANCELED' && !isTerminal(state.status)) return false;
    cancel.abort(state === null ? 'batch no longer exists' : `batch is ${state.status}`);
    return true;
  }

  private dropCanceled(log: Logger, cancel: CancelWatch): ProcessResult {
    cancel.stop();
    log.info({ reason: cancel.reason() }, 'batch canceled while its work item ran; nothing written or recorded');
    return { kind: 'canceled', reason: cancel.reason() };
  }

  private async prepare(item: WorkItemV1): Promise<PreparedCollection> {
    const cached = this.collections.get(item.collection_id);
    if (cached !== undefined) return cached;
    const [collection] = await this.deps.metadata.collections.findMany(item.namespace_id, [item.collection_id]);
    if (collection === undefined) {
      throw new ExtractionError(`collection ${item.collection_id} no longer exists`, 'validation', 'load_collection');
    }
    const fe = collection.featureExtractor;
    const extractor = this.deps.extractors.get(fe.featureExtractorName, fe.version);
    const params = extractor.parseParameters(fe.parameters);
    const key = `${extractor.name}@${extractor.version}`;
    const prepared: PreparedCollection = {
      collection,
      extractor,
      params,
      key,
      fingerprint: extractorFingerprint({
        extractor: key,
        outputRevision: extractor.outputRevision,
        parameters: params,
        inputMappings: fe.inputMappings,
        fieldPassthrough: fe.fieldPassthrough,
        includeAllSourceFields: fe.includeAllSourceFields,
      }),
    };
    // Collections are immutable in what matters here (extractor and parameters).
    this.collections.set(item.collection_id, prepared);
    return prepared;
  }

  private async ensureIndexes(prepared: PreparedCollection): Promise<void> {
    for (const index of prepared.collection.vectorIndexes) {
      if (this.ensuredIndexes.has(index.name)) continue;
      await this.deps.vectors.ensureIndex(index);
      this.ensuredIndexes.add(index.name);
    }
  }

  /** Reads each item's inputs and runs the extractor; unreadable items become failed results. */
  private async extract(
    item: WorkItemV1,
    prepared: PreparedCollection,
    includeHistory: boolean,
    force: boolean,
    delivery: Delivery,
    startedAt: number,
    signal: AbortSignal,
  ): Promise<{
    records: DocumentRecord[];
    points: VectorPoint[];
    results: ExtractorResult[];
    perItemDocs: Map<string, number>;
    skipped: Set<string>;
    /** Sources that had documents in the collection before this run; null when not looked up (force). */
    hadDocuments: Set<string> | null;
    /** Items the extractor ran over (not skipped, inputs read). */
    ran: number;
  }> {
    const { collection } = prepared;
    const { sources, missing } = await this.loader.load(item, collection);
    const { skipped, hadDocuments } = force ? { skipped: new Set<string>(), hadDocuments: null } : await this.unchanged(item, prepared, sources);
    const inputs: ExtractorInput[] = [];
    const early = new Map<string, ExtractorResult>(missing);
    // A skipped item is a success that writes nothing: its documents are already what a run would write.
    for (const itemId of skipped) early.set(itemId, { itemId, ok: true, documents: [] });
    await Promise.all(
      [...sources.values()].filter((source) => !skipped.has(source.itemId)).map(async (source) => {
        try {
          const values = await this.loader.inputsOf(source, collection);
          inputs.push({ itemId: source.itemId, values });
        } catch (error) {
          early.set(source.itemId, {
            itemId: source.itemId,
            ok: false,
            error:
              error instanceof ExtractionError
                ? error
                : new ExtractionError(`reading inputs failed: ${(error as Error).message}`, categorize(error), 'read_inputs', { cause: error }),
          });
        }
      }),
    );
    // Inputs in the work item's order, so a run is reproducible whatever order reads finished in.
    const order = new Map(item.item_ids.map((id, i) => [id, i]));
    inputs.sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0));
    const context = { namespaceId: item.namespace_id, collectionId: collection.collectionId, objects: this.deps.objects, signal };
    const ran = inputs.length > 0 && !signal.aborted ? await prepared.extractor.run(inputs, prepared.params, context) : [];
    const byItem = new Map<string, ExtractorResult>(early);
    for (const r of ran) byItem.set(r.itemId, r);
    const results = item.item_ids.map(
      (itemId) =>
        byItem.get(itemId) ?? {
          itemId,
          ok: false as const,
          error: new ExtractionError('the extractor returned no result for this item', 'runtime', 'extract'),
        },
    );

    const now = isoNow(this.deps.clock);
    const { records, points, perItemDocs } = buildDocuments({
      item,
      collection,
      extractorKey: prepared.key,
      featureExtractorId: `${prepared.extractor.name}_${prepared.extractor.version}`,
      fingerprint: prepared.fingerprint,
      sources,
      results,
      skipped,
      history: includeHistory
        ? { startedAt: new Date(startedAt).toISOString(), completedAt: now, durationMs: this.deps.clock.now() - startedAt, attempt: delivery.attempt }
        : null,
      now,
    });
    return { records, points, results, perItemDocs, skipped, hadDocuments, ran: inputs.length };
  }

  /**
   * Documents of the re-processed sources that this run did not rewrite (e.g. a shortened text
   * now makes fewer chunks; ids are deterministic, so everything still produced was overwritten),
   * with what was derived from them downstream. Idempotent: a redelivery finds what is left.
   */
  private async deleteSurplus(namespaceId: string, collectionId: string, sourceIds: readonly string[], written: ReadonlySet<string>): Promise<number> {
    if (sourceIds.length === 0) return 0;
    const states = await this.deps.metadata.documents.sourceStates(namespaceId, collectionId, sourceIds);
    return this.deleteDocuments(namespaceId, collectionId, states.map((s) => s.documentId).filter((id) => !written.has(id)));
  }

  /**
   * Deletes documents and, first, the documents derived from them in downstream collections (so
   * an interrupted delete is found again through the parents); vectors before rows.
   */
  private async deleteDocuments(namespaceId: string, collectionId: string, documentIds: readonly string[]): Promise<number> {
    if (documentIds.length === 0) return 0;
    let deleted = 0;
    for (const downstream of await this.deps.metadata.collections.listBySourceCollections(namespaceId, [collectionId], { includeDisabled: true })) {
      const derived = await this.deps.metadata.documents.sourceStates(namespaceId, downstream.collectionId, documentIds);
      deleted += await this.deleteDocuments(namespaceId, downstream.collectionId, derived.map((d) => d.documentId));
    }
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId, ids: documentIds });
    for (const id of documentIds) if (await this.deps.metadata.documents.delete(namespaceId, collectionId, id)) deleted++;
    return deleted;
  }

  /**
   * Sources whose documents in this collection were all built from the same content with the same
   * extractor fingerprint: running them again would write the same documents
   * (docs/adr/0050-batch-policies.md); and the sources that had any document at all.
   */
  private async unchanged(
    item: WorkItemV1,
    prepared: PreparedCollection,
    sources: Map<string, SourceItem>,
  ): Promise<{ skipped: Set<string>; hadDocuments: Set<string> }> {
    const skipped = new Set<string>();
    if (sources.size === 0) return { skipped, hadDocuments: new Set() };
    const states = await this.deps.metadata.documents.sourceStates(item.namespace_id, prepared.collection.collectionId, [...sources.keys()]);
    const verdict = new Map<string, boolean>();
    for (const row of states) {
      const source = sources.get(row.sourceId);
      if (source === undefined) continue;
      // Written by this very batch = a redelivery: run again (idempotent) so the item is not
      // counted as skipped when an earlier attempt died after writing.
      const same = row.sourceHash === source.sourceHash && row.extractorFingerprint === prepared.fingerprint && row.batchId !== item.batch_id;
      verdict.set(row.sourceId, (verdict.get(row.sourceId) ?? true) && same);
    }
    for (const [sourceId, same] of verdict) if (same) skipped.add(sourceId);
    return { skipped, hadDocuments: new Set(verdict.keys()) };
  }

  private writtenEvent(item: WorkItemV1, documentIds: string[]): DomainEventV1<DocumentsWrittenMetadata> {
    return {
      event_id: derivedId('event', item.batch_id, item.tier, item.collection_id, item.chunk, 'documents.written'),
      event_type: 'collection.documents.written',
      occurred_at: isoNow(this.deps.clock),
      namespace_id: item.namespace_id,
      subject: { type: 'collection', id: item.collection_id },
      metadata: {
        collection_id: item.collection_id,
        batch_id: item.batch_id,
        tier: item.tier,
        document_count: documentIds.length,
        document_ids: documentIds.slice(0, MAX_EVENT_DOCUMENT_IDS),
        document_ids_truncated: documentIds.length > MAX_EVENT_DOCUMENT_IDS,
        // docs/adr/0021-webhook-signing-and-events.md: signature of this write and a link to the full list.
        index_signature: `sig_${createHash('sha256').update([item.collection_id, ...[...documentIds].sort()].join('\u001f')).digest('hex').slice(0, 24)}`,
        documents_url: `/v1/collections/${item.collection_id}/documents/list`,
      },
      version: 1,
    };
  }
}
