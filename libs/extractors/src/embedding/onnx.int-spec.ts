/** @jest-environment ./tools/jest/native-typed-arrays.environment.js */
import { ExtractionError, ValidationError } from '@strata/domain';
import { TINY_VOCAB, expectedTinyEmbedding, handWrittenPdf, tinyEmbeddingRow, tinyTokenIds, writeTinyOnnxModel } from '@strata/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractorDefinition } from '../extractor';
import { PDF_EMBEDDING_INDEX, pdfExtractor as pdfExtractorOf } from '../pdf-extractor';
import { ExtractorRuntime } from '../runtime';
import { TEXT_EMBEDDING_INDEX, TextExtractorParams, textExtractor as textExtractorOf } from '../text-extractor';
import { disposeOnnxPipelines } from './onnx';

/**
 * The onnx provider on the real runtime (transformers.js + onnxruntime-node) with a tiny model the
 * test writes: a Gather over a known table, so every vector can be computed by hand.
 */
describe('text_extractor with the onnx provider (tiny model, real onnxruntime-node)', () => {
  let root: string;
  let textExtractor: ExtractorDefinition<TextExtractorParams>;
  let pdfExtractor: ExtractorDefinition<TextExtractorParams>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'strata-onnx-'));
    await writeTinyOnnxModel(join(root, 'tiny-bert'), 16, ['kraken']);
    const runtime = new ExtractorRuntime({ embeddingModelsDir: root });
    textExtractor = textExtractorOf(runtime);
    pdfExtractor = pdfExtractorOf(runtime);
  });

  afterAll(async () => {
    await disposeOnnxPipelines();
    await rm(root, { recursive: true, force: true });
  });

  const params = (extra: Record<string, unknown> = {}) =>
    textExtractor.parseParameters({ split_by: 'sentences', chunk_size: 1, detect_language: false, embedding: { provider: 'onnx', model: 'tiny-bert', ...extra } });

  const close = (actual: Float32Array | undefined, expected: number[]) => {
    expect(actual).toHaveLength(expected.length);
    expected.forEach((v, i) => expect(actual?.[i]).toBeCloseTo(v, 5));
  };

  it('reads the width from config.json and embeds chunks as mean-pooled, normalised token vectors', async () => {
    const p = params({ batch_size: 2 });
    expect(textExtractor.vectorIndexes(p)).toEqual([{ name: TEXT_EMBEDDING_INDEX, dimensions: 16, distance: 'cosine' }]);
    const inputs = [
      { itemId: 'a', values: { text: 'The ship is in the harbour. A quiet evening tide.' } },
      { itemId: 'b', values: { text: 'The lighthouse and the sea.' } },
      { itemId: 'c', values: { text: 'Weather, weather.' } },
    ];
    const results = await textExtractor.run(inputs, p);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const docs = results.flatMap((r) => (r.ok ? r.documents : []));
    expect(docs.map((d) => d.payload['text'])).toEqual(['The ship is in the harbour.', 'A quiet evening tide.', 'The lighthouse and the sea.', 'Weather, weather.']);
    for (const doc of docs) {
      // "in" is not in the vocabulary: [UNK]; "lighthouse" is light + ##house.
      close(doc.vectors[TEXT_EMBEDDING_INDEX], expectedTinyEmbedding(tinyTokenIds(doc.payload['text'] as string)));
    }
    expect(tinyTokenIds('lighthouse in')).toEqual([TINY_VOCAB.indexOf('light'), TINY_VOCAB.indexOf('##house'), 1]);
  });

  it('gives the same vector whatever the batch size or padding, and embeds queries like documents', async () => {
    const texts = ['The sea.', 'A quiet evening tide and the weather.', 'Ship.'];
    const inputs = texts.map((text, i) => ({ itemId: `t${i}`, values: { text } }));
    const [batched, single] = await Promise.all([textExtractor.run(inputs, params({ batch_size: 3 })), textExtractor.run(inputs, params({ batch_size: 1 }))]);
    const vectorsOf = (rs: typeof batched) => rs.map((r) => (r.ok ? r.documents[0]?.vectors[TEXT_EMBEDDING_INDEX] : undefined));
    vectorsOf(batched).forEach((v, i) => close(v, Array.from(vectorsOf(single)[i] ?? [])));
    const query = await textExtractor.embedQuery?.('The sea.', params());
    close(query?.[TEXT_EMBEDDING_INDEX], Array.from(vectorsOf(single)[0] ?? []));
  });

  it('supports cls pooling and unnormalised output', async () => {
    const [result] = await textExtractor.run([{ itemId: 'x', values: { text: 'Ship sea' } }], params({ pooling: 'cls', normalize: false }));
    // cls pooling takes the first token, which is always [CLS] (id 2) for this model.
    close(result?.ok ? result.documents[0]?.vectors[TEXT_EMBEDDING_INDEX] : undefined, tinyEmbeddingRow(2, 16));
  });

  it('pdf_extractor embeds page chunks with the same provider', async () => {
    const p = pdfExtractor.parseParameters({ split_by: 'sentences', chunk_size: 1, embedding: { provider: 'onnx', model: 'tiny-bert' } });
    expect(pdfExtractor.vectorIndexes(p)[0]?.dimensions).toBe(16);
    const [result] = await pdfExtractor.run([{ itemId: 'pdf', values: { pdf: handWrittenPdf(['The ship is here.', 'The sea is quiet.']) } }], p);
    expect(result?.ok).toBe(true);
    const docs = result?.ok ? result.documents : [];
    expect(docs.map((d) => d.payload['page_number'])).toEqual([1, 2]);
    for (const doc of docs) close(doc.vectors[PDF_EMBEDDING_INDEX], expectedTinyEmbedding(tinyTokenIds(doc.payload['text'] as string)));
  });

  it('a text the model fails on fails only its own item, even inside a shared batch', async () => {
    const inputs = ['The sea.', 'The kraken.', 'A ship.'].map((text, i) => ({ itemId: `k${i}`, values: { text } }));
    const results = await textExtractor.run(inputs, params({ batch_size: 8 }));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1];
    if (failed !== undefined && !failed.ok) expect(failed.error).toMatchObject({ category: 'runtime', stage: 'embed' });
    const good = results[2];
    close(good?.ok ? good.documents[0]?.vectors[TEXT_EMBEDDING_INDEX] : undefined, expectedTinyEmbedding(tinyTokenIds('A ship.')));
  });

  it('refuses a missing, incomplete or escaping model at parse time (collection creation) with a clear message', async () => {
    expect(() => params({ model: 'no-such-model' })).toThrow(/model 'no-such-model' is not installed/);
    expect(() => params({ model: '../etc' })).toThrow(ValidationError);
    expect(() => params({ model: '/etc' })).toThrow(/must name a model directory/);
    expect(() => params({ dtype: 'q8' })).toThrow(/onnx\/model_quantized.onnx missing/);
    expect(() => params({ dimensions: 32 })).toThrow(/dimensions is 32 but model 'tiny-bert' produces 16/);
    expect(() => params({ base_url: 'http://x' })).toThrow(/base_url do not apply to provider 'onnx'/);
    expect(() => params({ pooling: 'max' })).toThrow(/pooling must be one of mean, cls/);
    const disabled = textExtractorOf(new ExtractorRuntime());
    expect(() => disabled.parseParameters({ embedding: { provider: 'onnx', model: 'tiny-bert' } })).toThrow(
      /not enabled on this installation: set EMBEDDING_MODELS_DIR/,
    );
  });

  it('a model that cannot be loaded fails its items with a dependency error; the process carries on', async () => {
    const broken = join(root, 'broken');
    await writeTinyOnnxModel(broken);
    await writeFile(join(broken, 'onnx', 'model.onnx'), Buffer.from('not a protobuf'));
    const p = textExtractor.parseParameters({ embedding: { provider: 'onnx', model: 'broken' } });
    const [result] = await textExtractor.run([{ itemId: 'a', values: { text: 'the sea' } }], p);
    expect(result?.ok).toBe(false);
    if (result !== undefined && !result.ok) {
      expect(result.error).toBeInstanceOf(ExtractionError);
      expect(result.error).toMatchObject({ category: 'dependency', stage: 'load_model', retryable: false });
      expect(result.error.message).toMatch(/onnx model 'broken' could not be loaded/);
    }
    // The good model still works in the same process.
    const [ok] = await textExtractor.run([{ itemId: 'b', values: { text: 'the sea' } }], params());
    expect(ok?.ok).toBe(true);
  });
});
