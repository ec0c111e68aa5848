import { createHash } from 'node:crypto';

/** What a batch does when items fail (per batch, and per schedule as the default of its batches). */
export const ON_ERROR_MODES = ['continue', 'abort'] as const;
export type OnErrorMode = (typeof ON_ERROR_MODES)[number];

/**
 * `continue`: every item runs; failures make the batch COMPLETED_WITH_ERRORS (FAILED when nothing
 * succeeded). `abort`: the batch becomes FAILED as soon as a threshold is crossed and its remaining
 * work is skipped on every worker. With `abort` and no threshold, the first failure aborts.
 */
export interface ErrorPolicy {
  onError: OnErrorMode;
  /** Abort when more than this many items failed (abort only). */
  maxFailedItems: number | null;
  /** Abort when failed / total items is above this (0..1, abort only). */
  maxFailedRatio: number | null;
}

/** How a batch runs: its error policy, and whether unchanged objects are processed again. */
export interface BatchPolicy {
  errorPolicy: ErrorPolicy;
  /** Process objects again even when their content and the extractor are unchanged. */
  force: boolean;
}

export const DEFAULT_ERROR_POLICY: ErrorPolicy = { onError: 'continue', maxFailedItems: null, maxFailedRatio: null };
export const DEFAULT_BATCH_POLICY: BatchPolicy = { errorPolicy: DEFAULT_ERROR_POLICY, force: false };

/**
 * The threshold an abort policy has crossed, as the message the batch's error carries; null when
 * the batch may go on. Counts are over the whole batch (every tier known so far).
 */
export function policyBreach(policy: ErrorPolicy, counts: { failed: number; total: number }): string | null {
  if (policy.onError !== 'abort' || counts.failed <= 0) return null;
  const { failed, total } = counts;
  if (policy.maxFailedItems === null && policy.maxFailedRatio === null) {
    return `aborted: on_error is abort and ${failed} item(s) failed (no threshold set, so the first failure aborts)`;
  }
  if (policy.maxFailedItems !== null && failed > policy.maxFailedItems) {
    return `aborted: max_failed_items (${policy.maxFailedItems}) crossed: ${failed} item(s) failed`;
  }
  if (policy.maxFailedRatio !== null && total > 0 && failed / total > policy.maxFailedRatio) {
    const ratio = Math.round((failed / total) * 1000) / 1000;
    return `aborted: max_failed_ratio (${policy.maxFailedRatio}) crossed: ${failed} of ${total} items failed (${ratio})`;
  }
  return null;
}

/**
 * Checks an error policy; returns what is wrong with it (empty when valid). Thresholds belong to
 * `abort`: with `continue` nothing stops the batch, so a threshold there would be a silent no-op.
 */
export function errorPolicyProblems(policy: ErrorPolicy): string[] {
  const problems: string[] = [];
  if (policy.maxFailedItems !== null && (!Number.isInteger(policy.maxFailedItems) || policy.maxFailedItems < 0)) {
    problems.push('max_failed_items must be a non-negative integer');
  }
  if (policy.maxFailedRatio !== null && !(policy.maxFailedRatio >= 0 && policy.maxFailedRatio <= 1)) {
    problems.push('max_failed_ratio must be a number between 0 and 1');
  }
  if (policy.onError === 'continue' && (policy.maxFailedItems !== null || policy.maxFailedRatio !== null)) {
    problems.push('max_failed_items and max_failed_ratio only apply when on_error is "abort"; set on_error to "abort" or remove them');
  }
  return problems;
}

/** JSON with object keys sorted, so equal values hash equally whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/**
 * The content hash of a source object: its blobs' hashes and its metadata (input mappings and
 * passthrough may read either). Timestamps are left out, so re-writing the same content keeps it.
 */
export function sourceContentHash(object: { metadata: Record<string, unknown>; blobs: ReadonlyArray<{ property: string; hash: string }> }): string {
  const blobs = [...object.blobs].map((b) => ({ property: b.property, hash: b.hash })).sort((a, b) => (a.property < b.property ? -1 : 1));
  return sha(canonicalJson({ blobs, metadata: object.metadata }));
}

/**
 * The fingerprint of what turns a source into documents: extractor name@version and output revision, its parsed
 * parameters (defaults filled in, so `{}` and the explicit defaults agree), and the mappings and
 * passthrough settings that shape the payload. Equal fingerprints produce equal documents.
 */
export function extractorFingerprint(fields: {
  extractor: string;
  /** The extractor's output revision; 1 (or absent) leaves fingerprints of before it unchanged. */
  outputRevision?: number;
  parameters: unknown;
  inputMappings: Record<string, string>;
  fieldPassthrough?: ReadonlyArray<{ sourcePath: string; targetPath: string }>;
  includeAllSourceFields?: boolean;
}): string {
  return sha(
    canonicalJson({
      extractor: fields.extractor,
      ...((fields.outputRevision ?? 1) > 1 ? { output_revision: fields.outputRevision } : {}),
      parameters: fields.parameters ?? null,
      input_mappings: fields.inputMappings,
      field_passthrough: fields.fieldPassthrough ?? [],
      include_all_source_fields: fields.includeAllSourceFields === true,
    }),
  );
}
