import type { ObjectsBulkCreatedMetadata } from '@strata/contracts';
import {
  AlreadyExistsError,
  Batch,
  Blob,
  Bucket,
  BucketFieldType,
  ConflictError,
  contentHash,
  derivedId,
  DomainError,
  isoNow,
  newId,
  NotFoundError,
  StoredObject,
  WritePolicy,
} from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { objectEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';
import { BlobWriter, checkBlobs, toBytes, uniqueKeyValueOf } from './blob-writer';
import { CreateObject, type CreateObjectCommand, resolveWritePolicy } from './create-object';

/** Objects per store transaction (and per object.bulk_created event) unless the caller says otherwise. */
export const BULK_CHUNK_DEFAULT = 500;
export const BULK_CHUNK_MAX = 1_000;
/** Per-line errors kept in the answer; the counts go on past it. */
export const BULK_ERRORS_SHOWN = 100;
/**
 * Blob writes in flight (object storage is I/O bound, one put per blob). They start as lines are
 * accepted, so reading and validating the next lines overlaps the writes of the earlier ones.
 */
const BLOB_WRITES_IN_FLIGHT = 32;

/** One decoded line of the request: a create command, or the reason it could not be decoded. */
export type BulkLine = { line: number; command: CreateObjectCommand } | { line: number; failure: DomainError };

export interface BulkCreateObjectsCommand {
  namespaceId: string;
  bucket: string;
  /** A DRAFT batch of the bucket: every created (or skip_duplicates-matched) object is added to it. */
  batchId: string | null;
  /** Objects per store transaction, 1..BULK_CHUNK_MAX. */
  chunkSize?: number;
}

export interface BulkLineError {
  line: number;
  error: string;
  errorType: string;
}

export interface BulkCreateObjectsResult {
  bucketId: string;
  batchId: string | null;
  lines: number;
  created: number;
  /** Lines that changed an existing object (unique key with ?policy=update|upsert semantics of the bucket). */
  updated: number;
  /** Lines answered by an existing object (skip_duplicates matched a blob's content). */
  existing: number;
  failed: number;
  /** The first BULK_ERRORS_SHOWN failures found, sorted by line. */
  errors: BulkLineError[];
  errorsTruncated: boolean;
  /** The batch's object count after the last chunk (null without batch_id). */
  batchObjectCount: number | null;
}

/** What a line's blob write came to: its stored blobs, or the domain error that fails the line. */
type Written = { blobs: Blob[] } | { error: unknown };

/** A line waiting for its chunk's transaction, its blobs being written. */
interface Pending {
  line: number;
  command: CreateObjectCommand;
  objectId: string;
  uniqueKeyValue: string | null;
  written: Promise<Written>;
}

type Deps = Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>;

/**
 * The bulk route's use case (docs/adr/0101-bulk-object-ingest.md): creates objects from a stream
 * of decoded lines, `chunkSize` at a time in one store write (`ObjectRepository.createMany`) with
 * one `object.bulk_created` event per chunk, and appends each chunk's ids to a DRAFT batch, so
 * neither the request body nor the created ids are ever held whole. A bad line is reported with
 * its number and does not stop the others. Unique keys follow the single create: a new key is
 * inserted in a chunk, an existing one goes through CreateObject (update, upsert, or a 409 line
 * for insert); a key twice in one chunk stores the chunk first so the second sees the first.
 */
export class BulkCreateObjects {
  private readonly buckets: GetBucket;
  private readonly blobs: BlobWriter;
  private readonly single: CreateObject;

  constructor(private readonly deps: Deps) {
    this.buckets = new GetBucket(deps);
    this.blobs = new BlobWriter(deps);
    this.single = new CreateObject(deps);
  }

  /**
   * Checks the bucket and the batch before the first line is read: an unknown bucket or batch is a
   * 404, a batch that is not DRAFT a 409, a bucket with a unique key and no default policy a 400.
   */
  async prepare(command: BulkCreateObjectsCommand): Promise<BulkRun> {
    const bucket = await this.buckets.execute(command.namespaceId, command.bucket);
    const policy = resolveWritePolicy(bucket, null);
    let batch: Batch | null = null;
    if (command.batchId !== null) {
      batch = await this.deps.metadata.batches.find(command.namespaceId, command.batchId);
      if (batch === null || batch.bucketId !== bucket.bucketId) throw new NotFoundError('batch', command.batchId);
      if (batch.status !== 'DRAFT') throw new ConflictError(`objects can only be added to a DRAFT batch; batch ${batch.batchId} is ${batch.status}`);
    }
    const chunkSize = Math.min(Math.max(command.chunkSize ?? BULK_CHUNK_DEFAULT, 1), BULK_CHUNK_MAX);
    return new BulkRun(this.deps, this.blobs, this.single, bucket, policy, batch, chunkSize);
  }

  async execute(command: BulkCreateObjectsCommand, lines: AsyncIterable<BulkLine>): Promise<BulkCreateObjectsResult> {
    return (await this.prepare(command)).run(lines);
  }
}

/** One request's pass over its lines; holds at most one chunk. */
export class BulkRun {
  private pending: Pending[] = [];
  private pendingKeys = new Set<string>();
  /** Content hashes of the pending chunk's inline blobs, so a skip_duplicates line sees them as stored. */
  private pendingHashes = new Set<string>();
  private readonly writing = new Set<Promise<Written>>();
  /** Existing objects answered by lines of this chunk (updated, or skip_duplicates), for the batch. */
  private answered: Array<{ line: number; objectId: string }> = [];
  private readonly result: BulkCreateObjectsResult;

  constructor(
    private readonly deps: Deps,
    private readonly blobs: BlobWriter,
    private readonly single: CreateObject,
    private readonly bucket: Bucket,
    private readonly policy: WritePolicy | null,
    private batch: Batch | null,
    private readonly chunkSize: number,
  ) {
    this.result = {
      bucketId: bucket.bucketId,
      batchId: batch?.batchId ?? null,
      lines: 0,
      created: 0,
      updated: 0,
      existing: 0,
      failed: 0,
      errors: [],
      errorsTruncated: false,
      batchObjectCount: batch?.objectCount ?? null,
    };
  }

  async run(lines: AsyncIterable<BulkLine>): Promise<BulkCreateObjectsResult> {
    try {
      await this.readAll(lines);
    } catch (error) {
      // The body broke off (client gone) or the store failed: the chunk not stored leaves no blobs behind.
      const chunk = this.pending;
      this.pending = [];
      for (const entry of chunk) {
        const written = await entry.written;
        if ('blobs' in written) await this.blobs.discard(written.blobs);
      }
      throw error;
    }
    // Blob failures are found when their chunk is stored, after later lines' decoding errors.
    this.result.errors.sort((a, b) => a.line - b.line);
    return this.result;
  }

  private async readAll(lines: AsyncIterable<BulkLine>): Promise<void> {
    for await (const item of lines) {
      this.result.lines += 1;
      if ('failure' in item) {
        this.fail(item.line, item.failure);
        continue;
      }
      try {
        await this.accept(item.line, item.command);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.fail(item.line, error);
      }
      if (this.pending.length + this.answered.length >= this.chunkSize) await this.flush();
    }
    await this.flush();
  }

  /** Decides the line's path: a new object joins the chunk; an existing one is answered now. */
  private async accept(line: number, command: CreateObjectCommand): Promise<void> {
    checkBlobs(this.bucket, command.blobs, command.metadata, true);
    const uniqueKeyValue = uniqueKeyValueOf(this.bucket, command.metadata);
    const objects = this.deps.metadata.objects;
    const hashes = command.blobs.flatMap((input) => {
      if (input.uploadId) return [];
      const type = (this.bucket.bucketSchema.properties[input.property] as { type: BucketFieldType }).type;
      return [contentHash(toBytes(input, type).bytes)];
    });
    if (command.skipDuplicates) {
      // Content held by the chunk: store it first, so the look-up finds it as the single create would.
      if (hashes.some((h) => this.pendingHashes.has(h))) await this.flush();
      for (const hash of hashes) {
        const duplicate = await objects.findByBlobHash(this.bucket.namespaceId, this.bucket.bucketId, hash);
        if (duplicate !== null) {
          this.result.existing += 1;
          this.answered.push({ line, objectId: duplicate.objectId });
          return;
        }
      }
    }
    if (uniqueKeyValue !== null) {
      // The chunk holds this key already: store it first so this line sees it as existing.
      if (this.pendingKeys.has(uniqueKeyValue)) await this.flush();
      const existing = await objects.findByUniqueKey(this.bucket.namespaceId, this.bucket.bucketId, uniqueKeyValue);
      if (existing !== null || this.policy === 'update') {
        // Update, upsert of an existing object, or the single create's 409/404: one object, its own event.
        const stored = await this.single.executeIn(this.bucket, { ...command, policy: this.policy });
        this.result.updated += 1;
        this.answered.push({ line, objectId: stored.objectId });
        return;
      }
      this.pendingKeys.add(uniqueKeyValue);
    }
    if (this.writing.size >= BLOB_WRITES_IN_FLIGHT) await Promise.race(this.writing);
    const objectId = newId('object');
    const written: Promise<Written> = this.blobs.write(this.bucket, objectId, command.blobs).then(
      (blobs) => ({ blobs }),
      (error: unknown) => ({ error }),
    );
    this.writing.add(written);
    void written.then(() => this.writing.delete(written));
    this.pending.push({ line, command, objectId, uniqueKeyValue, written });
    for (const hash of hashes) this.pendingHashes.add(hash);
  }

  /**
   * Stores the pending chunk (blobs, then the rows and one event in one write), then appends its
   * objects and the existing ones its lines answered to the batch in one call, in line order.
   */
  private async flush(): Promise<void> {
    const chunk = this.pending;
    const answered = this.answered;
    this.pending = [];
    this.answered = [];
    this.pendingKeys = new Set();
    this.pendingHashes = new Set();
    const stored = chunk.length === 0 ? [] : await this.store(chunk);
    const forBatch = [...stored.map((s) => ({ line: s.line, objectId: s.object.objectId })), ...answered].sort((a, b) => a.line - b.line);
    await this.addToBatch(
      forBatch.map((e) => e.objectId),
      forBatch.map((e) => e.line),
    );
  }

  private async store(chunk: readonly Pending[]): Promise<Array<{ line: number; object: StoredObject }>> {
    const written = await this.writeBlobs(chunk);
    if (written.length === 0) return [];
    const now = isoNow(this.deps.clock);
    const objects = written.map(({ entry, blobs }): StoredObject => ({
      namespaceId: this.bucket.namespaceId,
      bucketId: this.bucket.bucketId,
      objectId: entry.objectId,
      keyPrefix: entry.command.keyPrefix,
      metadata: entry.command.metadata,
      blobs,
      uniqueKeyValue: entry.uniqueKeyValue,
      createdAt: now,
      updatedAt: now,
    }));
    const events = [outboxMessage(this.bulkEvent(objects, now))];
    let stored: Array<{ line: number; object: StoredObject }> = [];
    try {
      await this.deps.metadata.objects.createMany(objects, events);
      await publishLifecycle(this.deps, events);
      stored = objects.map((object, i) => ({ line: written[i]?.entry.line as number, object }));
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) {
        await this.blobs.discard(written.flatMap((w) => w.blobs));
        throw error;
      }
      // A concurrent writer took one of the chunk's keys after the look-up: one object at a time,
      // each with its own object.created, so only the clashing lines fail.
      stored = await this.oneByOne(written.map((w, i) => ({ line: w.entry.line, blobs: w.blobs, object: objects[i] as StoredObject })));
    }
    this.result.created += stored.length;
    return stored;
  }

  /** Waits for the chunk's blob writes; a line whose blob could not be written fails alone. */
  private async writeBlobs(chunk: readonly Pending[]): Promise<Array<{ entry: Pending; blobs: Blob[] }>> {
    const out: Array<{ entry: Pending; blobs: Blob[] }> = [];
    let unexpected: unknown = null;
    for (const entry of chunk) {
      const written = await entry.written;
      if ('blobs' in written) out.push({ entry, blobs: written.blobs });
      else if (written.error instanceof DomainError) this.fail(entry.line, written.error);
      else unexpected ??= written.error;
    }
    if (unexpected !== null) {
      await this.blobs.discard(out.flatMap((w) => w.blobs));
      throw unexpected;
    }
    return out;
  }

  private async oneByOne(entries: ReadonlyArray<{ line: number; blobs: Blob[]; object: StoredObject }>): Promise<Array<{ line: number; object: StoredObject }>> {
    const stored: Array<{ line: number; object: StoredObject }> = [];
    for (const { line, blobs, object } of entries) {
      const events = [outboxMessage(objectEvent('object.created', object, object.createdAt))];
      try {
        await this.deps.metadata.objects.create(object, events);
        await publishLifecycle(this.deps, events);
        stored.push({ line, object });
      } catch (error) {
        await this.blobs.discard(blobs);
        if (!(error instanceof AlreadyExistsError)) throw error;
        this.fail(line, new AlreadyExistsError(`an object with this unique key already exists; use POST .../objects?policy=update or upsert to change it`));
      }
    }
    return stored;
  }

  /**
   * Appends ids to the batch (positions follow line order; an id the batch holds takes none). A
   * batch submitted meanwhile takes no more: the objects stay created and each such line says so.
   */
  private async addToBatch(objectIds: readonly string[], lines: readonly number[]): Promise<void> {
    if (this.batch === null || objectIds.length === 0) return;
    const updated = await this.deps.metadata.batches.addObjects(this.bucket.namespaceId, this.batch.batchId, objectIds, isoNow(this.deps.clock));
    if (updated !== null) {
      this.result.batchObjectCount = updated.objectCount;
      return;
    }
    const batchId = this.batch.batchId;
    lines.forEach((line, i) =>
      this.fail(line, new ConflictError(`object ${objectIds[i] ?? ''} was stored but not added to batch ${batchId}: the batch left DRAFT during the request`), false),
    );
    this.batch = null;
  }

  private fail(line: number, error: DomainError, counts = true): void {
    if (counts) this.result.failed += 1;
    if (this.result.errors.length < BULK_ERRORS_SHOWN) this.result.errors.push({ line, error: error.message, errorType: error.type });
    else this.result.errorsTruncated = true;
  }

  private bulkEvent(objects: readonly StoredObject[], at: string) {
    const ids = objects.map((o) => o.objectId);
    const metadata: ObjectsBulkCreatedMetadata = {
      bucket_id: this.bucket.bucketId,
      namespace_id: this.bucket.namespaceId,
      batch_id: this.batch?.batchId ?? null,
      object_count: ids.length,
      object_ids: ids,
    };
    return {
      // The first id is new for each chunk, so the chunk's event id is stable across the writer's and the relay's publish.
      event_id: derivedId('event', ids[0] ?? '', 'object.bulk_created', at),
      event_type: 'object.bulk_created' as const,
      occurred_at: at,
      namespace_id: this.bucket.namespaceId,
      subject: { type: 'bucket' as const, id: this.bucket.bucketId },
      metadata,
      version: 1 as const,
    };
  }
}
