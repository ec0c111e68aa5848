import { DocumentIdentity, ID_PREFIX, IdKind, derivedId, documentId, isId, newId } from './ids';

const KINDS = Object.keys(ID_PREFIX) as IdKind[];

// Random-part lengths are part of the public id formats (batch and collection follow Mixpeek).
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

const IDENTITY: DocumentIdentity = {
  namespaceId: 'ns_aaaaaaaaaaaaaaaa',
  collectionId: 'col_bbbbbbbbbb',
  sourceId: 'obj_cccccccccccccccccccc',
  extractor: 'text_extractor@v1',
  position: 0,
};

describe('ids', () => {
  describe('newId', () => {
    it('uses the documented prefix of every kind', () => {
      expect(ID_PREFIX).toEqual({
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
      });
    });

    for (const kind of KINDS) {
      it(`${kind}: <prefix>_ then ${RANDOM_LENGTH[kind]} lowercase letters or digits`, () => {
        const id = newId(kind);
        expect(id).toMatch(new RegExp(`^${ID_PREFIX[kind]}_[a-z0-9]{${RANDOM_LENGTH[kind]}}$`));
        expect(isId(kind, id)).toBe(true);
      });
    }

    it('starts the ids of kinds created in bulk with their creation time, so they sort by it', () => {
      const at = Date.parse('2026-12-07T12:00:00.000Z');
      const earlier = newId('object', at);
      const later = newId('object', at + 1);
      expect(earlier.slice(4, 13)).toBe(at.toString(36).padStart(9, '0'));
      expect([later, earlier].sort()).toEqual([earlier, later]);
      expect(newId('object', at)).not.toBe(earlier);
      for (const kind of ['blob', 'task', 'event', 'upload', 'scheduleRun'] as const) {
        expect(newId(kind, at).slice(ID_PREFIX[kind].length + 1, ID_PREFIX[kind].length + 10)).toBe(at.toString(36).padStart(9, '0'));
      }
      // Kinds with Mixpeek's short formats and the few long-lived ones stay fully random.
      const batches = new Set(Array.from({ length: 50 }, () => newId('batch', at).slice(5, 9)));
      expect(batches.size).toBeGreaterThan(1);
    });

    it('draws 10,000 time-ordered ids in one millisecond without a collision', () => {
      const ids = new Set(Array.from({ length: 10_000 }, () => newId('upload', 1_800_000_000_000)));
      expect(ids.size).toBe(10_000);
    });

    it('draws 10,000 ids of a kind without a collision', () => {
      const ids = new Set(Array.from({ length: 10_000 }, () => newId('batch')));
      expect(ids.size).toBe(10_000);
    });

    it('uses the whole alphabet (no character is stuck)', () => {
      const seen = new Set([...Array.from({ length: 500 }, () => newId('document').slice(4)).join('')]);
      expect([...seen].sort().join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
    });
  });

  describe('isId', () => {
    it('refuses another kind, other types and malformed values', () => {
      expect(isId('batch', newId('bucket'))).toBe(false);
      expect(isId('bucket', newId('batch'))).toBe(false);
      expect(isId('batch', 'btch_')).toBe(false);
      expect(isId('batch', 'btch_abc12')).toBe(false); // random part shorter than 6
      expect(isId('batch', `btch_${'a'.repeat(65)}`)).toBe(false);
      expect(isId('batch', 'btch_ABCDEF123456')).toBe(false);
      expect(isId('batch', 'btch-abcdef123456')).toBe(false);
      expect(isId('batch', ' btch_abcdef123456')).toBe(false);
      expect(isId('batch', 'btch_abcdef123456\n')).toBe(false);
      expect(isId('batch', 42)).toBe(false);
      expect(isId('batch', null)).toBe(false);
      expect(isId('batch', undefined)).toBe(false);
    });

    it('accepts ids made by documentId and derivedId', () => {
      expect(isId('document', documentId(IDENTITY))).toBe(true);
      expect(isId('event', derivedId('event', 'btch_x', 'batch.queued'))).toBe(true);
    });
  });

  describe('documentId', () => {
    it('is deterministic', () => {
      expect(documentId(IDENTITY)).toBe(documentId({ ...IDENTITY }));
      expect(documentId(IDENTITY)).toMatch(/^doc_[a-z0-9]{9}[0-9a-f]{15}$/);
    });

    it("starts with the source id's leading characters: the documents of sources created together sort together", () => {
      const object = newId('object', Date.parse('2026-12-07T12:00:00.000Z'));
      const first = documentId({ ...IDENTITY, sourceId: object });
      expect(first.slice(4, 13)).toBe(object.slice(4, 13));
      // A derived document inherits it through its source document.
      expect(documentId({ ...IDENTITY, sourceId: first, collectionId: 'col_dddddddddd' }).slice(4, 13)).toBe(object.slice(4, 13));
      // A source id without nine [a-z0-9] characters after its prefix gets hash characters instead.
      expect(documentId({ ...IDENTITY, sourceId: 'obj_1' })).toMatch(/^doc_[0-9a-f]{24}$/);
    });

    const changes: Array<[keyof DocumentIdentity, string | number]> = [
      ['namespaceId', 'ns_zzzzzzzzzzzzzzzz'],
      ['collectionId', 'col_zzzzzzzzzz'],
      ['sourceId', 'obj_zzzzzzzzzzzzzzzzzzzz'],
      ['extractor', 'text_extractor@v2'],
      ['position', 1],
    ];
    for (const [part, value] of changes) {
      it(`changes when ${part} changes`, () => {
        expect(documentId({ ...IDENTITY, [part]: value })).not.toBe(documentId(IDENTITY));
      });
    }

    it('gives every position of a source its own id', () => {
      const ids = new Set(Array.from({ length: 1_000 }, (_, position) => documentId({ ...IDENTITY, position })));
      expect(ids.size).toBe(1_000);
    });

    it('does not confuse parts that concatenate to the same text', () => {
      expect(documentId({ ...IDENTITY, namespaceId: 'ns_ab', collectionId: 'c' })).not.toBe(
        documentId({ ...IDENTITY, namespaceId: 'ns_a', collectionId: 'bc' }),
      );
    });

    it('treats a numeric position and its decimal string alike (positions are compared as text)', () => {
      expect(documentId({ ...IDENTITY, position: 3 })).toBe(documentId({ ...IDENTITY, position: '3' }));
    });
  });

  describe('derivedId', () => {
    it('is deterministic, with the prefix and length of its kind', () => {
      const id = derivedId('event', 'btch_abc', 'batch.tier.completed', 0);
      expect(id).toBe(derivedId('event', 'btch_abc', 'batch.tier.completed', 0));
      expect(id).toMatch(/^evt_[0-9a-f]{20}$/);
      expect(derivedId('collection', 'x')).toMatch(/^col_[0-9a-f]{10}$/);
    });

    it('changes with any part and with the part order', () => {
      const base = derivedId('event', 'btch_abc', 'batch.completed');
      expect(derivedId('event', 'btch_abd', 'batch.completed')).not.toBe(base);
      expect(derivedId('event', 'btch_abc', 'batch.failed')).not.toBe(base);
      expect(derivedId('event', 'batch.completed', 'btch_abc')).not.toBe(base);
      expect(derivedId('event', 'btch_abc', 'batch.completed', 0)).not.toBe(base);
    });

    it('differs by kind only in the prefix and length', () => {
      expect(derivedId('task', 'same').slice(5)).toBe(derivedId('event', 'same').slice(4));
    });
  });
});
