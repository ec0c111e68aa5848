/**
 * Per-extractor throughput (items/s) of each built-in extractor, in one process, on inputs the
 * benchmark generates: the extractor's own cost without the bus or the stores. PDF includes its
 * isolation (one child process per file). Part of `npm run bench`; `BENCH_EXTRACTOR_ITEMS` scales it.
 */
import { LocalObjectStorage } from '@strata/adapters';
// video_extractor needs ffmpeg: tools/scripts/bench.sh runs tools/scripts/ensure-tools.sh first.
import { ExtractorDefinition, ExtractorInput, builtinExtractors } from '@strata/extractors';
import { gradientJpeg, handWrittenPdf, lavfiMp4, tempDir } from '@strata/testing';
import { cpus } from 'node:os';
import { join } from 'node:path';

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
  const registry = builtinExtractors();
  const dir = tempDir('bench-extractors');
  const objects = new LocalObjectStorage(join(dir.path, 'objects'));
  const photo = await gradientJpeg(640, 480);
  const video = lavfiMp4(10);
  const pdf = handWrittenPdf(['First page of the report. It has two sentences.', 'Second page. Also two sentences.']);
  const cases: Case[] = [
    { extractor: 'text_extractor@v1', items: 2000 * SCALE, parameters: { chunk_size: 100 }, input: async (i) => ({ text: sentence(i) }), note: '~150 chars, 2 chunks, hash embedding 384' },
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
      // Work messages carry up to 64 items; run them the way the worker does (2 messages at once on 2 cores).
      const started = process.hrtime.bigint();
      let failed = 0;
      const chunks: ExtractorInput[][] = [];
      for (let i = 0; i < inputs.length; i += 64) chunks.push(inputs.slice(i, i + 64));
      let next = 0;
      await Promise.all(
        [0, 1].map(async () => {
          while (next < chunks.length) {
            const chunk = chunks[next] as ExtractorInput[];
            next += 1;
            const results = await extractor.run(chunk, params, context);
            failed += results.filter((r) => !r.ok).length;
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (failed > 0) throw new Error(`${c.extractor}: ${failed} items failed`);
      rows.push({ extractor: c.extractor, items: c.items, items_per_s: Math.round((c.items / seconds) * 10) / 10, seconds: Math.round(seconds * 100) / 100, input: c.note });
    }
  } finally {
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
