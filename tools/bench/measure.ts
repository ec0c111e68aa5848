import { ExtractorContext, ExtractorDefinition, ExtractorInput } from '@strata/extractors';

/**
 * Runs an extractor in this process the way a worker does: work-message-sized chunks of 64, two
 * chunks at once (WORKER_CONCURRENCY 2 on 2 cores). Returns the seconds it took.
 * @throws when any item fails: a benchmark of failures measures nothing.
 */
export async function timeInProcess(extractor: ExtractorDefinition<unknown>, params: unknown, inputs: ExtractorInput[], context: ExtractorContext): Promise<number> {
  const chunks: ExtractorInput[][] = [];
  for (let i = 0; i < inputs.length; i += 64) chunks.push(inputs.slice(i, i + 64));
  const started = process.hrtime.bigint();
  let failed = 0;
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
  if (failed > 0) throw new Error(`${extractor.name}@${extractor.version}: ${failed} items failed`);
  return seconds;
}
