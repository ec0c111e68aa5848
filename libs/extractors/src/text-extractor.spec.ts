import { ExtractionError, ValidationError } from '@strata/domain';
import { ExtractorDefinition, ExtractorResult, extractorKey } from './extractor';
import { ExtractorRegistry, builtinExtractors } from './registry';
import { ExtractorRuntime } from './runtime';
import { TEXT_EMBEDDING_INDEX, TextExtractorParams, textExtractor as textExtractorOf } from './text-extractor';

const textExtractor = textExtractorOf(new ExtractorRuntime());

const parse = (raw?: Record<string, unknown>): TextExtractorParams => textExtractor.parseParameters(raw);

function parseError(raw: Record<string, unknown>): ValidationError {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`parameters ${JSON.stringify(raw)} were accepted`);
}

async function run(values: Array<Record<string, unknown>>, raw?: Record<string, unknown>): Promise<ExtractorResult[]> {
  return textExtractor.run(
    values.map((v, i) => ({ itemId: `obj_item${i}`, values: v })),
    parse(raw),
  );
}

/** 20 words of 9 letters and 19 spaces: 199 characters, a word boundary at index 99. */
const TEXT_199 = Array.from({ length: 20 }, (_, i) => `word${String(i).padStart(5, '0')}`).join(' ');

describe('text_extractor@v1', () => {
  it('is text_extractor@v1 with chunk_index as its position field', () => {
    expect(extractorKey(textExtractor)).toBe('text_extractor@v1');
    expect(textExtractor.positionFields).toEqual(['chunk_index']);
    expect(textExtractor.supportedInputTypes).toEqual(expect.arrayContaining(['text', 'string']));
  });

  describe('parseParameters', () => {
    it('fills in the defaults', () => {
      const defaults = { splitBy: 'characters', chunkSize: 1000, chunkOverlap: 0, detectLanguage: true, embedding: { provider: 'hash', dimensions: 384 } };
      expect(parse(undefined)).toEqual(defaults);
      expect(parse({})).toEqual(defaults);
      expect(parse({ split_by: null, chunk_size: null, embedding: null })).toEqual(defaults);
    });

    it('maps the snake_case parameters', () => {
      expect(
        parse({ split_by: 'words', chunk_size: 50, chunk_overlap: 5, embedding: { provider: 'hash', dimensions: 64 }, extractor_type: 'text' }),
      ).toEqual({ splitBy: 'words', chunkSize: 50, chunkOverlap: 5, detectLanguage: true, embedding: { provider: 'hash', dimensions: 64 } });
    });

    it('refuses unknown parameters, naming them and the allowed ones', () => {
      const error = parseError({ chunk_size: 10, chunksize: 10, model: 'x' });
      expect(error.message).toBe(
        "unknown text_extractor parameter(s): chunksize, model; allowed: split_by, chunk_size, chunk_overlap, embedding, detect_language, language (and Mixpeek's TextExtractorParams fields)",
      );
    });

    it('refuses an overlap as large as the chunk size', () => {
      expect(parseError({ chunk_size: 10, chunk_overlap: 10 }).message).toBe('parameters.chunk_overlap must be smaller than chunk_size');
      expect(parseError({ chunk_size: 10, chunk_overlap: 50 }).message).toBe('parameters.chunk_overlap must be smaller than chunk_size');
      // The default chunk_size (1000) applies when only the overlap is given.
      expect(parseError({ chunk_overlap: 1000 }).message).toMatch(/chunk_overlap must be smaller than chunk_size/);
    });

    it('refuses an embedding provider it does not have', () => {
      expect(parseError({ embedding: { provider: 'openai' } }).message).toBe(
        "parameters.embedding.provider 'openai' is not available; use one of hash, openai-compatible, onnx",
      );
    });

    it('refuses a bad split_by, listing the strategies', () => {
      expect(parseError({ split_by: 'pages' }).message).toBe(
        'parameters.split_by must be one of characters, words, sentences, paragraphs, none',
      );
    });

    it('refuses out-of-range or non-integer sizes with a located issue', () => {
      for (const chunkSize of [0, -1, 1.5, '100', 100_001]) {
        const error = parseError({ chunk_size: chunkSize });
        expect(error.message).toBe('parameters.chunk_size must be an integer between 1 and 100000');
        expect(error.issues).toEqual([
          { location: 'feature_extractor.parameters.chunk_size', message: 'expected an integer in [1, 100000]', type: 'value_error' },
        ]);
      }
      expect(parseError({ chunk_overlap: -1 }).message).toBe('parameters.chunk_overlap must be an integer between 0 and 99999');
      expect(parseError({ embedding: { dimensions: 7 } }).message).toBe(
        'parameters.embedding.dimensions must be an integer between 8 and 4096',
      );
    });

    it('refuses an embedding that is not an object', () => {
      for (const embedding of ['hash', 384, ['hash']]) {
        expect(parseError({ embedding }).message).toMatch(/parameters\.embedding must be an object/);
      }
    });

    it('declares one cosine vector index of the configured dimensions', () => {
      expect(textExtractor.vectorIndexes(parse({ embedding: { dimensions: 128 } }))).toEqual([
        { name: TEXT_EMBEDDING_INDEX, dimensions: 128, distance: 'cosine' },
      ]);
      expect(TEXT_EMBEDDING_INDEX).toBe('text_extractor_v1_embedding');
    });
  });

  describe('run', () => {
    it('chunks a 199-character text by 100 into 2 documents with positions and 384-d vectors', async () => {
      expect(TEXT_199).toHaveLength(199);
      const [result] = await run([{ text: TEXT_199 }], { chunk_size: 100 });
      if (result === undefined || !result.ok) throw new Error(`expected a success, got ${JSON.stringify(result)}`);
      expect(result.itemId).toBe('obj_item0');
      expect(result.documents).toHaveLength(2);
      result.documents.forEach((doc, i) => {
        expect(doc.position).toBe(i);
        expect(doc.payload).toEqual({ text: expect.any(String), chunk_index: i, chunk_count: 2, language: expect.stringMatching(/^[a-z]{3}$/) });
        expect((doc.payload['text'] as string).length).toBeLessThanOrEqual(100);
        expect(Object.keys(doc.vectors)).toEqual([TEXT_EMBEDDING_INDEX]);
        expect(doc.vectors[TEXT_EMBEDDING_INDEX]).toBeInstanceOf(Float32Array);
        expect(doc.vectors[TEXT_EMBEDDING_INDEX]).toHaveLength(384);
      });
      expect(result.documents.map((d) => d.payload['text']).join(' ')).toBe(TEXT_199);
    });

    it('uses the configured embedding dimensions', async () => {
      const [result] = await run([{ text: 'hello' }], { embedding: { dimensions: 32 } });
      expect(result?.ok && result.documents[0]?.vectors[TEXT_EMBEDDING_INDEX]).toHaveLength(32);
    });

    it('returns a validation error result (it does not throw) for a missing or non-string text', async () => {
      const results = await run([{}, { text: 42 }, { text: 'fine' }]);
      expect(results.map((r) => [r.itemId, r.ok])).toEqual([
        ['obj_item0', false],
        ['obj_item1', false],
        ['obj_item2', true],
      ]);
      const [missing, notString] = results;
      if (missing?.ok !== false || notString?.ok !== false) throw new Error('expected two failures');
      expect(missing.error).toBeInstanceOf(ExtractionError);
      expect(missing.error).toMatchObject({ category: 'validation', stage: 'resolve_inputs', retryable: false });
      expect(missing.error.message).toMatch(/input "text" is missing: check the collection input_mappings/);
      expect(notString.error).toMatchObject({ category: 'validation', message: 'input "text" is not a string' });
    });

    it('gives no document for blank text, successfully', async () => {
      expect(await run([{ text: '   ' }])).toEqual([{ itemId: 'obj_item0', ok: true, documents: [] }]);
    });

    it('is deterministic', async () => {
      const a = await run([{ text: TEXT_199 }], { chunk_size: 50, chunk_overlap: 10 });
      const b = await run([{ text: TEXT_199 }], { chunk_size: 50, chunk_overlap: 10 });
      expect(a).toEqual(b);
    });
  });
});

describe('ExtractorRegistry', () => {
  const registry = builtinExtractors();

  it('lists the built-in extractors and finds the text extractor', () => {
    expect(registry.list().map(extractorKey)).toEqual(['text_extractor@v1', 'passthrough_extractor@v1', 'image_extractor@v1', 'pdf_extractor@v1', 'video_extractor@v1']);
    const found = registry.find('text_extractor', 'v1');
    expect(found).toMatchObject({ name: 'text_extractor', version: 'v1', parameterSchema: textExtractor.parameterSchema });
    expect(registry.get('text_extractor', 'v1')).toBe(found);
    expect(registry.getByKey('text_extractor@v1')).toBe(found);
  });

  it('find returns undefined for an unknown name or version', () => {
    expect(registry.find('text_extractor', 'v2')).toBeUndefined();
    expect(registry.find('audio_extractor', 'v1')).toBeUndefined();
  });

  it('get throws a ValidationError listing the available extractors', () => {
    const available = 'text_extractor@v1, passthrough_extractor@v1, image_extractor@v1, pdf_extractor@v1, video_extractor@v1';
    expect(() => registry.get('audio_extractor', 'v1')).toThrow(ValidationError);
    expect(() => registry.get('audio_extractor', 'v1')).toThrow(`feature extractor audio_extractor@v1 does not exist; available: ${available}`);
    expect(() => registry.getByKey('text_extractor@v9')).toThrow(`text_extractor@v9 does not exist; available: ${available}`);
    expect(() => registry.getByKey('text_extractor')).toThrow(ValidationError);
  });

  it('refuses the same name@version twice', () => {
    const definition = textExtractor as unknown as ExtractorDefinition<never>;
    expect(() => new ExtractorRegistry([definition, definition])).toThrow('extractor text_extractor@v1 registered twice');
  });

  it('lists every registered extractor in the error', () => {
    const other = { ...textExtractor, name: 'other_extractor', version: 'v3' } as unknown as ExtractorDefinition<never>;
    const two = new ExtractorRegistry([textExtractor as unknown as ExtractorDefinition<never>, other]);
    expect(() => two.get('x', 'v1')).toThrow('available: text_extractor@v1, other_extractor@v3');
  });

  describe('language detection', () => {
    it('adds the language of the whole input to each chunk, unless turned off', async () => {
      const text = 'The harbour master logged many arrivals. He noted fog near the eastern pier before dawn.';
      const on = await textExtractor.run([{ itemId: 'a', values: { text } }], textExtractor.parseParameters({ split_by: 'sentences', chunk_size: 1 }));
      expect(on[0]?.ok && on[0].documents.map((d) => d.payload['language'])).toEqual(['eng', 'eng']);
      const off = await textExtractor.run([{ itemId: 'a', values: { text } }], textExtractor.parseParameters({ detect_language: false }));
      expect(off[0]?.ok && off[0].documents[0]?.payload).not.toHaveProperty('language');
      expect(() => textExtractor.parseParameters({ detect_language: 'yes' })).toThrow(/detect_language/);
    });
  });
});
