import { createHash, randomBytes } from 'node:crypto';

/** Prefixes of every public identifier. Changing one is a breaking API change. */
export const ID_PREFIX = {
  namespace: 'ns',
  bucket: 'bkt',
  object: 'obj',
  blob: 'blob',
  collection: 'col',
  batch: 'btch',
  task: 'task',
  document: 'doc',
  event: 'evt',
  apiKey: 'key',
  upload: 'upl',
  schedule: 'sched',
  scheduleRun: 'run',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Random part length per kind; batch and collection lengths follow Mixpeek's documented formats. */
const RANDOM_LENGTH: Record<IdKind, number> = {
  namespace: 16,
  bucket: 16,
  object: 20,
  blob: 20,
  collection: 10,
  batch: 12,
  task: 20,
  document: 24,
  event: 20,
  apiKey: 16,
  upload: 16,
  schedule: 16,
  scheduleRun: 20,
};

function randomToken(length: number): string {
  // Rejection-free: 256 % 36 bias is negligible for ids, but avoid it anyway by masking to 32.
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b < 252) out += ALPHABET[b % 36];
  }
  while (out.length < length) out += ALPHABET[(randomBytes(1)[0] as number) % 36];
  return out;
}

/** A new random identifier such as `btch_k3v9x0q2m1ab`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${randomToken(RANDOM_LENGTH[kind])}`;
}

const ID_PATTERNS: Record<IdKind, RegExp> = Object.fromEntries(
  (Object.keys(ID_PREFIX) as IdKind[]).map((kind) => [kind, new RegExp(`^${ID_PREFIX[kind]}_[a-z0-9]{6,64}$`)]),
) as Record<IdKind, RegExp>;

/** True when `value` is a well-formed identifier of the given kind. */
export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERNS[kind].test(value);
}

/** The parts that make a document unique; see {@link documentId}. */
export interface DocumentIdentity {
  namespaceId: string;
  collectionId: string;
  /** The source object (tier 0) or source document (tier N). */
  sourceId: string;
  /** `name@version` of the extractor that produced the document. */
  extractor: string;
  /** Position within the source: chunk index, page, segment start. */
  position: string | number;
}

/**
 * Deterministic document id: the same source, extractor and position always give the same id,
 * so a redelivered work item overwrites its documents instead of duplicating them.
 */
export function documentId(identity: DocumentIdentity): string {
  const hash = createHash('sha256')
    .update(
      [identity.namespaceId, identity.collectionId, identity.sourceId, identity.extractor, String(identity.position)].join(
        '\u001f',
      ),
    )
    .digest('hex');
  return `${ID_PREFIX.document}_${hash.slice(0, 24)}`;
}

/** A deterministic id of the given kind from its parts (e.g. one event per batch and transition). */
export function derivedId(kind: IdKind, ...parts: Array<string | number>): string {
  const hash = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  return `${ID_PREFIX[kind]}_${hash.slice(0, RANDOM_LENGTH[kind])}`;
}

/** A new API key secret: `sk_` and 40 random characters (about 206 bits). Shown once. */
export function newApiKeySecret(): string {
  return `sk_${randomToken(40)}`;
}

/** How keys are stored and looked up; keys are random, so a plain SHA-256 is enough (no salt). */
export function hashApiKey(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex')}`;
}

/** `sha256:<hex>` of some bytes: the content hash of blobs and uploads. */
export function contentHash(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
