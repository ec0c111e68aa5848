/**
 * `npm run bench`, mixed batch: text, image, PDF and video through the real pipeline (the four
 * built apps as processes), against the same extractors run in this process on the same inputs.
 *
 * Two buckets in one namespace, both batches submitted at once:
 * - `docs`: N objects, each with a ~150-character text, a 640x480 JPEG and a 2-page PDF, and three
 *   collections over the bucket (text_extractor, image_extractor, pdf_extractor): 3N items;
 * - `clips`: N/10 objects, each a 4 s 160x120 MPEG-4 + AAC clip, one video_extractor collection.
 * Items = extractor runs (one per object and collection). The in-process figure runs each
 * extractor over its inputs in turn (two 64-item chunks at once, as the worker) without the bus
 * or the stores; the ratio is pipeline items/s over in-process items/s. `BENCH_MIXED_OBJECTS` sets N.
 */
import { LocalObjectStorage } from '@strata/adapters';
import { newId } from '@strata/domain';
import { ExtractorDefinition, builtinExtractors } from '@strata/extractors';
import { ApiClient, StrataCluster, gradientJpeg, handWrittenPdf, lavfiMp4, tempDir, waitFor } from '@strata/testing';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_APP_DEFAULTS, timeInProcess } from './measure';

const N = Number(process.env['BENCH_MIXED_OBJECTS'] ?? '40');
const CLIPS = Math.max(1, Math.round(N / 10));

interface Collection {
  name: string;
  extractor: string;
  inputMappings: Record<string, string>;
  parameters: Record<string, unknown>;
}

const DOCS: Collection[] = [
  { name: 'texts', extractor: 'text_extractor', inputMappings: { text: 'content' }, parameters: { chunk_size: 100 } },
  { name: 'photos', extractor: 'image_extractor', inputMappings: { image: 'photo' }, parameters: {} },
  { name: 'reports', extractor: 'pdf_extractor', inputMappings: { pdf: 'report' }, parameters: { split_by: 'sentences', chunk_size: 1 } },
];
const CLIP_COLLECTIONS: Collection[] = [{ name: 'clips', extractor: 'video_extractor', inputMappings: { media: 'clip' }, parameters: { segment_seconds: 2 } }];

function sentence(i: number): string {
  return `Record ${i}: the harbour master logged ${i % 97} arrivals and noted fog near the eastern pier before dawn. Cargo for vessel ${i % 13} waits.`;
}

interface Fixtures {
  photo: Buffer;
  pdf: Buffer;
  clip: Buffer;
}

async function inProcessSeconds(fx: Fixtures): Promise<number> {
  const registry = builtinExtractors();
  const dir = tempDir('bench-mixed');
  const objects = new LocalObjectStorage(join(dir.path, 'objects'));
  const context = { namespaceId: 'ns_bench', collectionId: 'col_bench', objects };
  const run = async (c: Collection, count: number, values: (i: number) => Record<string, unknown>) => {
    const extractor = registry.get(c.extractor, 'v1') as ExtractorDefinition<unknown>;
    const inputs = Array.from({ length: count }, (_, i) => ({ itemId: `obj_${i}`, values: values(i) }));
    return timeInProcess(extractor, extractor.parseParameters(c.parameters), inputs, context);
  };
  try {
    let seconds = 0;
    seconds += await run(DOCS[0] as Collection, N, (i) => ({ text: sentence(i) }));
    seconds += await run(DOCS[1] as Collection, N, () => ({ image: fx.photo }));
    seconds += await run(DOCS[2] as Collection, N, () => ({ pdf: fx.pdf }));
    seconds += await run(CLIP_COLLECTIONS[0] as Collection, CLIPS, () => ({ media: fx.clip }));
    return seconds;
  } finally {
    await objects.close();
    dir.remove();
  }
}

async function createBucket(api: ApiClient, ns: string, name: string, properties: Record<string, { type: string }>, collections: Collection[]): Promise<string> {
  const bucket = await api.post('/v1/buckets', { bucket_name: name, bucket_schema: { properties } }, ns);
  if (bucket.status !== 200) throw new Error(`bucket: ${bucket.status} ${JSON.stringify(bucket.body)}`);
  const bucketId = bucket.body['bucket_id'] as string;
  for (const c of collections) {
    const res = await api.post(
      '/v1/collections',
      {
        collection_name: c.name,
        source: { type: 'bucket', bucket_ids: [bucketId] },
        feature_extractor: { feature_extractor_name: c.extractor, version: 'v1', input_mappings: c.inputMappings, parameters: c.parameters },
      },
      ns,
    );
    if (res.status !== 200) throw new Error(`collection ${c.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return bucketId;
}

async function createObjects(api: ApiClient, ns: string, bucketId: string, count: number, blobs: (i: number) => unknown[]): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        const res = await api.post(`/v1/buckets/${bucketId}/objects`, { blobs: blobs(i) }, ns);
        if (res.status !== 200) throw new Error(`object: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body['object_id'] as string;
      }
    }),
  );
  return ids;
}

const base64 = (data: Buffer, mime: string) => ({ base64: data.toString('base64'), mime_type: mime });

/** Seconds from the two submit requests to both tasks COMPLETED. */
async function pipelineSeconds(cluster: StrataCluster, fx: Fixtures): Promise<number> {
  const api = cluster.api;
  const ns = `bench-${newId('namespace').slice(3, 11)}`;
  await api.post('/v1/namespaces', { namespace_name: ns });
  const docs = await createBucket(api, ns, 'docs', { content: { type: 'text' }, photo: { type: 'image' }, report: { type: 'pdf' } }, DOCS);
  const clips = await createBucket(api, ns, 'clips', { clip: { type: 'video' } }, CLIP_COLLECTIONS);
  const docIds = await createObjects(api, ns, docs, N, (i) => [
    { property: 'content', type: 'text', data: sentence(i) },
    { property: 'photo', type: 'image', data: base64(fx.photo, 'image/jpeg') },
    { property: 'report', type: 'pdf', data: base64(fx.pdf, 'application/pdf') },
  ]);
  const clipIds = await createObjects(api, ns, clips, CLIPS, () => [{ property: 'clip', type: 'video', data: base64(fx.clip, 'video/mp4') }]);
  const batches: Array<{ bucketId: string; batchId: string }> = [];
  for (const [bucketId, ids] of [[docs, docIds], [clips, clipIds]] as const) {
    const batch = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: ids }, ns);
    batches.push({ bucketId, batchId: batch.body['batch_id'] as string });
  }
  const t0 = process.hrtime.bigint();
  const tasks = await Promise.all(
    batches.map(async (b) => (await api.post(`/v1/buckets/${b.bucketId}/batches/${b.batchId}/submit`, {}, ns)).body['task_id'] as string),
  );
  await waitFor(
    async () => {
      const statuses = await Promise.all(tasks.map(async (t) => (await api.get(`/v1/tasks/${t}`)).body['status'] as string));
      if (statuses.some((s) => s !== 'COMPLETED' && s !== 'PROCESSING' && s !== 'PENDING')) throw new Error(`a mixed batch ended ${statuses.join(', ')}`);
      return statuses.every((s) => s === 'COMPLETED') ? true : undefined;
    },
    { timeoutMs: 900_000, intervalMs: 20, description: 'mixed batches to complete' },
  );
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const fx: Fixtures = {
    photo: await gradientJpeg(640, 480),
    pdf: handWrittenPdf(['First page of the report. It has two sentences.', 'Second page. Also two sentences.']),
    clip: lavfiMp4(4),
  };
  const items = N * DOCS.length + CLIPS * CLIP_COLLECTIONS.length;
  const load = loadavg()[0] ?? 0;
  const inProcess = await inProcessSeconds(fx);
  const cluster = await StrataCluster.start({ env: { ...BENCH_APP_DEFAULTS, LOG_LEVEL: 'warn' } });
  let pipeline: number;
  try {
    pipeline = await pipelineSeconds(cluster, fx);
  } finally {
    await cluster.destroy();
  }
  const row = {
    objects: N + CLIPS,
    items,
    mix: `${N} text + ${N} image + ${N} pdf + ${CLIPS} video`,
    in_process_items_per_s: Math.round((items / inProcess) * 10) / 10,
    pipeline_items_per_s: Math.round((items / pipeline) * 10) / 10,
    ratio: Math.round((inProcess / pipeline) * 100) / 100,
    pipeline_wall_s: Math.round(pipeline * 100) / 100,
    load_1m: Math.round(load * 10) / 10,
  };
  // eslint-disable-next-line no-console
  console.table([row]);
  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ benchmark: 'mixed', cpus: cpus().length, rows: [row] }));
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
