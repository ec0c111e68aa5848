/**
 * Per-extractor throughput (items/s) of each built-in extractor, in one process, on inputs the
 * benchmark generates: the extractor's own cost without the bus or the stores. PDF includes its
 * isolation (one child process per file). Part of `npm run bench`; `BENCH_EXTRACTOR_ITEMS` scales it.
 */
import { LocalObjectStorage } from '@strata/adapters';
// video_extractor needs ffmpeg: tools/scripts/bench.sh runs tools/scripts/ensure-tools.sh first.
import { ExtractorDefinition, ExtractorInput, ExtractorRuntime, builtinExtractors, disposeOnnxPipelines } from '@strata/extractors';
import { gradientJpeg, handWrittenPdf, lavfiMp4, tempDir, writeTinyOnnxModel } from '@strata/testing';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { timeInProcess } from './measure';

const SCALE = Number(process.env['BENCH_EXTRACTOR_ITEMS'] ?? '1');

function sentence(i: number): string {
  return `Record ${i}: the harbour master logged ${i % 97} arrivals and noted fog near the eastern pier before dawn. Cargo for vessel ${i % 13} waits.`;
}

interface Case {
  extractor: string;
  items: number;
  parameters: Record<string, unknown>;
  input: (i: number) => Promise<Record<string, unknown>>;
  note: string;
}

async function main(): Promise<void> {
  const dir = tempDir('bench-extractors');
  const registry = builtinExtractors(new ExtractorRuntime({ embeddingModelsDir: join(dir.path, 'models') }));
  const objects = new LocalObjectStorage(join(dir.path, 'objects'));
  const photo = await gradientJpeg(640, 480);
  const video = lavfiMp4(10);
  const pdf = handWrittenPdf(['First page of the report. It has two sentences.', 'Second page. Also two sentences.']);
  // The onnx provider's own overhead (tokenizer, runtime call, pooling) on the tiny test model;
  // a real model adds its forward pass, which this does not measure.
  await writeTinyOnnxModel(join(dir.path, 'models', 'tiny-bert'), 384);
  const cases: Case[] = [
    { extractor: 'text_extractor@v1', items: 2000 * SCALE, parameters: { chunk_size: 100 }, input: async (i) => ({ text: sentence(i) }), note: '~150 chars, 2 chunks, hash embedding 384' },
    {
      extractor: 'text_extractor@v1',
      items: 2000 * SCALE,
      parameters: { chunk_size: 100, embedding: { provider: 'onnx', model: 'tiny-bert' } },
      input: async (i) => ({ text: sentence(i) }),
      note: 'same text, onnx provider on a tiny one-Gather model (384 wide): provider overhead, not a real model',
    },
    { extractor: 'passthrough_extractor@v1', items: 20000 * SCALE, parameters: {}, input: async (i) => ({ value: i }), note: 'one field' },
    { extractor: 'image_extractor@v1', items: 100 * SCALE, parameters: {}, input: async () => ({ image: photo }), note: '640x480 JPEG, 256 px thumbnail written to local storage' },
    { extractor: 'video_extractor@v1', items: 6 * SCALE, parameters: { segment_seconds: 2 }, input: async () => ({ media: video }), note: '10 s 160x120 MPEG-4 + AAC: probe, audio track, 5 segments with keyframes' },
    { extractor: 'pdf_extractor@v1', items: 20 * SCALE, parameters: { split_by: 'sentences', chunk_size: 1 }, input: async () => ({ pdf }), note: '2-page PDF, child process per file (pool 2)' },
  ];
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const c of cases) {
      const [name, version] = c.extractor.split('@') as [string, string];
      const extractor = registry.get(name, version) as ExtractorDefinition<unknown>;
      const params = extractor.parseParameters(c.parameters);
      const inputs: ExtractorInput[] = [];
      for (let i = 0; i < c.items; i += 1) inputs.push({ itemId: `obj_${i}`, values: await c.input(i) });
      const context = { namespaceId: 'ns_bench', collectionId: 'col_bench', objects };
      const seconds = await timeInProcess(extractor, params, inputs, context);
      const label = (c.parameters['embedding'] as { provider?: string } | undefined)?.provider ?? '';
      rows.push({ extractor: label === '' ? c.extractor : `${c.extractor} (${label})`, items: c.items, items_per_s: Math.round((c.items / seconds) * 10) / 10, seconds: Math.round(seconds * 100) / 100, input: c.note });
    }
  } finally {
    await disposeOnnxPipelines();
    await objects.close();
    dir.remove();
  }
  // eslint-disable-next-line no-console
  console.table(rows);
  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ benchmark: 'extractors', cpus: cpus().length, rows }));
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
