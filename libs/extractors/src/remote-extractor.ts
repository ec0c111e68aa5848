import { RemoteExtractReplyV1, RemoteExtractRequestV1, remoteExtractSubject } from '@strata/contracts';
import { ERROR_CATEGORIES, ErrorCategory, ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import type { RequestReply } from '@strata/ports';
import { ExtractorDefinition, ExtractorInput, ExtractorResult, JsonSchema } from './extractor';

/**
 * How an out-of-process extractor is declared to Strata (the API and the workers load the same
 * list): the catalogue entry, its vector indexes, and how long a call may take.
 */
export interface RemoteExtractorSpec {
  name: string;
  version: string;
  description: string;
  supportedInputTypes: string[];
  inputSchema: JsonSchema;
  parameterSchema?: JsonSchema;
  outputSchema: JsonSchema;
  vectorIndexes: VectorIndex[];
  positionFields: string[];
  /** Per-request timeout (one request carries one work message's inputs). */
  timeoutMs?: number;
}

function encodeValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? { $binary: value.toString('base64') } : value;
}

function category(value: unknown): ErrorCategory {
  return (ERROR_CATEGORIES as readonly string[]).includes(value as string) ? (value as ErrorCategory) : 'runtime';
}

/**
 * An extractor served by another process over NATS request/reply (protocol in
 * libs/contracts/src/remote-extractor.ts). A timeout or a missing responder is `network` and
 * retryable (the work message is retried); a malformed reply is `dependency`; per-item errors keep
 * the category and stage the remote side gives.
 */
export function remoteExtractor(spec: RemoteExtractorSpec, transport: RequestReply, prefix: string): ExtractorDefinition<Record<string, unknown>> {
  const key = `${spec.name}@${spec.version}`;
  const subject = remoteExtractSubject(prefix, key);
  const timeoutMs = spec.timeoutMs ?? 30_000;
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    origin: 'remote',
    supportedInputTypes: spec.supportedInputTypes,
    inputSchema: spec.inputSchema,
    parameterSchema: spec.parameterSchema ?? { type: 'object' },
    outputSchema: spec.outputSchema,
    positionFields: spec.positionFields,
    parseParameters(raw) {
      if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
        throw new ValidationError(`${key}: parameters must be an object`);
      }
      return raw ?? {};
    },
    vectorIndexes: () => spec.vectorIndexes,
    async run(inputs: readonly ExtractorInput[], params, context): Promise<ExtractorResult[]> {
      const request: RemoteExtractRequestV1 = {
        schema: 'strata.extract-request',
        version: 1,
        extractor: key,
        namespace_id: context?.namespaceId ?? '',
        collection_id: context?.collectionId ?? '',
        parameters: params,
        inputs: inputs.map((i) => ({ item_id: i.itemId, values: Object.fromEntries(Object.entries(i.values).map(([k, v]) => [k, encodeValue(v)])) })),
      };
      const failAll = (error: ExtractionError): ExtractorResult[] => inputs.map((i) => ({ itemId: i.itemId, ok: false, error }));
      let raw: Uint8Array;
      try {
        raw = await transport.request(subject, Buffer.from(JSON.stringify(request)), timeoutMs);
      } catch (cause) {
        const message = (cause as Error).message;
        const tooBig = /payload|max_payload|too large/i.test(message);
        return failAll(
          new ExtractionError(
            tooBig ? `${key}: the request is larger than the bus allows` : `${key} did not answer on ${subject}: ${message}`,
            tooBig ? 'resource' : 'network',
            'remote_call',
            { cause, retryable: !tooBig },
          ),
        );
      }
      let reply: RemoteExtractReplyV1;
      try {
        reply = JSON.parse(Buffer.from(raw).toString('utf8')) as RemoteExtractReplyV1;
        if (reply.schema !== 'strata.extract-reply' || !Array.isArray(reply.results)) throw new Error('not a strata.extract-reply');
      } catch (cause) {
        return failAll(new ExtractionError(`${key} sent a malformed reply: ${(cause as Error).message}`, 'dependency', 'remote_reply', { cause, retryable: false }));
      }
      const byId = new Map(reply.results.map((r) => [r.item_id, r]));
      return inputs.map((input): ExtractorResult => {
        const r = byId.get(input.itemId);
        if (r === undefined) {
          return { itemId: input.itemId, ok: false, error: new ExtractionError(`${key} returned no result for this item`, 'dependency', 'remote_reply', { retryable: false }) };
        }
        if (!r.ok) {
          return {
            itemId: input.itemId,
            ok: false,
            error: new ExtractionError(String(r.error?.message ?? 'remote extractor failed'), category(r.error?.category), r.error?.stage ?? 'remote_extract', { retryable: false }),
          };
        }
        return {
          itemId: input.itemId,
          ok: true,
          documents: r.documents.map((d) => ({
            position: d.position,
            payload: d.payload,
            vectors: Object.fromEntries(Object.entries(d.vectors ?? {}).map(([name, v]) => [name, Float32Array.from(v)])),
          })),
        };
      });
    },
  };
}

/** Parses a JSON list of remote extractor specs (the file named by REMOTE_EXTRACTORS_FILE). @throws Error naming what is wrong. */
export function parseRemoteSpecs(json: string): RemoteExtractorSpec[] {
  const value = JSON.parse(json) as unknown;
  const list = Array.isArray(value) ? value : [value];
  return list.map((raw, i) => {
    const s = raw as Partial<RemoteExtractorSpec>;
    const where = `remote extractor #${i}`;
    if (typeof s.name !== 'string' || !/^[a-z][a-z0-9_]{1,63}$/.test(s.name)) throw new Error(`${where}: name must be snake_case`);
    if (typeof s.version !== 'string' || !/^v[0-9]+$/.test(s.version)) throw new Error(`${where}: version must look like v1`);
    if (!Array.isArray(s.vectorIndexes) || !s.vectorIndexes.every((v) => typeof v.name === 'string' && Number.isInteger(v.dimensions))) {
      throw new Error(`${where}: vectorIndexes must list {name, dimensions, distance}`);
    }
    return {
      name: s.name,
      version: s.version,
      description: s.description ?? '',
      supportedInputTypes: s.supportedInputTypes ?? [],
      inputSchema: s.inputSchema ?? { type: 'object', properties: {} },
      ...(s.parameterSchema !== undefined ? { parameterSchema: s.parameterSchema } : {}),
      outputSchema: s.outputSchema ?? { type: 'object', properties: {} },
      vectorIndexes: s.vectorIndexes,
      positionFields: s.positionFields ?? [],
      ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
    };
  });
}
