import { resolve } from 'node:path';
import { IsolationLimits, IsolationPool } from './isolation/isolated-process';

/** The host settings extractors run with, from each app's validated config (docs/configuration.md). */
export interface ExtractorRuntimeSettings {
  /** Isolated children running at once in this process (EXTRACTOR_POOL_SIZE). */
  isolationPoolSize: number;
  /** Limits of one isolated run or ffmpeg call (EXTRACTOR_TIMEOUT_MS, EXTRACTOR_MAX_HEAP_MB). */
  isolationLimits: Partial<IsolationLimits>;
  /** Bearer token sent to openai-compatible endpoints (EMBEDDING_API_KEY); never stored in a collection. */
  embeddingApiKey: string | null;
  /** Where local ONNX models live (EMBEDDING_MODELS_DIR); null leaves the onnx provider disabled. */
  embeddingModelsDir: string | null;
}

/**
 * What the built-in extractors share in one process: the isolation pool, the embedding API key
 * and the models folder. Each app builds one from its config and hands it to the registry, so
 * parsing parameters (batch-api) and running extractors (extractor-worker) see the same settings.
 */
export class ExtractorRuntime {
  readonly isolation: IsolationPool;
  readonly embeddingApiKey: string | null;
  /** Absolute; a collection names a directory under it, never a path of its own. */
  readonly modelsDir: string | null;

  constructor(settings: Partial<ExtractorRuntimeSettings> = {}) {
    this.isolation = new IsolationPool(settings.isolationPoolSize ?? 2, settings.isolationLimits ?? {});
    const key = settings.embeddingApiKey ?? null;
    this.embeddingApiKey = key !== null && key.length > 0 ? key : null;
    const dir = settings.embeddingModelsDir ?? null;
    this.modelsDir = dir !== null && dir.length > 0 ? resolve(dir) : null;
  }
}
