import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { ChunkOptions, SPLIT_STRATEGIES, SplitStrategy, chunkText } from './chunker';
import { ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { HashEmbedder } from './hash-embedder';

export interface TextExtractorParams extends ChunkOptions {
  embedding: { provider: 'hash'; dimensions: number };
}

export const TEXT_EMBEDDING_INDEX = 'text_extractor_v1_embedding';

const DEFAULTS: TextExtractorParams = {
  splitBy: 'characters',
  chunkSize: 1000,
  chunkOverlap: 0,
  embedding: { provider: 'hash', dimensions: 384 },
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
  const known = new Set(['split_by', 'chunk_size', 'chunk_overlap', 'embedding', 'extractor_type']);
  const unknown = Object.keys(p).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown text_extractor parameter(s): ${unknown.join(', ')}; allowed: split_by, chunk_size, chunk_overlap, embedding`,
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
  const provider = embedding['provider'] ?? 'hash';
  if (provider !== 'hash') {
    throw new ValidationError(`parameters.embedding.provider '${String(provider)}' is not available; use 'hash'`);
  }
  const dimensions = int(embedding['dimensions'], 'embedding.dimensions', DEFAULTS.embedding.dimensions, 8, 4096);
  return { splitBy, chunkSize, chunkOverlap, embedding: { provider: 'hash', dimensions } };
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

function extractOne(input: ExtractorInput, params: TextExtractorParams): ExtractorResult {
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
  const embedder = embedderFor(params.embedding.dimensions);
  const chunks = chunkText(text, params);
  return {
    itemId: input.itemId,
    ok: true,
    documents: chunks.map((chunk) => ({
      position: chunk.index,
      payload: { text: chunk.text, chunk_index: chunk.index, chunk_count: chunks.length },
      vectors: { [TEXT_EMBEDDING_INDEX]: embedder.embed(chunk.text) },
    })),
  };
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
      embedding: {
        type: 'object',
        properties: {
          provider: { type: 'string', enum: ['hash'], default: 'hash' },
          dimensions: { type: 'integer', minimum: 8, maximum: 4096, default: 384 },
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
      [TEXT_EMBEDDING_INDEX]: { type: 'array', items: { type: 'number' } },
    },
  },
  positionFields: ['chunk_index'],
  parseParameters: parse,
  vectorIndexes(params): VectorIndex[] {
    return [{ name: TEXT_EMBEDDING_INDEX, dimensions: params.embedding.dimensions, distance: 'cosine' }];
  },
  run(inputs, params) {
    return inputs.map((input) => {
      try {
        return extractOne(input, params);
      } catch (cause) {
        return {
          itemId: input.itemId,
          ok: false,
          error: new ExtractionError(`text extraction failed: ${(cause as Error).message}`, 'runtime', 'extract', { cause }),
        };
      }
    });
  },
};
