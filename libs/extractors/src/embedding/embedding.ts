import { ExtractionError, ValidationError } from '@strata/domain';
import { HashEmbedder } from '../hash-embedder';
import { OpenAiCompatibleSettings, embedOpenAiCompatible } from './openai-compatible';
import { ONNX_DTYPES, ONNX_POOLINGS, OnnxSettings, embedOnnx, resolveOnnxModel } from './onnx';
import { intParameter as int } from '../parameters';
import type { ExtractorRuntime } from '../runtime';

/** The `embedding` parameter of text_extractor and pdf_extractor, parsed. */
export type EmbeddingParams =
  { provider: 'hash'; dimensions: number } | ({ provider: 'openai-compatible' } & OpenAiCompatibleSettings) | ({ provider: 'onnx' } & OnnxSettings);

export const EMBEDDING_PROVIDERS = ['hash', 'openai-compatible', 'onnx'] as const;
export const DEFAULT_EMBEDDING: EmbeddingParams = {
  provider: 'hash',
  dimensions: 384,
};

function onlyFields(embedding: Record<string, unknown>, allowed: readonly string[], provider: string): void {
  const extra = Object.keys(embedding).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw new ValidationError(`parameters.embedding: ${extra.join(', ')} do not apply to provider '${provider}'; allowed: ${allowed.join(', ')}`);
  }
}

function oneOf<T extends string>(raw: unknown, name: string, values: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !values.includes(raw as T)) throw new ValidationError(`parameters.embedding.${name} must be one of ${values.join(', ')}`);
  return raw as T;
}

function parseOpenAi(embedding: Record<string, unknown>, dimensions: number): EmbeddingParams {
  onlyFields(embedding, ['provider', 'dimensions', 'base_url', 'model', 'batch_size', 'timeout_ms', 'max_retries', 'max_concurrency'], 'openai-compatible');
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
    provider: 'openai-compatible',
    baseUrl,
    model,
    dimensions,
    batchSize: int(embedding['batch_size'], 'embedding.batch_size', 64, 1, 2048),
    timeoutMs: int(embedding['timeout_ms'], 'embedding.timeout_ms', 30_000, 100, 600_000),
    maxRetries: int(embedding['max_retries'], 'embedding.max_retries', 4, 0, 10),
    maxConcurrency: int(embedding['max_concurrency'], 'embedding.max_concurrency', 2, 1, 64),
  };
}

function parseOnnx(embedding: Record<string, unknown>, modelsDir: string | null): EmbeddingParams {
  onlyFields(embedding, ['provider', 'model', 'dimensions', 'pooling', 'normalize', 'batch_size', 'dtype'], 'onnx');
  const model = embedding['model'];
  if (typeof model !== 'string' || model.length === 0) {
    throw new ValidationError('parameters.embedding.model must name a model directory under EMBEDDING_MODELS_DIR, e.g. "all-MiniLM-L6-v2"');
  }
  const normalize = embedding['normalize'] ?? true;
  if (typeof normalize !== 'boolean') throw new ValidationError('parameters.embedding.normalize must be true or false');
  const dtype = oneOf(embedding['dtype'], 'dtype', ONNX_DTYPES, 'fp32');
  const { modelDir, hiddenSize } = resolveOnnxModel(modelsDir, model, dtype);
  const declared = embedding['dimensions'] === undefined ? null : int(embedding['dimensions'], 'embedding.dimensions', 0, 8, 4096);
  if (declared !== null && hiddenSize !== null && declared !== hiddenSize) {
    throw new ValidationError(
      `parameters.embedding.dimensions is ${declared} but model '${model}' produces ${hiddenSize} (hidden_size in its config.json); omit dimensions to use the model's`,
    );
  }
  const dimensions = declared ?? hiddenSize;
  if (dimensions === null) {
    throw new ValidationError(`model '${model}' has no hidden_size in its config.json: set parameters.embedding.dimensions to the width of its vectors`);
  }
  return {
    provider: 'onnx',
    model,
    modelDir,
    dimensions,
    pooling: oneOf(embedding['pooling'], 'pooling', ONNX_POOLINGS, 'mean'),
    normalize,
    batchSize: int(embedding['batch_size'], 'embedding.batch_size', 32, 1, 1024),
    dtype,
  };
}

/**
 * Validates `parameters.embedding` and fills in defaults; an onnx model is looked up under the
 * runtime's models folder. @throws ValidationError with what to fix.
 */
export function parseEmbedding(raw: unknown, runtime: ExtractorRuntime): EmbeddingParams {
  const embedding = (raw ?? {}) as Record<string, unknown>;
  if (typeof embedding !== 'object' || embedding === null || Array.isArray(embedding)) {
    throw new ValidationError('parameters.embedding must be an object such as {"provider": "hash", "dimensions": 384}');
  }
  const provider = embedding['provider'] ?? 'hash';
  if (provider === 'onnx') return parseOnnx(embedding, runtime.modelsDir);
  const dimensions = int(embedding['dimensions'], 'embedding.dimensions', DEFAULT_EMBEDDING.dimensions, 8, 4096);
  if (provider === 'hash') {
    onlyFields(embedding, ['provider', 'dimensions'], 'hash');
    return { provider: 'hash', dimensions };
  }
  if (provider === 'openai-compatible') return parseOpenAi(embedding, dimensions);
  throw new ValidationError(`parameters.embedding.provider '${String(provider)}' is not available; use one of ${EMBEDDING_PROVIDERS.join(', ')}`);
}

/** JSON Schema of `parameters.embedding`, for the extractor catalogue. */
export const EMBEDDING_PARAMETER_SCHEMA = {
  type: 'object',
  properties: {
    provider: {
      type: 'string',
      enum: [...EMBEDDING_PROVIDERS],
      default: 'hash',
    },
    dimensions: {
      type: 'integer',
      minimum: 8,
      maximum: 4096,
      default: 384,
      description: 'hash: vector width; openai-compatible: required; onnx: optional, read from the model config.json (hidden_size)',
    },
    base_url: {
      type: 'string',
      description: 'openai-compatible: endpoint serving POST /v1/embeddings',
    },
    model: {
      type: 'string',
      description: 'openai-compatible: model name; onnx: model directory under EMBEDDING_MODELS_DIR',
    },
    batch_size: {
      type: 'integer',
      minimum: 1,
      maximum: 2048,
      description: 'texts per request (openai-compatible, default 64) or forward pass (onnx, default 32)',
    },
    timeout_ms: {
      type: 'integer',
      minimum: 100,
      maximum: 600000,
      default: 30000,
      description: 'openai-compatible',
    },
    max_retries: {
      type: 'integer',
      minimum: 0,
      maximum: 10,
      default: 4,
      description: 'openai-compatible',
    },
    max_concurrency: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 2,
      description: 'openai-compatible',
    },
    pooling: {
      type: 'string',
      enum: [...ONNX_POOLINGS],
      default: 'mean',
      description: 'onnx: how token vectors become one vector',
    },
    normalize: {
      type: 'boolean',
      default: true,
      description: 'onnx: L2-normalise vectors',
    },
    dtype: {
      type: 'string',
      enum: [...ONNX_DTYPES],
      default: 'fp32',
      description: 'onnx: fp32 = onnx/model.onnx, q8 = onnx/model_quantized.onnx',
    },
  },
} as const;

const hashEmbedders = new Map<number, HashEmbedder>();
function hashEmbedder(dimensions: number): HashEmbedder {
  let embedder = hashEmbedders.get(dimensions);
  if (embedder === undefined) {
    embedder = new HashEmbedder(dimensions);
    hashEmbedders.set(dimensions, embedder);
  }
  return embedder;
}

/**
 * Embeds texts with the configured provider: one entry per text, its vector or the error that
 * fails the item it belongs to. Never throws.
 */
export async function embedTexts(
  params: EmbeddingParams,
  texts: readonly string[],
  runtime: ExtractorRuntime,
  signal?: AbortSignal,
): Promise<Array<Float32Array | ExtractionError>> {
  if (texts.length === 0) return [];
  if (params.provider === 'hash') {
    const embedder = hashEmbedder(params.dimensions);
    return texts.map((text) => embedder.embed(text));
  }
  if (params.provider === 'onnx') return embedOnnx(params, texts);
  try {
    return await embedOpenAiCompatible(params, texts, runtime.embeddingApiKey, signal);
  } catch (cause) {
    // Not expected (the provider reports failures per text); if it throws, every text fails with
    // the reason, and the category says whether a retry may help.
    const error =
      cause instanceof ExtractionError ? cause : new ExtractionError(`embedding failed: ${(cause as Error).message}`, 'runtime', 'embed', { cause });
    return texts.map(() => error);
  }
}

/** Embeds one query text the way documents were embedded. @throws ExtractionError */
export async function embedQueryText(params: EmbeddingParams, text: string, runtime: ExtractorRuntime): Promise<Float32Array> {
  const [vector] = await embedTexts(params, [text], runtime);
  if (vector === undefined) throw new ExtractionError('embedding returned nothing', 'runtime', 'embed');
  if (vector instanceof ExtractionError) throw vector;
  return vector;
}

/**
 * Splits the flat per-text results back into groups of `sizes`: each group gets its vectors, or
 * the first error among them.
 */
export function regroup(results: ReadonlyArray<Float32Array | ExtractionError>, sizes: readonly number[]): Array<Float32Array[] | ExtractionError> {
  let offset = 0;
  return sizes.map((size) => {
    const mine = results.slice(offset, offset + size);
    offset += size;
    const failed = mine.find((r): r is ExtractionError => r instanceof ExtractionError);
    return failed ?? (mine as Float32Array[]);
  });
}
