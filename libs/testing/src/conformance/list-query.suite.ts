import { type ListRequest, bucketRecord, collectionRecord, documentRecord, namespaceRecord, objectRecord, parseFilter, runListRequest, uploadRecord } from '@strata/contracts';
import { Bucket, Collection, DocumentRecord, Namespace, StoredObject, Upload, newId } from '@strata/domain';
import type { MetadataStore } from '@strata/ports';

/*
 * Filters, search and sort run by the store (documents/objects/namespaces/buckets/uploads/collections.query; docs/adr/0079): every
 * request below must give what the reference evaluation over the public records gives
 * (runListRequest in libs/contracts), page and total included. A store that cannot run a request
 * answers null (the API then scans); the suite records which ones.
 */

const T0 = '2026-11-29T12:00:00.000Z';

function at(i: number): string {
  return new Date(Date.parse(T0) + i * 1000).toISOString();
}

const PAYLOADS: Array<Record<string, unknown>> = [
  { text: 'Alpha harbour', n: 5, tags: ['red', 'Blue'], flag: true, nested: { k: 'x', deep: { v: 1 } }, empty: null },
  { text: 'beta HARBOUR fog', n: 12, tags: ['green'], flag: false, nested: { k: 'y' } },
  { text: 'gamma', n: 5.5, tags: [], nested: { k: 'X' }, title: 'Ünïcode ÄBC' },
  { text: 'delta pier', n: '12', tags: ['red'], flag: true, obj: { a: 1, b: [1, 2] } },
  { n: -3, tags: 'red', title: 'no text here', empty: null },
  { text: 'epsilon', n: 100, tags: ['RED', 'blue'], nested: { k: 'x' }, document_id: 'shadowed', created: '2026-01-02' },
  { text: "quote ' \" ; DROP TABLE documents; --", n: 0, tags: ['x'] },
  // Arrays of objects (a path never steps into an array), mixed kinds, null against missing.
  { text: 'zeta', n: null, tags: [{ k: 'x' }, 'red', 7], flag: 'true', nested: [{ k: 'x' }], items: [{ k: 'x', v: 1 }], empty: 'set', title: 'ÜNÏCODE kelvin' },
  {
    text: 'eta',
    n: true,
    tags: ['green', ['red']],
    nested: { k: 'x', deep: [1, 2] },
    obj: { b: [1, 2], a: 1 },
    items: { k: 'x' },
    // Search visits strings to depth 10 (the record is depth 0).
    deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: 'depth10', j: { k: 'depth11' } } } } } } } } } },
  },
];

/** Filters (as clients send them) run against every store, each compared with the reference. */
const FILTERS: unknown[] = [
  { text: 'alpha harbour' },
  { field: 'text', operator: 'eq', value: 'alpha harbour', case_sensitive: true },
  { field: 'text', operator: 'eq', value: 'Alpha harbour', case_sensitive: true },
  { n: 5 },
  { n: '12' },
  { flag: true },
  { flag: false },
  { empty: null },
  { tags: 'red' },
  { tags: ['red', 'Blue'] },
  { field: 'tags', operator: 'eq', value: 'red', case_sensitive: true },
  { field: 'n', operator: 'ne', value: 5 },
  { field: 'tags', operator: 'ne', value: 'red' },
  { field: 'n', operator: 'gt', value: 5 },
  { field: 'n', operator: 'gte', value: 5 },
  { field: 'n', operator: 'lt', value: 5.5 },
  { field: 'n', operator: 'lte', value: '12' },
  { field: 'text', operator: 'gt', value: 'beta' },
  { field: '_internal.created_at', operator: 'gte', value: at(3) },
  { field: 'n', operator: 'in', value: [5, '12', 100] },
  { field: 'tags', operator: 'in', value: ['green', 'BLUE'] },
  { field: 'tags', operator: 'nin', value: ['red'] },
  { field: 'n', operator: 'in', value: [] },
  { field: 'n', operator: 'nin', value: [] },
  { field: 'text', operator: 'contains', value: 'HARBOUR' },
  { field: 'text', operator: 'contains', value: 'HARBOUR', case_sensitive: true },
  { field: 'tags', operator: 'contains', value: 'blue' },
  { field: 'text', operator: 'contains', value: '' },
  { field: 'text', operator: 'starts_with', value: 'BETA' },
  { field: 'text', operator: 'ends_with', value: 'PIER' },
  { field: 'title', operator: 'starts_with', value: 'ünï' },
  { field: 'title', operator: 'contains', value: 'äbc' },
  { field: 'text', operator: 'regex', value: '^[a-d].*(harbour|pier)' },
  { field: 'text', operator: 'regex', value: 'HARBOUR$', case_sensitive: true },
  { field: 'flag', operator: 'exists' },
  { field: 'flag', operator: 'exists', value: false },
  { field: 'empty', operator: 'is_null' },
  { field: 'empty', operator: 'is_null', value: false },
  { field: 'nested.k', operator: 'eq', value: 'x' },
  { field: 'nested.deep.v', operator: 'eq', value: 1 },
  { field: 'nested', operator: 'eq', value: { k: 'y' } },
  { field: 'obj.b', operator: 'eq', value: [1, 2] },
  { field: 'tags.0', operator: 'eq', value: 'red' },
  { field: 'document_id', operator: 'eq', value: 'shadowed' },
  { field: 'created', operator: 'exists' },
  { field: '_internal.metadata.batch_id', operator: 'eq', value: 'BTCH_B' },
  { field: '_internal.metadata.batch_id', operator: 'in', value: ['btch_a', 'x'] },
  { field: '_internal.metadata.batch_id', operator: 'nin', value: ['BTCH_A'] },
  { field: 'document_id', operator: 'ne', value: 'DOC_LQ_1' },
  { field: 'document_id', operator: 'eq', value: 5 },
  { field: 'document_id', operator: 'ends_with', value: '_3' },
  { field: 'document_id', operator: 'contains', value: 'LQ_4' },
  { field: '_internal.updated_at', operator: 'exists', value: false },
  { field: '_internal.created_at', operator: 'is_null', value: false },
  { OR: [{ document_id: 'doc_lq_1' }, { NOT: [{ field: '_internal.created_at', operator: 'lt', value: at(5) }] }] },
  { field: '_internal.metadata.ingestion_status', operator: 'eq', value: 'completed' },
  { field: '_internal.lineage.root_object_id', operator: 'starts_with', value: 'obj_' },
  { field: '_internal.lineage.source_collection_id', operator: 'is_null' },
  { field: '_internal.lineage.chain', operator: 'eq', value: [] },
  { field: 'internal_metadata.processing_history', operator: 'exists' },
  { AND: [{ n: 5 }, { field: 'flag', operator: 'eq', value: true }] },
  { OR: [{ n: 5 }, { tags: 'green' }] },
  { OR: [] },
  { NOT: [{ tags: 'red' }, { n: 12 }] },
  { n: 5, flag: true },
  { AND: [{ OR: [{ text: 'gamma' }, { NOT: [{ field: 'text', operator: 'exists' }] }] }, { field: 'n', operator: 'lt', value: 10 }] },
  // Hostile field names and values: parameters, never SQL.
  { field: 'text', operator: 'eq', value: "quote ' \" ; DROP TABLE documents; --" },
  { field: 'text', operator: 'contains', value: "'); DROP TABLE documents; --" },
  { field: 'n', operator: 'in', value: ["1) OR 1=1 --", 0] },
  { field: 'text', operator: 'regex', value: "' OR 1=1 --" },
  // Paths through arrays find nothing; array elements are compared only by eq, in/nin and contains.
  { 'items.k': 'x' },
  { field: 'items.0.k', operator: 'exists' },
  { field: 'nested.deep.0', operator: 'eq', value: 1 },
  { field: 'nested.k', operator: 'exists', value: false },
  { field: 'tags', operator: 'eq', value: { k: 'x' } },
  { field: 'tags', operator: 'eq', value: 7 },
  { field: 'tags', operator: 'eq', value: ['red'] },
  { field: 'tags', operator: 'in', value: [7, null] },
  { field: 'tags', operator: 'nin', value: ['green'] },
  { field: 'tags', operator: 'contains', value: 7 },
  { field: 'tags', operator: 'contains', value: 'RE' },
  { field: 'tags', operator: 'starts_with', value: 're' },
  { field: 'tags', operator: 'gt', value: 'a' },
  { field: 'tags', operator: 'ne', value: ['red'] },
  // Kinds: a string 'true' is not a boolean, a boolean not a number, null not missing.
  { flag: 'TRUE' },
  { field: 'flag', operator: 'ne', value: true },
  { field: 'n', operator: 'gte', value: 0 },
  { field: 'n', operator: 'eq', value: null },
  { field: 'n', operator: 'ne', value: null },
  { field: 'n', operator: 'nin', value: [null, 5] },
  { field: 'n', operator: 'is_null' },
  { field: 'empty', operator: 'exists' },
  { field: 'empty', operator: 'ne', value: 'set' },
  { field: 'missing_field', operator: 'ne', value: 'x' },
  { field: 'missing_field', operator: 'nin', value: ['x'] },
  { field: 'missing_field.deeper', operator: 'is_null' },
  // Names of Object.prototype's members are fields like any other (absent here).
  { field: '_internal.constructor', operator: 'exists' },
  { field: 'toString', operator: 'is_null', value: false },
  { field: '_internal.metadata.hasOwnProperty', operator: 'ne', value: 1 },
  // Strings: code points when case-sensitive; ASCII values fold stored non-ASCII text.
  { field: 'title', operator: 'starts_with', value: 'Ünï', case_sensitive: true },
  { field: 'title', operator: 'ends_with', value: 'ÄBC', case_sensitive: true },
  { field: 'title', operator: 'contains', value: 'CODE' },
  { field: 'title', operator: 'ends_with', value: 'KELVIN' },
  { field: 'title', operator: 'gt', value: 'Ü' },
  { field: 'text', operator: 'starts_with', value: '' },
  { field: 'text', operator: 'ends_with', value: 'a' },
  { field: 'text', operator: 'contains', value: '$where' },
  // A document written through the API belongs to no batch: its batch id is null.
  { field: '_internal.metadata.batch_id', operator: 'is_null' },
  { field: '_internal.metadata.batch_id', operator: 'eq', value: '' },
  { field: '_internal.metadata.batch_id', operator: 'lt', value: 'btch_b' },
  { field: '_internal.metadata.batch_id', operator: 'ne', value: 'btch_a' },
  { field: '_internal.metadata.batch_id', operator: 'starts_with', value: '' },
];

/** Objects equal only with their keys in the same order (the reference compares JSON): run where the store compares so. */
const KEY_ORDER_FILTERS: unknown[] = [
  { field: 'obj', operator: 'eq', value: { a: 1, b: [1, 2] } },
  { field: 'obj', operator: 'in', value: [{ a: 1, b: [1, 2] }, 'x'] },
  { field: 'obj', operator: 'ne', value: { b: [1, 2], a: 1 } },
];

const SORTS = [
  [{ field: 'n', direction: 'asc' as const }],
  [{ field: 'n', direction: 'desc' as const }],
  [{ field: 'text', direction: 'asc' as const }],
  [{ field: 'text', direction: 'desc' as const }, { field: 'n' }],
  [{ field: 'nested.k' }, { field: '_internal.created_at', direction: 'desc' as const }],
  [{ field: '_internal.updated_at', direction: 'desc' as const }],
  // Mixed kinds: numbers, strings, booleans, then objects/arrays; missing and null last either way.
  [{ field: 'flag', direction: 'desc' as const }],
  [{ field: 'empty' }, { field: 'text', direction: 'desc' as const }],
  [{ field: 'title', direction: 'desc' as const }],
  [{ field: 'items' }],
  [{ field: 'nested' }, { field: 'n', direction: 'desc' as const }],
  [{ field: 'tags', direction: 'desc' as const }],
  [{ field: '_internal.metadata.batch_id', direction: 'desc' as const }, { field: 'n' }],
  [{ field: '_internal.metadata.batch_id' }],
];

function request(part: Partial<ListRequest>): ListRequest {
  return { filter: null, sort: [], search: null, caseSensitive: false, offset: 0, limit: 100, ...part };
}

/**
 * `all`: the store runs every request. Otherwise the store runs every request except those
 * `scans` names (given the request and the records the reference matches): it may answer null for
 * those (the API scans), and must give the reference's answer whenever it does not.
 */
export type ListQuerySupport = 'all' | { scans: (request: ListRequest, matched: readonly Record<string, unknown>[]) => boolean };

export function listQueryConformance(ctx: {
  stores: () => { a: MetadataStore; b: MetadataStore };
  ns: () => string;
  bucketId: () => string;
  support: ListQuerySupport;
  objectKeyOrder: boolean;
}): void {
  describe('filters, search and sort in the store', () => {
    const collectionId = 'col_listq';

    function documents(): DocumentRecord[] {
      return PAYLOADS.map((payload, i) => ({
        namespaceId: ctx.ns(),
        collectionId,
        documentId: `doc_lq_${i}`,
        objectId: `obj_${i}`,
        // The last one was written through the API: no batch ('' in the stores, null in the record).
        batchId: i === PAYLOADS.length - 1 ? '' : i % 2 === 0 ? 'btch_a' : 'btch_b',
        featureExtractorId: 'text_extractor_v1',
        payload,
        lineage: { rootObjectId: `obj_${i}`, rootBucketId: ctx.bucketId(), sourceType: 'bucket', sourceObjectId: `obj_${i}`, sourceDocumentId: null, path: 'p' },
        processingHistory: [{ operation: 'extract', extractor: 'text_extractor@v1', batchId: 'btch_a', tier: 0, startedAt: at(i), completedAt: at(i), durationMs: i, attempt: 1 }],
        sourceHash: null,
        extractorFingerprint: null,
        // Two documents share a created_at: ties keep the list order (created_at, then id).
        createdAt: at(i === 3 ? 2 : i),
        updatedAt: at(20 - i),
      }));
    }

    /** A listed record's id: the first of these it has (an upload also names its object). */
    type Row = { documentId?: string; uploadId?: string; objectId?: string | null; collectionId?: string; bucketId?: string; namespaceId?: string };
    async function check(query: (r: ListRequest) => Promise<{ results: Row[]; total: number } | null>, all: { id: string; record: Record<string, unknown> }[], r: ListRequest, label: string) {
      const got = await query(r);
      if (got === null) {
        const matched = runListRequest(all, (x) => x.record, { ...r, offset: 0, limit: all.length }).results.map((x) => x.record);
        const mayScan = ctx.support !== 'all' && ctx.support.scans(r, matched);
        expect({ label, run: mayScan ? 'may scan' : 'not run by the store' }).toEqual({ label, run: 'may scan' });
        return 'not run';
      }
      const want = runListRequest(all, (x) => x.record, r);
      expect({ label, total: got.total, ids: got.results.map((x) => x.documentId ?? x.uploadId ?? x.objectId ?? x.collectionId ?? x.bucketId ?? x.namespaceId) }).toEqual({ label, total: want.total, ids: want.results.map((x) => x.id) });
      return 'run';
    }

    /** Every request ran where the store runs all; elsewhere some ran (and `check` vetted those that did not). */
    function expectOutcomes(outcomes: Set<string>): void {
      if (ctx.support === 'all') expect([...outcomes]).toEqual(['run']);
      else expect(outcomes.has('run')).toBe(true);
    }

    it('documents: every operator, AND/OR/NOT, search, sort and paging give the reference results', async () => {
      const { a, b } = ctx.stores();
      const docs = documents();
      await a.documents.upsertMany(docs);
      const stored = await b.documents.list(ctx.ns(), collectionId, { offset: 0, limit: 100 });
      const all = stored.results.map((d) => ({ id: d.documentId, record: documentRecord(d) }));
      expect(all).toHaveLength(PAYLOADS.length);
      const query = (r: ListRequest) => b.documents.query(ctx.ns(), collectionId, r);
      const outcomes = new Set<string>();
      for (const [i, f] of FILTERS.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `filter ${i} ${JSON.stringify(f)}`));
      if (ctx.objectKeyOrder) {
        for (const [i, f] of KEY_ORDER_FILTERS.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `key order filter ${i} ${JSON.stringify(f)}`));
      }
      for (const [i, sort] of SORTS.entries()) outcomes.add(await check(query, all, request({ sort }), `sort ${i}`));
      for (const search of ['harbour', 'HARBOUR', 'btch_b', '12', 'text_extractor@v1', 'completed', 'nothing-matches']) {
        outcomes.add(await check(query, all, request({ search }), `search ${search}`));
      }
      outcomes.add(await check(query, all, request({ search: 'HARBOUR', caseSensitive: true }), 'search case-sensitive'));
      // Keys are not searched; a payload field the system fields overlay is not either.
      for (const search of ['shadowed', 'nested', 'depth10', 'depth11', 'KELVIN', 'ünï', '$where', 'btch_']) {
        outcomes.add(await check(query, all, request({ search }), `search ${search}`));
      }
      outcomes.add(await check(query, all, request({ search: 'ÜNÏ', caseSensitive: true }), 'search case-sensitive non-ASCII'));
      outcomes.add(await check(query, all, request({ filter: parseFilter({ field: 'n', operator: 'gte', value: 0 }), sort: SORTS[1], offset: 1, limit: 2 }), 'page'));
      outcomes.add(await check(query, all, request({ filter: parseFilter({ tags: 'red' }), search: 'pier' }), 'filter and search'));
      // Ties (two documents share a created_at) keep the list order, on every page.
      for (const offset of [0, 1, 2, 3]) {
        outcomes.add(await check(query, all, request({ sort: [{ field: '_internal.created_at', direction: 'desc' }], offset, limit: 2 }), `sort page ${offset}`));
      }
      expectOutcomes(outcomes);
      // The hostile values left the table as it was.
      expect((await b.documents.list(ctx.ns(), collectionId, { offset: 0, limit: 100 })).total).toBe(PAYLOADS.length);
      // Another namespace or collection sees nothing.
      const other = await b.documents.query('ns_other', collectionId, request({ filter: parseFilter({ n: 5 }) }));
      if (other !== null) expect(other).toEqual({ results: [], total: 0 });
    });

    it('objects: metadata, rebuilt public fields (blobs, content_hash, status), search and sort give the reference results', async () => {
      const { a, b } = ctx.stores();
      const make = (i: number, metadata: Record<string, unknown>, blobs: StoredObject['blobs']): StoredObject => ({
        namespaceId: ctx.ns(),
        bucketId: ctx.bucketId(),
        objectId: `obj_lq_${i}_${newId('object').slice(4, 10)}`,
        keyPrefix: i % 2 === 0 ? null : `k/${i}`,
        metadata,
        blobs,
        uniqueKeyValue: null,
        createdAt: at(i),
        updatedAt: at(10 - i),
      });
      const blob = (hash: string, sizeBytes: number, filename: string | null) => ({ blobId: `blob_${hash}`, property: 'content', type: 'text' as const, storageKey: 'k', filename, mimeType: 'text/plain', sizeBytes, hash });
      const objects = [
        make(0, { sku: 'A-1', price: 10, tags: ['sale'] }, [blob('sha256:aa', 5, 'a.txt')]),
        make(1, { sku: 'a-2', price: 25.5 }, [blob('sha256:bb', 50, null), blob('sha256:cc', 7, 'c.txt')]),
        make(2, { sku: 'B-1', price: '10', campaign: { id: 'spring' } }, []),
        make(3, {}, [blob('sha256:dd', 1, 'd.TXT')]),
      ];
      for (const o of objects) await a.objects.create(o);
      const stored = await b.objects.list(ctx.ns(), ctx.bucketId(), { offset: 0, limit: 100 });
      const all = stored.results.map((o) => ({ id: o.objectId, record: objectRecord(o) }));
      const query = (r: ListRequest) => b.objects.query(ctx.ns(), ctx.bucketId(), r);
      const filters: unknown[] = [
        { 'metadata.sku': 'a-1' },
        { field: 'metadata.price', operator: 'gte', value: 10 },
        { field: 'metadata.price', operator: 'eq', value: '10' },
        { field: 'metadata.tags', operator: 'contains', value: 'SALE' },
        { field: 'metadata.campaign.id', operator: 'exists' },
        { field: 'key_prefix', operator: 'is_null' },
        { field: 'key_prefix', operator: 'starts_with', value: 'K/' },
        { field: 'content_hash', operator: 'eq', value: 'sha256:bb' },
        { field: 'content_hash', operator: 'is_null' },
        { status: 'draft' },
        { field: 'error', operator: 'is_null' },
        { field: 'source_details', operator: 'exists' },
        { field: 'blobs', operator: 'eq', value: [] },
        { field: 'object_id', operator: 'starts_with', value: 'OBJ_LQ_1' },
        { field: 'created_at', operator: 'lt', value: at(2) },
        { NOT: [{ field: 'metadata.sku', operator: 'regex', value: '^a-' }] },
        { field: "metadata.x", operator: 'eq', value: "'; DELETE FROM objects; --" },
        { field: 'constructor', operator: 'exists' },
        { field: 'metadata.constructor', operator: 'exists' },
      ];
      const outcomes = new Set<string>();
      for (const [i, f] of filters.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `object filter ${i} ${JSON.stringify(f)}`));
      for (const sort of [[{ field: 'metadata.price' }], [{ field: 'updated_at', direction: 'asc' as const }], [{ field: 'content_hash', direction: 'desc' as const }]]) {
        outcomes.add(await check(query, all, request({ sort }), `object sort ${JSON.stringify(sort)}`));
      }
      for (const search of ['d.txt', 'spring', 'DRAFT', '25.5', 'sha256:cc']) outcomes.add(await check(query, all, request({ search }), `object search ${search}`));
      expectOutcomes(outcomes);
      expect((await b.objects.list(ctx.ns(), ctx.bucketId(), { offset: 0, limit: 100 })).total).toBe(objects.length);
    });

    it('namespaces: names, descriptions and timestamps (all columns), search and sort give the reference results', async () => {
      const { a, b } = ctx.stores();
      const tag = newId('namespace').slice(3, 11);
      const made: Namespace[] = [
        { namespaceId: `ns_lq${tag}0`, namespaceName: `lq-${tag}-Alpha`, description: 'Harbour data', createdAt: at(1), updatedAt: at(9) },
        { namespaceId: `ns_lq${tag}1`, namespaceName: `lq-${tag}-beta`, description: null, createdAt: at(2), updatedAt: at(8) },
        { namespaceId: `ns_lq${tag}2`, namespaceName: `lq-${tag}-gamma_2`, description: 'Ünïcode pier', createdAt: at(2), updatedAt: at(7) },
      ];
      for (const n of made) await a.namespaces.create(n);
      try {
        const stored = await b.namespaces.list({ offset: 0, limit: 10_000 });
        const all = stored.results.map((n) => ({ id: n.namespaceId, record: namespaceRecord(n) }));
        const query = (r: ListRequest) => b.namespaces.query(r);
        const mine = { field: 'namespace_name', operator: 'starts_with', value: `LQ-${tag}` };
        const filters: unknown[] = [
          mine,
          { namespace_name: `lq-${tag}-alpha` },
          { field: 'namespace_name', operator: 'eq', value: `lq-${tag}-alpha`, case_sensitive: true },
          { field: 'namespace_id', operator: 'in', value: [`ns_lq${tag}1`, `NS_LQ${tag}2`] },
          { AND: [mine, { field: 'description', operator: 'is_null' }] },
          { AND: [mine, { field: 'description', operator: 'contains', value: 'HARBOUR' }] },
          { AND: [mine, { field: 'description', operator: 'starts_with', value: 'ünï' }] },
          { AND: [mine, { field: 'namespace_name', operator: 'regex', value: '-(alpha|beta)$' }] },
          { AND: [mine, { NOT: [{ field: 'created_at', operator: 'lt', value: at(2) }] }] },
          { AND: [mine, { OR: [{ field: 'updated_at', operator: 'gte', value: at(9) }, { field: 'namespace_name', operator: 'ends_with', value: '_2' }] }] },
          { AND: [mine, { field: 'namespace_name', operator: 'ne', value: `lq-${tag}-beta` }] },
          { field: 'namespace_name.x', operator: 'exists' },
          { field: 'description', operator: 'eq', value: "'; DROP TABLE namespaces; --" },
        ];
        const outcomes = new Set<string>();
        for (const [i, f] of filters.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `namespace filter ${i} ${JSON.stringify(f)}`));
        for (const sort of [[{ field: 'namespace_name', direction: 'desc' as const }], [{ field: 'description' }], [{ field: 'created_at', direction: 'desc' as const }]]) {
          outcomes.add(await check(query, all, request({ filter: parseFilter(mine), sort }), `namespace sort ${JSON.stringify(sort)}`));
        }
        outcomes.add(await check(query, all, request({ filter: parseFilter(mine), sort: [{ field: 'created_at' }], offset: 1, limit: 1 }), 'namespace page'));
        for (const search of ['harbour', `${tag}-BETA`, 'pier']) outcomes.add(await check(query, all, request({ search }), `namespace search ${search}`));
        expectOutcomes(outcomes);
      } finally {
        for (const n of made) await a.namespaces.delete(n.namespaceId);
      }
    });

    it('buckets: names, metadata, schema and the unique key (rebuilt), search and sort give the reference results', async () => {
      const { a, b } = ctx.stores();
      const make = (i: number, part: Partial<Bucket>): Bucket => ({
        namespaceId: ctx.ns(),
        bucketId: `bkt_lq_${i}_${newId('bucket').slice(4, 10)}`,
        bucketName: `lq-${i}`,
        description: null,
        bucketSchema: { properties: { content: { type: 'text' } } },
        uniqueKey: null,
        metadata: {},
        createdAt: at(i),
        updatedAt: at(10 - i),
        ...part,
      });
      const buckets = [
        make(1, { bucketName: 'Products', description: 'Shop catalogue', metadata: { team: 'Retail', tier: 2, tags: ['shop'] }, uniqueKey: { fields: ['sku'], defaultPolicy: 'upsert' } }),
        make(2, { bucketName: 'videos.raw', metadata: { team: 'media', tier: 1 }, bucketSchema: { properties: { video: { type: 'video', description: 'the clip' } } } }),
        make(3, { bucketName: 'docs_2', description: 'Ünïcode ÄBC', uniqueKey: { fields: ['a', 'b'], defaultPolicy: null } }),
      ];
      for (const x of buckets) await a.buckets.create(x);
      const stored = await b.buckets.list(ctx.ns(), { offset: 0, limit: 100 });
      const all = stored.results.map((x) => ({ id: x.bucketId, record: bucketRecord(x) }));
      const query = (r: ListRequest) => b.buckets.query(ctx.ns(), r);
      const filters: unknown[] = [
        { bucket_name: 'products' },
        { field: 'bucket_name', operator: 'starts_with', value: 'VIDEOS.' },
        { field: 'bucket_id', operator: 'starts_with', value: 'bkt_lq_2' },
        { 'metadata.team': 'retail' },
        { field: 'metadata.tier', operator: 'gt', value: 1 },
        { field: 'metadata.tags', operator: 'contains', value: 'SHOP' },
        { field: 'metadata.team', operator: 'exists', value: false },
        { field: 'description', operator: 'is_null' },
        { field: 'description', operator: 'contains', value: 'äbc' },
        { status: 'active' },
        { field: 'unique_key', operator: 'is_null' },
        { 'unique_key.fields': 'b' },
        { 'unique_key.default_policy': 'UPSERT' },
        { field: 'unique_key.default_policy', operator: 'is_null' },
        { field: 'bucket_schema.properties.video.type', operator: 'eq', value: 'video' },
        { field: 'bucket_schema.properties.content', operator: 'exists' },
        { OR: [{ field: 'created_at', operator: 'gte', value: at(3) }, { NOT: [{ field: 'updated_at', operator: 'lt', value: at(9) }] }] },
        { field: 'bucket_name', operator: 'regex', value: '^[a-z]+_\\d$' },
        { field: 'metadata.x', operator: 'eq', value: "'; DELETE FROM buckets; --" },
      ];
      const outcomes = new Set<string>();
      for (const [i, f] of filters.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `bucket filter ${i} ${JSON.stringify(f)}`));
      for (const sort of [[{ field: 'bucket_name' }], [{ field: 'metadata.tier', direction: 'desc' as const }], [{ field: 'updated_at', direction: 'asc' as const }], [{ field: 'description', direction: 'desc' as const }]]) {
        outcomes.add(await check(query, all, request({ sort }), `bucket sort ${JSON.stringify(sort)}`));
      }
      outcomes.add(await check(query, all, request({ sort: [{ field: 'bucket_name' }], offset: 1, limit: 2 }), 'bucket page'));
      for (const search of ['catalogue', 'MEDIA', 'sku', 'the clip', 'ACTIVE', 'upsert']) outcomes.add(await check(query, all, request({ search }), `bucket search ${search}`));
      expectOutcomes(outcomes);
      // Another namespace sees none of them.
      const other = await b.buckets.query('ns_other', request({ filter: parseFilter({ status: 'active' }) }));
      if (other !== null) expect(other).toEqual({ results: [], total: 0 });
      expect((await b.buckets.list(ctx.ns(), { offset: 0, limit: 100 })).total).toBe(buckets.length + 1);
    });

    it('uploads: the public record rebuilt from the stored body (sizes, hashes, flags, expiry), search and sort give the reference results', async () => {
      const { a, b } = ctx.stores();
      const make = (i: number, part: Partial<Upload>): Upload => ({
        namespaceId: ctx.ns(),
        bucketId: ctx.bucketId(),
        uploadId: `upl_lq${i}${newId('upload').slice(4, 10)}`,
        filename: `file-${i}.txt`,
        contentType: 'text/plain',
        fileSizeBytes: null,
        fileHash: null,
        storageKey: `k/${i}`,
        status: 'PENDING',
        receivedBytes: null,
        receivedHash: null,
        metadata: {},
        objectMetadata: {},
        blobProperty: null,
        blobType: null,
        createObjectOnConfirm: true,
        skipDuplicates: false,
        objectId: null,
        expiresAt: new Date(Date.parse(at(i)) + 3_600_000 + i * 500).toISOString(),
        createdAt: at(i === 3 ? 2 : i),
        updatedAt: at(i),
        completedAt: null,
        ...part,
      });
      const uploads = [
        make(1, { filename: 'Report.PDF', contentType: 'application/pdf', fileSizeBytes: 100, metadata: { team: 'Ops', n: 3 }, skipDuplicates: true }),
        make(2, { fileHash: 'ab12', objectMetadata: { title: 'Ünïcode' }, blobProperty: 'content', blobType: 'text', createObjectOnConfirm: false }),
        make(3, { fileSizeBytes: 10, metadata: { tags: ['x', 'Y'] } }),
        make(4, { expiresAt: at(1) }),
      ];
      for (const u of uploads) await a.uploads.create(u);
      // One upload received and confirmed: its received size and hash replace the announced ones.
      const done = { ...uploads[2], status: 'COMPLETED', receivedBytes: 12, receivedHash: 'sha256:cafe', objectId: 'obj_lq_done', completedAt: at(7) } as Upload;
      expect(await a.uploads.update(done, 'PENDING')).toBe(true);
      const stored = await b.uploads.list(ctx.ns(), ctx.bucketId(), { offset: 0, limit: 100 });
      const all = stored.results.map((u) => ({ id: u.uploadId, record: uploadRecord(u) }));
      const query = (r: ListRequest) => b.uploads.query(ctx.ns(), ctx.bucketId(), r);
      const filters: unknown[] = [
        { status: 'completed' },
        { field: 'status', operator: 'in', value: ['PENDING'] },
        { field: 'upload_id', operator: 'starts_with', value: 'UPL_LQ1' },
        { field: 'created_at', operator: 'gte', value: at(2) },
        { filename: 'report.pdf' },
        { field: 'content_type', operator: 'starts_with', value: 'application/' },
        { file_size_bytes: 12 },
        { field: 'file_size_bytes', operator: 'is_null' },
        { field: 'file_size_bytes', operator: 'gt', value: 11 },
        { file_hash: 'cafe' },
        { file_hash: 'AB12' },
        { field: 'file_hash', operator: 'is_null' },
        { skip_duplicates: true },
        { create_object_on_confirm: false },
        { is_duplicate: false },
        { field: 'presigned_url', operator: 'is_null' },
        { presigned_url_expiration: 3600 },
        { field: 'presigned_url_expiration', operator: 'gt', value: 3600 },
        { presigned_url_expiration: 0 },
        { 'metadata.team': 'ops' },
        { field: 'metadata.n', operator: 'lte', value: 3 },
        { 'metadata.tags': 'y' },
        { 'object_metadata.title': 'ünïcode' },
        { blob_type: 'text' },
        { field: 'blob_property', operator: 'exists' },
        { object_id: 'obj_lq_done' },
        { field: 'completed_at', operator: 'is_null', value: false },
        { s3_key: 'k/2' },
        { field: 'expires_at', operator: 'lt', value: at(3) },
        { field: 'message', operator: 'exists' },
        { NOT: [{ OR: [{ status: 'pending' }, { field: 'metadata.n', operator: 'exists' }] }] },
        { field: 'filename', operator: 'regex', value: '^file-[0-9]' },
        { field: 'metadata.x', operator: 'eq', value: "'; DELETE FROM uploads; --" },
      ];
      const outcomes = new Set<string>();
      for (const [i, f] of filters.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `upload filter ${i} ${JSON.stringify(f)}`));
      for (const sort of [[{ field: 'file_size_bytes', direction: 'desc' as const }], [{ field: 'filename' }], [{ field: 'created_at' }], [{ field: 'presigned_url_expiration' }], [{ field: 'status', direction: 'desc' as const }]]) {
        outcomes.add(await check(query, all, request({ sort }), `upload sort ${JSON.stringify(sort)}`));
      }
      for (const offset of [0, 1, 2]) outcomes.add(await check(query, all, request({ sort: [{ field: 'status' }], offset, limit: 2 }), `upload page ${offset}`));
      for (const search of ['report', 'cafe', 'OPS', '3600', 'k/3', 'application/pdf']) outcomes.add(await check(query, all, request({ search }), `upload search ${search}`));
      expectOutcomes(outcomes);
      const other = await b.uploads.query(ctx.ns(), 'bkt_other', request({ filter: parseFilter({ status: 'pending' }) }));
      if (other !== null) expect(other).toEqual({ results: [], total: 0 });
    });

    it('collections: source, extractor and vector indexes rebuilt, metadata and output_schema as stored, search and sort give the reference results', async () => {
      const { a, b } = ctx.stores();
      const make = (i: number, part: Partial<Collection>): Collection => ({
        namespaceId: ctx.ns(),
        collectionId: `col_lq${i}${newId('collection').slice(4, 10)}`,
        collectionName: `lq-${i}`,
        description: null,
        source: { type: 'bucket', bucketIds: [ctx.bucketId()], collectionIds: [] },
        featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: { split_by: 'sentences', chunk_size: 2 }, inputMappings: { text: 'content' } },
        vectorIndexes: [{ name: 'text_extractor_v1_embedding', dimensions: 384, distance: 'cosine' }],
        enabled: true,
        metadata: {},
        createdAt: at(i),
        updatedAt: at(10 - i),
        ...part,
      });
      const first = make(1, {
        collectionName: 'Sentences',
        description: 'Split Text',
        metadata: { team: 'Search', rank: 2 },
        outputSchema: {
          properties: { text: { type: 'string' }, chunk_index: { type: 'integer' }, language: { type: 'string', description: 'ISO 639-3 code (franc-min)' } },
        },
      });
      const collections = [
        first,
        make(2, {
          source: { type: 'collection', bucketIds: [], collectionIds: [first.collectionId] },
          featureExtractor: {
            featureExtractorName: 'multimodal_extractor',
            version: 'v2',
            parameters: { video_fps: 1 },
            inputMappings: { video: 'clip' },
            fieldPassthrough: [{ sourcePath: 'meta.title', targetPath: 'title' }],
            includeAllSourceFields: true,
          },
          vectorIndexes: [
            { name: 'mm_visual', dimensions: 512, distance: 'dot' },
            { name: 'mm_text', dimensions: 768, distance: 'euclid' as Collection['vectorIndexes'][number]['distance'] },
          ],
          enabled: false,
          metadata: { rank: 1, tags: ['Video'] },
          outputSchema: { properties: { start_time: { type: 'number' }, video: { type: 'object', description: 'Codec and size' }, thumbnail_key: { type: 'string' } } },
        }),
        make(3, { description: 'Ünïcode ÄBC', createdAt: at(1), outputSchema: { properties: {} } }),
      ];
      for (const c of collections) await a.collections.create(c);
      const stored = await b.collections.list(ctx.ns(), { offset: 0, limit: 100 });
      const all = stored.results.map((c) => ({ id: c.collectionId, record: collectionRecord(c) }));
      const query = (r: ListRequest) => b.collections.query(ctx.ns(), r);
      const filters: unknown[] = [
        { collection_name: 'sentences' },
        { field: 'collection_id', operator: 'starts_with', value: 'COL_LQ2' },
        { field: 'created_at', operator: 'lte', value: at(1) },
        { field: 'description', operator: 'is_null' },
        { field: 'description', operator: 'contains', value: 'äbc' },
        { 'source.type': 'collection' },
        { 'source.collection_ids': first.collectionId },
        { 'source.bucket_ids': ctx.bucketId() },
        { field: 'source.bucket_ids', operator: 'exists', value: false },
        { 'feature_extractor.feature_extractor_id': 'MULTIMODAL_EXTRACTOR_V2' },
        { 'feature_extractor.parameters.chunk_size': 2 },
        { 'feature_extractor.input_mappings.video': 'clip' },
        { 'feature_extractor.field_passthrough.0.target_path': 'title' },
        { field: 'feature_extractor.field_passthrough', operator: 'eq', value: [] },
        { 'feature_extractor.include_all_source_fields': false },
        { enabled: false },
        { field: 'enabled', operator: 'ne', value: true },
        { 'vector_indexes.0.dimensions': 384 },
        { 'vector_indexes.1.description': 'mm_text: 768-dimensional euclid vectors of multimodal_extractor@v2' },
        { field: 'vector_indexes.0.description', operator: 'contains', value: '384-DIMENSIONAL cosine' },
        { 'vector_indexes.0.datatype': 'float32' },
        { 'metadata.team': 'search' },
        { field: 'metadata.rank', operator: 'gte', value: 2 },
        { 'metadata.tags': 'video' },
        { NOT: [{ OR: [{ enabled: false }, { field: 'metadata.rank', operator: 'exists' }] }] },
        { field: 'collection_name', operator: 'regex', value: '^lq-[0-9]$' },
        { field: 'metadata.x', operator: 'eq', value: "'; DELETE FROM collections; --" },
        // output_schema as stored with the collection (docs/adr/0079).
        { 'output_schema.properties.text.type': 'STRING' },
        { field: 'output_schema.properties.language.description', operator: 'contains', value: 'FRANC' },
        { field: 'output_schema.properties.video', operator: 'exists' },
        { field: 'output_schema.properties.video.type', operator: 'ne', value: 'object' },
        { field: 'output_schema.properties', operator: 'eq', value: {} },
        { field: 'output_schema.properties.start_time.type', operator: 'in', value: ['number', 'integer'] },
        { NOT: [{ field: 'output_schema.properties.text', operator: 'exists' }] },
        { AND: [{ enabled: true }, { field: 'output_schema.properties.chunk_index.type', operator: 'starts_with', value: 'int' }] },
        { field: 'output_schema.properties.text.type', operator: 'regex', value: '^str' },
      ];
      const outcomes = new Set<string>();
      for (const [i, f] of filters.entries()) outcomes.add(await check(query, all, request({ filter: parseFilter(f) }), `collection filter ${i} ${JSON.stringify(f)}`));
      for (const sort of [[{ field: 'collection_name' }], [{ field: 'metadata.rank', direction: 'desc' as const }], [{ field: 'created_at', direction: 'desc' as const }], [{ field: 'enabled' }], [{ field: 'vector_indexes.0.dimensions', direction: 'desc' as const }], [{ field: 'output_schema.properties.text.type', direction: 'desc' as const }, { field: 'collection_name' }], [{ field: 'output_schema.properties' }]]) {
        outcomes.add(await check(query, all, request({ sort }), `collection sort ${JSON.stringify(sort)}`));
      }
      outcomes.add(await check(query, all, request({ sort: [{ field: 'created_at' }], offset: 1, limit: 1 }), 'collection page'));
      // Search reads the whole record, output_schema included (`franc`, `Codec` are only there; keys are not searched).
      for (const search of ['franc', 'CODEC', 'integer', 'Search', 'video', 'sentences', 'euclid', 'float32', 'thumbnail_key', 'ünï', 'nothing-matches']) {
        outcomes.add(await check(query, all, request({ search }), `collection search ${search}`));
      }
      outcomes.add(await check(query, all, request({ search: 'codec', caseSensitive: true }), 'collection search case-sensitive'));
      outcomes.add(await check(query, all, request({ search: 'string', filter: parseFilter({ enabled: true }), sort: [{ field: 'collection_name', direction: 'desc' }] }), 'collection search, filter and sort'));
      expectOutcomes(outcomes);
      const other = await b.collections.query('ns_other', request({ filter: parseFilter({ enabled: true }) }));
      if (other !== null) expect(other).toEqual({ results: [], total: 0 });
    });
  });
}
