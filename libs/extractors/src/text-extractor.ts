import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { CHUNKING_REVISION, ChunkOptions, SPLIT_STRATEGIES, SplitStrategy, chunkText } from './chunker';
import { ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { detectLanguage } from './language/detect-language';
import { DEFAULT_EMBEDDING, EMBEDDING_PARAMETER_SCHEMA, EmbeddingParams, embedQueryText, embedTexts, parseEmbedding, regroup } from './embedding/embedding';
import { MixpeekParameterModel, anyOf, fromMixpeekModel, intParameter as int, onlyValues } from './parameters';
import type { ExtractorRuntime } from './runtime';

export interface TextExtractorParams extends ChunkOptions {
  embedding: EmbeddingParams;
  /** Adds `language` (ISO 639-3, `und` when unknown) of the whole input to each chunk. */
  detectLanguage: boolean;
  /**
   * Mixpeek's `language`: the language every chunk is labelled with, instead of detecting it.
   * Absent (not null) when not given, so existing collections keep their extractor fingerprint.
   */
  language?: string;
}

const NO_LLM = 'Strata does not run LLM extraction; leave it out or null (docs/api-compatibility.md#extractor-parameters)';

/**
 * Mixpeek's TextExtractorParams (and the fields its clients send beside them), read by the text and
 * PDF extractors: split_by, chunk_size, chunk_overlap and language are honoured; the rest has no
 * effect here and is accepted unless it asks for LLM extraction.
 */
export const TEXT_MIXPEEK_MODEL: MixpeekParameterModel = {
  extractorTypes: ['text_extractor', 'pdf_extractor'],
  inert: {
    response_shape: onlyValues(NO_LLM),
    llm_provider: onlyValues(NO_LLM),
    llm_model: onlyValues(NO_LLM),
    llm_api_key: onlyValues(NO_LLM),
    source_type: anyOf('string'),
    segment_length_seconds: anyOf('number'),
    extract_captions: anyOf('boolean'),
  },
};

export const TEXT_EMBEDDING_INDEX = 'text_extractor_v1_embedding';

const DEFAULTS: TextExtractorParams = {
  splitBy: 'characters',
  chunkSize: 1000,
  chunkOverlap: 0,
  embedding: DEFAULT_EMBEDDING,
  detectLanguage: true,
};

function parse(raw: Record<string, unknown> | undefined, runtime: ExtractorRuntime): TextExtractorParams {
  const p = fromMixpeekModel('text_extractor', raw, TEXT_MIXPEEK_MODEL);
  const known = new Set(['split_by', 'chunk_size', 'chunk_overlap', 'embedding', 'detect_language', 'language']);
  const unknown = Object.keys(p).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown text_extractor parameter(s): ${unknown.join(', ')}; allowed: split_by, chunk_size, chunk_overlap, embedding, detect_language, language ` +
        `(and Mixpeek's TextExtractorParams fields)`,
    );
  }
  const splitBy = (p['split_by'] ?? DEFAULTS.splitBy) as SplitStrategy;
  if (!SPLIT_STRATEGIES.includes(splitBy)) {
    throw new ValidationError(`parameters.split_by must be one of ${SPLIT_STRATEGIES.join(', ')}`);
  }
  const chunkSize = int(p['chunk_size'], 'chunk_size', DEFAULTS.chunkSize, 1, 100_000);
  const chunkOverlap = int(p['chunk_overlap'], 'chunk_overlap', DEFAULTS.chunkOverlap, 0, 99_999);
  if (chunkOverlap >= chunkSize) throw new ValidationError('parameters.chunk_overlap must be smaller than chunk_size');
  const detect = p['detect_language'] ?? DEFAULTS.detectLanguage;
  if (typeof detect !== 'boolean') throw new ValidationError('parameters.detect_language must be true or false');
  const language = p['language'];
  if (language !== undefined && (typeof language !== 'string' || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/.test(language))) {
    throw new ValidationError('parameters.language must be a language code such as "en" or "eng"');
  }
  return {
    splitBy,
    chunkSize,
    chunkOverlap,
    detectLanguage: detect,
    embedding: parseEmbedding(p['embedding'], runtime),
    ...(language === undefined ? {} : { language: language as string }),
  };
}

type Chunk = { text: string; index: number; language?: string | undefined };

/** The chunks of one input, or its error result. */
function chunksOf(input: ExtractorInput, params: TextExtractorParams): Chunk[] | ExtractorResult {
  const text = input.values['text'];
  if (typeof text !== 'string') {
    return {
      itemId: input.itemId,
      ok: false,
      error: new ExtractionError(
        text === undefined ? 'input "text" is missing: check the collection input_mappings' : 'input "text" is not a string',
        'validation',
        'resolve_inputs',
      ),
    };
  }
  const language = params.language ?? (params.detectLanguage ? detectLanguage(text) : undefined);
  return chunkText(text, params).map((chunk) => ({ ...chunk, language }));
}

function documentsOf(chunks: Chunk[], vectors: Float32Array[]) {
  return chunks.map((chunk, i) => ({
    position: chunk.index,
    payload: {
      text: chunk.text,
      chunk_index: chunk.index,
      chunk_count: chunks.length,
      ...(chunk.language !== undefined ? { language: chunk.language } : {}),
    },
    vectors: { [TEXT_EMBEDDING_INDEX]: vectors[i] as Float32Array },
  }));
}

/** Chunks every input, embeds all chunks (in the provider's batches), and assembles per-item results. */
async function runAll(inputs: readonly ExtractorInput[], params: TextExtractorParams, runtime: ExtractorRuntime, signal?: AbortSignal): Promise<ExtractorResult[]> {
  const chunked = inputs.map((input) => {
    try {
      return chunksOf(input, params);
    } catch (cause) {
      return {
        itemId: input.itemId,
        ok: false as const,
        error: new ExtractionError(`text extraction failed: ${(cause as Error).message}`, 'runtime', 'extract', { cause }),
      };
    }
  });
  const lists = chunked.filter((c): c is Chunk[] => Array.isArray(c));
  const texts = lists.flatMap((c) => c.map((k) => k.text));
  const vectors = regroup(await embedTexts(params.embedding, texts, runtime, signal), lists.map((c) => c.length));
  let next = 0;
  return chunked.map((c, i) => {
    if (!Array.isArray(c)) return c;
    const itemId = (inputs[i] as ExtractorInput).itemId;
    const mine = vectors[next++] as Float32Array[] | ExtractionError;
    return mine instanceof ExtractionError ? { itemId, ok: false, error: mine } : { itemId, ok: true, documents: documentsOf(c, mine) };
  });
}

/** text_extractor@v1: chunks a text and embeds each chunk (hash embedder by default). */
export const textExtractor = (runtime: ExtractorRuntime): ExtractorDefinition<TextExtractorParams> => ({
  name: 'text_extractor',
  version: 'v1',
  outputRevision: CHUNKING_REVISION,
  description:
    'Splits text into chunks and embeds each chunk. The default `hash` embedding is lexical (word and character n-gram hashing), not semantic.',
  supportedInputTypes: ['text', 'string'],
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string', description: 'The text to chunk and embed' } },
    required: ['text'],
  },
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      split_by: { type: 'string', enum: [...SPLIT_STRATEGIES], default: DEFAULTS.splitBy },
      chunk_size: { type: 'integer', minimum: 1, maximum: 100000, default: DEFAULTS.chunkSize },
      chunk_overlap: { type: 'integer', minimum: 0, default: DEFAULTS.chunkOverlap },
      detect_language: { type: 'boolean', default: true },
      language: { type: 'string', description: 'Label every chunk with this language code instead of detecting it' },
      extractor_type: { type: 'string', enum: [...TEXT_MIXPEEK_MODEL.extractorTypes], description: "Mixpeek's discriminator; accepted" },
      ...Object.fromEntries(
        Object.keys(TEXT_MIXPEEK_MODEL.inert).map((k) => [k, { description: "Mixpeek's TextExtractorParams field: accepted, no effect in Strata (LLM fields only when null)" }]),
      ),
      embedding: EMBEDDING_PARAMETER_SCHEMA,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      text: { type: 'string' },
      chunk_index: { type: 'integer' },
      chunk_count: { type: 'integer' },
      language: { type: 'string', description: 'ISO 639-3 code of the input text (franc-min), `und` when unknown' },
      [TEXT_EMBEDDING_INDEX]: { type: 'array', items: { type: 'number' } },
    },
  },
  positionFields: ['chunk_index'],
  parseParameters: (raw) => parse(raw, runtime),
  vectorIndexes(params): VectorIndex[] {
    return [{ name: TEXT_EMBEDDING_INDEX, dimensions: params.embedding.dimensions, distance: 'cosine' }];
  },
  async embedQuery(text, params) {
    return { [TEXT_EMBEDDING_INDEX]: await embedQueryText(params.embedding, text, runtime) };
  },
  run(inputs, params, context) {
    return runAll(inputs, params, runtime, context?.signal);
  },
});
