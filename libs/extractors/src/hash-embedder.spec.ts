import fc from 'fast-check';
import { cosineSimilarity as cosine } from '@strata/domain';
import { HashEmbedder, normalize } from './hash-embedder';

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('HashEmbedder', () => {
  const embedder = new HashEmbedder();

  it('defaults to 384 dimensions and honours another size', () => {
    expect(embedder.dimensions).toBe(384);
    expect(embedder.embed('hello world')).toHaveLength(384);
    expect(new HashEmbedder(8).embed('hello world')).toHaveLength(8);
    expect(new HashEmbedder(4096).embed('hello world')).toHaveLength(4096);
  });

  it('returns unit vectors', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (text) => {
        const v = embedder.embed(text);
        const n = norm(v);
        // Text with no letter or digit has no feature: the zero vector.
        expect(n === 0 || Math.abs(n - 1) < 1e-5).toBe(true);
        if (/[\p{L}\p{N}]/u.test(text)) expect(n).toBeCloseTo(1, 5);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic, across instances too', () => {
    const text = 'The quick brown fox jumps over the lazy dog';
    expect(embedder.embed(text)).toEqual(embedder.embed(text));
    expect(new HashEmbedder(384).embed(text)).toEqual(embedder.embed(text));
  });

  it('ignores case and punctuation between words', () => {
    expect(embedder.embed('Hello, WORLD!')).toEqual(embedder.embed('hello world'));
    expect(embedder.embed('ÉCOLE')).toEqual(embedder.embed('école'));
  });

  it('is lexical: texts sharing words are closer than unrelated texts', () => {
    const query = embedder.embed('red sports car for sale');
    const sharing = embedder.embed('a red car is for sale downtown');
    const unrelated = embedder.embed('bananas ripen quickly in warm kitchens');
    expect(cosine(query, sharing)).toBeGreaterThan(cosine(query, unrelated));
    expect(cosine(query, sharing)).toBeGreaterThan(0.3);
    expect(Math.abs(cosine(query, unrelated))).toBeLessThan(0.3);
  });

  it('puts spelling variants closer than unrelated words (character trigrams)', () => {
    const base = embedder.embed('extraction');
    expect(cosine(base, embedder.embed('extractions'))).toBeGreaterThan(cosine(base, embedder.embed('penguin')));
  });

  it('gives the zero vector for empty text or text without letters and digits', () => {
    for (const text of ['', '   ', '!!! ... ---']) {
      const v = embedder.embed(text);
      expect(v).toHaveLength(384);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('refuses dimensions outside 8..4096 or not integers', () => {
    for (const bad of [0, 7, 4097, 12.5, Number.NaN, -384]) {
      expect(() => new HashEmbedder(bad)).toThrow(RangeError);
    }
  });
});

describe('normalize and cosine', () => {
  it('normalize scales to unit length in place and leaves zero vectors alone', () => {
    const v = new Float32Array([3, 4]);
    expect(normalize(v)).toBe(v);
    expect(Array.from(v)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Array.from(normalize(new Float32Array(3)))).toEqual([0, 0, 0]);
  });

  it('cosine is 1 for the same direction, -1 for opposite, 0 against a zero vector', () => {
    const a = new Float32Array([1, 2, 3]);
    expect(cosine(a, new Float32Array([2, 4, 6]))).toBeCloseTo(1, 6);
    expect(cosine(a, new Float32Array([-1, -2, -3]))).toBeCloseTo(-1, 6);
    expect(cosine(a, new Float32Array(3))).toBe(0);
  });
});
