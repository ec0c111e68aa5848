/**
 * A deterministic feature-hashing embedder: word unigrams and character trigrams of each word are
 * hashed (FNV-1a, signed) into a fixed number of dimensions, then the vector is L2-normalized.
 *
 * It is LEXICAL, not semantic: texts that share words and spellings land close together; texts
 * that mean the same with different words do not. It needs no model and no network, so it is the
 * offline default and what the tests and benchmarks use. Use a model-backed provider for meaning.
 */
export class HashEmbedder {
  static readonly WORD_WEIGHT = 1;
  static readonly TRIGRAM_WEIGHT = 0.5;

  constructor(readonly dimensions = 384) {
    if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 4096) {
      throw new RangeError('dimensions must be an integer between 8 and 4096');
    }
  }

  embed(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const lower = text.toLowerCase();
    const words = lower.match(/[\p{L}\p{N}]+/gu);
    if (words !== null) {
      for (const word of words) {
        this.add(vector, fnv1a(word, 0, word.length, FNV_OFFSET), HashEmbedder.WORD_WEIGHT);
        // Trigrams over "^word$": boundary markers make prefixes and suffixes distinct features.
        const padded = `^${word}$`;
        for (let i = 0; i + 3 <= padded.length; i += 1) {
          this.add(vector, fnv1a(padded, i, i + 3, TRIGRAM_SEED), HashEmbedder.TRIGRAM_WEIGHT);
        }
      }
    }
    return normalize(vector);
  }

  private add(vector: Float32Array, hash: number, weight: number): void {
    const index = (hash >>> 1) % this.dimensions;
    vector[index] = (vector[index] as number) + (hash & 1 ? weight : -weight);
  }
}

const FNV_OFFSET = 0x811c9dc5;
// A different seed keeps a trigram from colliding systematically with the word of the same letters.
const TRIGRAM_SEED = 0x01000193 ^ 0x5bd1e995;

function fnv1a(s: string, start: number, end: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Scales to unit length in place; an all-zero vector stays zero. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i += 1) sum += (vector[i] as number) ** 2;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] as number) * scale;
  return vector;
}
