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

/**
 * Kinds created in bulk whose ids start with their creation time (docs/adr/0104): a B-tree keyed
 * by such ids (objects, batch items, the documents of an object) takes new rows at its end
 * instead of at random places, so a write dirties a few pages, not one per row and index.
 */
const TIME_ORDERED: ReadonlySet<IdKind> = new Set<IdKind>(['object', 'blob', 'task', 'event', 'upload', 'scheduleRun']);

/** Characters of the time part: milliseconds since 1970 in base 36 (nine digits last until the year 5138). */
const ID_TIME_DIGITS = 9;

/** The creation-time part of a time-ordered id: `ID_TIME_DIGITS` base-36 digits, zero-padded so ids sort by time. */
function timePart(now: number): string {
  return Math.floor(now).toString(36).padStart(ID_TIME_DIGITS, '0').slice(-ID_TIME_DIGITS);
}

/**
 * A new identifier such as `btch_k3v9x0q2m1ab`: random, or for the kinds created in bulk (objects,
 * blobs, tasks, events, uploads, schedule runs) the creation time (`ID_TIME_DIGITS` characters)
 * followed by random characters, e.g. `obj_0mivq3k2pa7c9x1b4d8e2f`. Same alphabet and length either way.
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  const length = RANDOM_LENGTH[kind];
  if (TIME_ORDERED.has(kind)) return `${ID_PREFIX[kind]}_${timePart(now)}${randomToken(length - ID_TIME_DIGITS)}`;
  return `${ID_PREFIX[kind]}_${randomToken(length)}`;
}

/** The leading `ID_TIME_DIGITS` characters after an id's prefix, when they are [a-z0-9]; else null. */
function localityOf(id: string): string | null {
  const start = id.indexOf('_') + 1;
  const part = id.slice(start, start + ID_TIME_DIGITS);
  return start > 0 && part.length === ID_TIME_DIGITS && /^[a-z0-9]+$/.test(part) ? part : null;
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
 * so a redelivered work item overwrites its documents instead of duplicating them. The id is
 * `doc_`, nine characters of the source id (its creation time: see newId) and 15 hex digits of a
 * SHA-256 of the identity. (Until ADR 0104 it was 24 hex digits of the hash; documents written
 * then keep their ids, and a re-run that rewrites a changed source removes them as surplus.)
 */
export function documentId(identity: DocumentIdentity): string {
  const hash = createHash('sha256')
    .update(
      [identity.namespaceId, identity.collectionId, identity.sourceId, identity.extractor, String(identity.position)].join(
        '\u001f',
      ),
    )
    .digest('hex');
  // The source's leading characters first (the creation time of a time-ordered object id, which a
  // derived document inherits through its source document): documents of sources created
  // together sit together in every index keyed by document id. Then 15 hex digits of the hash.
  const locality = localityOf(identity.sourceId) ?? hash.slice(15, 15 + ID_TIME_DIGITS);
  return `${ID_PREFIX.document}_${locality}${hash.slice(0, 24 - ID_TIME_DIGITS)}`;
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
