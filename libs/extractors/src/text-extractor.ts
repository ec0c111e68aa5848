import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { ChunkOptions, SPLIT_STRATEGIES, SplitStrategy, chunkText } from './chunker';
import { ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { HashEmbedder } from './hash-embedder';
import { detectLanguage } from './language/detect-language';
import { OpenAiCompatibleSettings, embedOpenAiCompatible } from './embedding/openai-compatible';

export type EmbeddingParams =
  | { provider: 'hash'; dimensions: number }
  | ({ provider: 'openai-compatible' } & OpenAiCompatibleSettings);

export interface TextExtractorParams extends ChunkOptions {
  embedding: EmbeddingParams;
  /** Adds `language` (ISO 639-3, `und` when unknown) of the whole input to each chunk. */
  detectLanguage: boolean;
}

export const TEXT_EMBEDDING_INDEX = 'text_extractor_v1_embedding';

const DEFAULTS: TextExtractorParams = {
  splitBy: 'characters',
  chunkSize: 1000,
  chunkOverlap: 0,
  embedding: { provider: 'hash', dimensions: 384 },
  detectLanguage: true,
};

function int(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    throw new ValidationError(`parameters.${name} must be an integer between ${min} and ${max}`, [
      { location: `feature_extractor.parameters.${name}`, message: `expected an integer in [${min}, ${max}]`, type: 'value_error' },
    ]);
  }
  return raw;
}

function parse(raw: Record<string, unknown> | undefined): TextExtractorParams {
  const p = raw ?? {};
  const known = new Set(['split_by', 'chunk_size', 'chunk_overlap', 'embedding', 'detect_language', 'extractor_type']);
  const unknown = Object.keys(p).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown text_extractor parameter(s): ${unknown.join(', ')}; allowed: split_by, chunk_size, chunk_overlap, embedding, detect_language`,
    );
  }
  const splitBy = (p['split_by'] ?? DEFAULTS.splitBy) as SplitStrategy;
  if (!SPLIT_STRATEGIES.includes(splitBy)) {
    throw new ValidationError(`parameters.split_by must be one of ${SPLIT_STRATEGIES.join(', ')}`);
  }
  const chunkSize = int(p['chunk_size'], 'chunk_size', DEFAULTS.chunkSize, 1, 100_000);
  const chunkOverlap = int(p['chunk_overlap'], 'chunk_overlap', DEFAULTS.chunkOverlap, 0, 99_999);
  if (chunkOverlap >= chunkSize) throw new ValidationError('parameters.chunk_overlap must be smaller than chunk_size');
  const embedding = (p['embedding'] ?? {}) as Record<string, unknown>;
  if (typeof embedding !== 'object' || embedding === null || Array.isArray(embedding)) {
    throw new ValidationError('parameters.embedding must be an object such as {"provider": "hash", "dimensions": 384}');
  }
  const detect = p['detect_language'] ?? DEFAULTS.detectLanguage;
  if (typeof detect !== 'boolean') throw new ValidationError('parameters.detect_language must be true or false');
  const provider = embedding['provider'] ?? 'hash';
  const dimensions = int(embedding['dimensions'], 'embedding.dimensions', DEFAULTS.embedding.dimensions, 8, 4096);
  if (provider === 'hash') {
    const extra = Object.keys(embedding).filter((k) => k !== 'provider' && k !== 'dimensions');
    if (extra.length > 0) throw new ValidationError(`parameters.embedding: ${extra.join(', ')} only apply to provider 'openai-compatible'`);
    return { splitBy, chunkSize, chunkOverlap, detectLanguage: detect, embedding: { provider: 'hash', dimensions } };
  }
  if (provider !== 'openai-compatible') {
    throw new ValidationError(`parameters.embedding.provider '${String(provider)}' is not available; use 'hash' or 'openai-compatible'`);
  }
  const allowed = new Set(['provider', 'dimensions', 'base_url', 'model', 'batch_size', 'timeout_ms', 'max_retries', 'max_concurrency']);
  const extra = Object.keys(embedding).filter((k) => !allowed.has(k));
  if (extra.length > 0) throw new ValidationError(`unknown parameters.embedding field(s): ${extra.join(', ')}; allowed: ${[...allowed].join(', ')}`);
  const baseUrl = embedding['base_url'];
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new ValidationError('parameters.embedding.base_url must be an http(s) URL of an endpoint serving POST /v1/embeddings, e.g. "http://127.0.0.1:8080"');
  }
  const model = embedding['model'];
  if (typeof model !== 'string' || model.length === 0 || model.length > 200) {
    throw new ValidationError('parameters.embedding.model must name the model, e.g. "text-embedding-3-small"');
  }
  if (embedding['dimensions'] === undefined) {
    throw new ValidationError('parameters.embedding.dimensions is required for openai-compatible: the vector index is created with it');
  }
  return {
    splitBy,
    chunkSize,
    chunkOverlap,
    detectLanguage: detect,
    embedding: {
      provider: 'openai-compatible',
      baseUrl,
      model,
      dimensions,
      batchSize: int(embedding['batch_size'], 'embedding.batch_size', 64, 1, 2048),
      timeoutMs: int(embedding['timeout_ms'], 'embedding.timeout_ms', 30_000, 100, 600_000),
      maxRetries: int(embedding['max_retries'], 'embedding.max_retries', 4, 0, 10),
      maxConcurrency: int(embedding['max_concurrency'], 'embedding.max_concurrency', 2, 1, 64),
    },
  };
}

const embedders = new Map<number, HashEmbedder>();
function embedderFor(dimensions: number): HashEmbedder {
  let embedder = embedders.get(dimensions);
  if (embedder === undefined) {
    embedder = new HashEmbedder(dimensions);
    embedders.set(dimensions, embedder);
  }
  return embedder;
}

/** The chunks of one input, or its error result. */
function chunksOf(input: ExtractorInput, params: TextExtractorParams): { text: string; index: number; language?: string | undefined }[] | ExtractorResult {
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
  const language = params.detectLanguage ? detectLanguage(text) : undefined;
  return chunkText(text, params).map((chunk) => ({ ...chunk, language }));
}

function documentsOf(chunks: { text: string; index: number; language?: string | undefined }[], vectors: Float32Array[]) {
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
async function runAll(inputs: readonly ExtractorInput[], params: TextExtractorParams): Promise<ExtractorResult[]> {
  const embedding = params.embedding;
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
  if (embedding.provider === 'hash') {
    const embedder = embedderFor(embedding.dimensions);
    return chunked.map((c, i) =>
      Array.isArray(c) ? { itemId: (inputs[i] as ExtractorInput).itemId, ok: true, documents: documentsOf(c, c.map((k) => embedder.embed(k.text))) } : c,
    );
  }
  const texts = chunked.flatMap((c) => (Array.isArray(c) ? c.map((k) => k.text) : []));
  let vectors: Float32Array[];
  try {
    vectors = texts.length > 0 ? await embedOpenAiCompatible(embedding, texts) : [];
  } catch (cause) {
    // One failed request fails the items it carried: the category says whether a retry may help.
    const error = cause instanceof ExtractionError ? cause : new ExtractionError(`embedding failed: ${(cause as Error).message}`, 'runtime', 'embed', { cause });
    return chunked.map((c, i) => (Array.isArray(c) ? { itemId: (inputs[i] as ExtractorInput).itemId, ok: false, error } : c));
  }
  let offset = 0;
  return chunked.map((c, i) => {
    if (!Array.isArray(c)) return c;
    const mine = vectors.slice(offset, offset + c.length);
    offset += c.length;
    return { itemId: (inputs[i] as ExtractorInput).itemId, ok: true, documents: documentsOf(c, mine) };
  });
}

/** text_extractor@v1: chunks a text and embeds each chunk (hash embedder by default). */
export const textExtractor: ExtractorDefinition<TextExtractorParams> = {
  name: 'text_extractor',
  version: 'v1',
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
      embedding: {
        type: 'object',
        properties: {
          provider: { type: 'string', enum: ['hash', 'openai-compatible'], default: 'hash' },
          dimensions: { type: 'integer', minimum: 8, maximum: 4096, default: 384 },
          base_url: { type: 'string', description: 'openai-compatible: endpoint serving POST /v1/embeddings' },
          model: { type: 'string', description: 'openai-compatible: model name' },
          batch_size: { type: 'integer', minimum: 1, maximum: 2048, default: 64 },
          timeout_ms: { type: 'integer', minimum: 100, maximum: 600000, default: 30000 },
          max_retries: { type: 'integer', minimum: 0, maximum: 10, default: 4 },
          max_concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
        },
      },
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
  parseParameters: parse,
  vectorIndexes(params): VectorIndex[] {
    return [{ name: TEXT_EMBEDDING_INDEX, dimensions: params.embedding.dimensions, distance: 'cosine' }];
  },
  run(inputs, params) {
    return runAll(inputs, params);
  },
};
