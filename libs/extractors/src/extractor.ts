import type { ExtractionError, VectorIndex } from '@strata/domain';
import type { ObjectStorage } from '@strata/ports';

/** One input of an extractor, resolved from a source object or document through input_mappings. */
export interface ExtractorInput {
  itemId: string;
  /** Extractor input name -> value (text of a text blob, a metadata value, ...). */
  values: Record<string, unknown>;
}

/** A document an extractor produced; `position` makes it unique within its source. */
export interface ExtractedDocument {
  position: number | string;
  payload: Record<string, unknown>;
  vectors: Record<string, Float32Array>;
}

export type ExtractorResult =
  | { itemId: string; ok: true; documents: ExtractedDocument[] }
  | { itemId: string; ok: false; error: ExtractionError };

/** What an extractor may use besides its inputs: where to write derived blobs (thumbnails, ...). */
export interface ExtractorContext {
  namespaceId: string;
  collectionId: string;
  objects: ObjectStorage;
  /**
   * Aborted when the batch is canceled while this run is in flight: an extractor stops between
   * items and aborts its requests (embedding calls), docs/reliability.md "Cancel".
   */
  signal?: AbortSignal;
}

/** JSON Schema fragment, as served by the feature extractor catalogue. */
export type JsonSchema = Record<string, unknown>;

/**
 * A versioned feature extractor. `run` gets a bounded batch of inputs and returns one result
 * per input, in order; a bad input yields an error result, it never throws for the whole batch.
 */
export interface ExtractorDefinition<P = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /**
   * Bumped when a fix changes what this version outputs for the same input (absent = 1). Part of
   * the extractor fingerprint (libs/domain `extractorFingerprint`), so an incremental re-run
   * rewrites the documents of earlier runs instead of skipping them as unchanged. A change
   * clients must opt into is a new `version` instead.
   */
  readonly outputRevision?: number;
  readonly description: string;
  /** Where it runs: in this process (built in) or behind NATS (remote). Absent = builtin. */
  readonly origin?: 'builtin' | 'remote';
  /** Blob or field types this extractor accepts. */
  readonly supportedInputTypes: readonly string[];
  readonly inputSchema: JsonSchema;
  readonly parameterSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  /** Fields that make each output document unique within one source. */
  readonly positionFields: readonly string[];
  /** Validates and fills in defaults. @throws ValidationError with what to fix. */
  parseParameters(raw: Record<string, unknown> | undefined): P;
  vectorIndexes(params: P): VectorIndex[];
  run(inputs: readonly ExtractorInput[], params: P, context?: ExtractorContext): ExtractorResult[] | Promise<ExtractorResult[]>;
  /**
   * Embeds a search query the way documents were embedded, for each vector index the query can
   * be compared with. Absent when the extractor's vectors cannot be produced from text.
   */
  embedQuery?(text: string, params: P): Promise<Record<string, Float32Array>>;
}

/** `name@version`, the extractor key used on the bus and in document ids. */
export function extractorKey(definition: Pick<ExtractorDefinition, 'name' | 'version'>): string {
  return `${definition.name}@${definition.version}`;
}
