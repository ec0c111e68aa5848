/**
 * The out-of-process extractor protocol: an extractor written in any language serves an
 * extractor type by answering NATS requests on `<prefix>.extract.v1.<extractor_id>` (subscribe
 * with the queue group `<prefix>-extractor-<extractor_id>` so replicas share the load). The worker
 * keeps everything else (reading sources, writing documents, ids, lineage, outcomes): the remote
 * side only turns inputs into documents. JSON over UTF-8; binary values are `{"$binary": base64}`.
 * NATS' max_payload (1 MB by default) bounds a request: larger inputs fail as `resource`.
 */
export interface RemoteExtractRequestV1 {
  readonly schema: 'strata.extract-request';
  readonly version: 1;
  /** `name@version`. */
  readonly extractor: string;
  readonly namespace_id: string;
  readonly collection_id: string;
  readonly parameters: Record<string, unknown>;
  readonly inputs: ReadonlyArray<{ item_id: string; values: Record<string, unknown> }>;
}

export type RemoteExtractResultV1 =
  | {
      item_id: string;
      ok: true;
      documents: Array<{ position: string | number; payload: Record<string, unknown>; vectors: Record<string, number[]> }>;
    }
  | { item_id: string; ok: false; error: { message: string; category?: string; stage?: string } };

export interface RemoteExtractReplyV1 {
  readonly schema: 'strata.extract-reply';
  readonly version: 1;
  readonly results: RemoteExtractResultV1[];
}

/** `<prefix>.extract.v1.<extractor_id>`: the subject a remote extractor answers. */
export function remoteExtractSubject(prefix: string, extractor: string): string {
  return `${prefix}.extract.v1.${extractor.replace('@', '_')}`;
}

/** The queue group replicas of one remote extractor share. */
export function remoteExtractQueue(prefix: string, extractor: string): string {
  return `${prefix}-extractor-${extractor.replace('@', '_')}`;
}
