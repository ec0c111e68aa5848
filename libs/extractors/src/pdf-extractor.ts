import { ExtractionError, VectorIndex } from '@strata/domain';
import { CHUNKING_REVISION, chunkText } from './chunker';
import { ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { embedQueryText, embedTexts } from './embedding/embedding';
import type { IsolationLimits, IsolationPool } from './isolation/isolated-process';
import type { ExtractorRuntime } from './runtime';
import { TextExtractorParams, textExtractor } from './text-extractor';

export const PDF_EMBEDDING_INDEX = 'pdf_extractor_v1_embedding';

/**
 * The isolated part of PDF reading: pdf.js parses untrusted bytes, so it runs in a child process
 * with a heap cap and a timeout (see runIsolated). unpdf is resolved by the parent and passed as
 * an absolute path, so the child needs no module resolution of its own.
 */
function pdfScript(): string {
  const unpdf = JSON.stringify(require.resolve('unpdf'));
  return `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const reply = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
  let pdf;
  try {
    const { extractText, getDocumentProxy } = require(${unpdf});
    pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
    const { text } = await extractText(pdf, { mergePages: false });
    reply({ ok: true, result: text });
  } catch (error) {
    reply({ ok: false, category: 'validation', stage: 'parse_pdf', message: 'not a readable PDF: ' + (error && error.message) });
  } finally {
    if (pdf) await pdf.destroy().catch(() => undefined);
  }
});`;
}

/** Text of each page (1-based page n at index n-1). @throws ExtractionError (validation, resource, runtime). */
export async function pdfPages(pool: IsolationPool, bytes: Buffer, limits: IsolationLimits = pool.limits): Promise<string[]> {
  return pool.run<string[]>(pdfScript(), bytes, 'parse_pdf', limits);
}

async function extractOne(input: ExtractorInput, params: TextExtractorParams, runtime: ExtractorRuntime): Promise<ExtractorResult> {
  const pdf = input.values['pdf'];
  if (!Buffer.isBuffer(pdf)) {
    const reason = pdf === undefined ? 'input "pdf" is missing: check the collection input_mappings' : 'input "pdf" is not a PDF blob';
    return { itemId: input.itemId, ok: false, error: new ExtractionError(reason, 'validation', 'resolve_inputs') };
  }
  let pages: string[];
  try {
    pages = await pdfPages(runtime.isolation, pdf);
  } catch (cause) {
    const error =
      cause instanceof ExtractionError ? cause : new ExtractionError(`PDF reading failed: ${(cause as Error).message}`, 'runtime', 'parse_pdf', { cause });
    return { itemId: input.itemId, ok: false, error };
  }
  const chunked = pages.flatMap((pageText, i) => {
    const chunks = chunkText(pageText, params);
    return chunks.map((chunk) => ({ page: i + 1, chunk, count: chunks.length }));
  });
  // The same providers as text_extractor: one embedding call for every chunk of the PDF.
  const vectors = await embedTexts(params.embedding, chunked.map((c) => c.chunk.text), runtime);
  const failed = vectors.find((v): v is ExtractionError => v instanceof ExtractionError);
  if (failed !== undefined) return { itemId: input.itemId, ok: false, error: failed };
  const documents = chunked.map(({ page, chunk, count }, i) => ({
    // Page and chunk make the position: re-running the same PDF overwrites the same documents.
    position: `p${page}.c${chunk.index}`,
    payload: { text: chunk.text, page_number: page, page_count: pages.length, chunk_index: chunk.index, chunk_count: count },
    vectors: { [PDF_EMBEDDING_INDEX]: vectors[i] as Float32Array },
  }));
  return { itemId: input.itemId, ok: true, documents };
}

/** pdf_extractor@v1: text per page, then chunks and embeddings as text_extractor, page numbers as positions. */
export const pdfExtractor = (runtime: ExtractorRuntime): ExtractorDefinition<TextExtractorParams> => {
  const textDefinition = textExtractor(runtime);
  return {
  name: 'pdf_extractor',
  version: 'v1',
  outputRevision: CHUNKING_REVISION,
  description:
    'Extracts the text of each PDF page, then chunks and embeds it like text_extractor (same parameters and embedding providers; hash by default). Documents carry page_number and chunk_index.',
  supportedInputTypes: ['pdf'],
  inputSchema: { type: 'object', properties: { pdf: { type: 'string', contentEncoding: 'binary', description: 'A PDF blob' } }, required: ['pdf'] },
  parameterSchema: textDefinition.parameterSchema,
  outputSchema: {
    type: 'object',
    properties: {
      text: { type: 'string' },
      page_number: { type: 'integer' },
      page_count: { type: 'integer' },
      chunk_index: { type: 'integer' },
      chunk_count: { type: 'integer' },
      [PDF_EMBEDDING_INDEX]: { type: 'array', items: { type: 'number' } },
    },
  },
  positionFields: ['page_number', 'chunk_index'],
  parseParameters: (raw) => textDefinition.parseParameters(raw),
  vectorIndexes(params): VectorIndex[] {
    return [{ name: PDF_EMBEDDING_INDEX, dimensions: params.embedding.dimensions, distance: 'cosine' }];
  },
  async embedQuery(text, params) {
    return { [PDF_EMBEDDING_INDEX]: await embedQueryText(params.embedding, text, runtime) };
  },
  run(inputs, params) {
    // All at once: the isolation pool bounds how many child processes really run in parallel.
    return Promise.all(inputs.map((input) => extractOne(input, params, runtime)));
  },
  };
};
