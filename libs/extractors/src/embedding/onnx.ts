import { ExtractionError, ValidationError } from '@strata/domain';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';

export const ONNX_POOLINGS = ['mean', 'cls'] as const;
export const ONNX_DTYPES = ['fp32', 'q8'] as const;

/** Settings of a local ONNX embedding model served by transformers.js on onnxruntime-node (CPU). */
export interface OnnxSettings {
  /** Directory name under the installation's models directory (EMBEDDING_MODELS_DIR). */
  model: string;
  /** Absolute path of that directory, resolved when the parameters are parsed. */
  modelDir: string;
  pooling: (typeof ONNX_POOLINGS)[number];
  /** L2-normalise each vector (what cosine search expects of most sentence-embedding models). */
  normalize: boolean;
  /** Texts per forward pass. */
  batchSize: number;
  /** Width of the vectors: the model's hidden_size, checked against each output. */
  dimensions: number;
  /** fp32 reads onnx/model.onnx, q8 reads onnx/model_quantized.onnx. */
  dtype: (typeof ONNX_DTYPES)[number];
}

const MODEL_FILES = (dtype: OnnxSettings['dtype']): string[] => [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  join('onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx'),
];

/**
 * Finds `model` under the models directory and reads its width from config.json (hidden_size,
 * or d_model/dim). Runs when a collection is created, so a missing model is a 400 there, not a
 * failed batch later. @throws ValidationError saying what to fix.
 */
export function resolveOnnxModel(
  modelsRoot: string | null,
  model: string,
  dtype: OnnxSettings['dtype'],
): { modelDir: string; hiddenSize: number | null } {
  const at = (message: string) =>
    new ValidationError(message, [
      {
        location: 'feature_extractor.parameters.embedding.model',
        message,
        type: 'value_error',
      },
    ]);
  if (modelsRoot === null) {
    throw at(
      'the onnx embedding provider is not enabled on this installation: set EMBEDDING_MODELS_DIR on batch-api and extractor-worker to a directory of local models',
    );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$/.test(model) || model.includes('..')) {
    throw at('parameters.embedding.model must name a model directory under EMBEDDING_MODELS_DIR, such as "all-MiniLM-L6-v2" or "Xenova/all-MiniLM-L6-v2"');
  }
  const missing = (file: string) => !existsSync(join(modelsRoot, model, file));
  if (!existsSync(join(modelsRoot, model))) throw at(`model '${model}' is not installed: no directory ${model} under EMBEDDING_MODELS_DIR`);
  const absent = MODEL_FILES(dtype).filter(missing);
  if (absent.length > 0) throw at(`model '${model}' is incomplete: ${absent.join(', ')} missing (dtype ${dtype})`);
  // A symlink may not lead out of the models directory.
  const modelDir = realpathSync(join(modelsRoot, model));
  const inside = relative(realpathSync(modelsRoot), modelDir);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) throw at(`model '${model}' resolves outside EMBEDDING_MODELS_DIR`);
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw at(`model '${model}': config.json is not valid JSON (${(cause as Error).message})`);
  }
  const width = config['hidden_size'] ?? config['d_model'] ?? config['dim'];
  return {
    modelDir,
    hiddenSize: typeof width === 'number' && Number.isInteger(width) && width > 0 ? width : null,
  };
}

/** One pipeline per model and dtype per process: loading reads and compiles the graph once. */
const pipelines = new Map<string, Promise<FeatureExtractionPipeline>>();

async function loadPipeline(settings: OnnxSettings): Promise<FeatureExtractionPipeline> {
  const key = `${settings.modelDir}|${settings.dtype}`;
  let loading = pipelines.get(key);
  if (loading === undefined) {
    loading = (async () => {
      // Loaded on first use: workers that never embed with onnx do not pay for the native runtime.
      const transformers = await import('@huggingface/transformers');
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      transformers.env.useFSCache = false;
      transformers.env.useBrowserCache = false;
      // Failures reach the user as categorized item errors; the library's own console output would
      // only interleave unstructured lines with the JSON logs.
      transformers.env.logLevel = transformers.LogLevel.NONE;
      return transformers.pipeline('feature-extraction', settings.modelDir, {
        local_files_only: true,
        device: 'cpu',
        dtype: settings.dtype,
      });
    })();
    pipelines.set(key, loading);
    // A failed load is not cached: the model may be fixed or installed later.
    void loading.catch(() => pipelines.delete(key));
  }
  return loading;
}

/** Releases every loaded model (tests, shutdown). */
export async function disposeOnnxPipelines(): Promise<void> {
  const loaded = [...pipelines.values()];
  pipelines.clear();
  await Promise.all(loaded.map((p) => p.then((pipe) => pipe.dispose()).catch(() => undefined)));
}

async function forward(pipe: FeatureExtractionPipeline, settings: OnnxSettings, texts: string[]): Promise<Float32Array[]> {
  const output = await pipe(texts, { pooling: settings.pooling, normalize: settings.normalize });
  const [rows, width] = output.dims as [number, number];
  if (rows !== texts.length || width !== settings.dimensions) {
    throw new ExtractionError(
      `model '${settings.model}' returned ${rows} x ${width} values for ${texts.length} texts; the collection expects vectors of ${settings.dimensions}`,
      'validation',
      'embed',
    );
  }
  const data = output.data as Float32Array;
  return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
}

/**
 * Embeds texts in batches of `batchSize`. The result has one entry per text: its vector, or the
 * error that text ran into. A failed batch is retried one text at a time, so one text the model
 * cannot take fails only the item it came from.
 */
export async function embedOnnx(settings: OnnxSettings, texts: readonly string[]): Promise<Array<Float32Array | ExtractionError>> {
  let pipe: FeatureExtractionPipeline;
  try {
    pipe = await loadPipeline(settings);
  } catch (cause) {
    const error = new ExtractionError(`onnx model '${settings.model}' could not be loaded: ${(cause as Error).message}`, 'dependency', 'load_model', {
      cause,
      retryable: false,
    });
    return texts.map(() => error);
  }
  const out: Array<Float32Array | ExtractionError> = [];
  for (let i = 0; i < texts.length; i += settings.batchSize) {
    const batch = texts.slice(i, i + settings.batchSize);
    try {
      out.push(...(await forward(pipe, settings, batch)));
    } catch (batchError) {
      if (batch.length === 1) {
        out.push(asExtractionError(batchError));
        continue;
      }
      for (const text of batch) {
        try {
          out.push(...(await forward(pipe, settings, [text])));
        } catch (cause) {
          out.push(asExtractionError(cause));
        }
      }
    }
  }
  return out;
}

function asExtractionError(cause: unknown): ExtractionError {
  return cause instanceof ExtractionError ? cause : new ExtractionError(`onnx inference failed: ${(cause as Error).message}`, 'runtime', 'embed', { cause });
}
