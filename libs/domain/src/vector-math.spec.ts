import { cosineSimilarity, dotProduct, euclideanDistance } from './vector-math';

describe('vector math', () => {
  it('cosine similarity ignores length and is 0 for an all-zero vector', () => {
    expect(cosineSimilarity([1, 0], [5, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 2])).toBeCloseTo(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
    expect(cosineSimilarity(new Float32Array([0, 0]), new Float32Array([1, 2]))).toBe(0);
  });

  it('dot product and euclidean distance', () => {
    expect(dotProduct([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(euclideanDistance([0, 0], [3, 4])).toBe(5);
  });
});
