/**
 * Revision of the chunking rules (ExtractorDefinition.outputRevision of the extractors that chunk):
 * 2 = a character window starts after the whitespace it was cut at.
 */
export const CHUNKING_REVISION = 2;

/** How a text is cut into chunks (Mixpeek's TextSplitStrategy, without `pages`). */
export const SPLIT_STRATEGIES = ['characters', 'words', 'sentences', 'paragraphs', 'none'] as const;
export type SplitStrategy = (typeof SPLIT_STRATEGIES)[number];

export interface ChunkOptions {
  splitBy: SplitStrategy;
  /** Size of a chunk in units of `splitBy` (characters, words, sentences or paragraphs). */
  chunkSize: number;
  /** Units shared by consecutive chunks; must be smaller than chunkSize. */
  chunkOverlap: number;
}

export interface Chunk {
  text: string;
  index: number;
}

const SENTENCE_END = /(?<=[.!?。！？])\s+/u;
const PARAGRAPH_BREAK = /\n\s*\n+/;

function windows<T>(units: readonly T[], size: number, overlap: number): T[][] {
  const out: T[][] = [];
  const step = size - overlap;
  for (let start = 0; start < units.length; start += step) {
    out.push(units.slice(start, start + size));
    if (start + size >= units.length) break;
  }
  return out;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Character windows that end at a whitespace when one is in the last fifth of the window. */
function characterChunks(text: string, size: number, overlap: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    // A window starts at a non-blank character: whitespace it would begin with is trimmed from
    // the chunk anyway, so counting it would leave chunks short of `size` (and make more of them).
    while (start < text.length && isBlank(text.charCodeAt(start))) start += 1;
    if (start >= text.length) break;
    let end = Math.min(start + size, text.length);
    if (end < text.length) {
      const floor = start + Math.floor(size * 0.8);
      for (let i = end; i > floor; i -= 1) {
        if (isBlank(text.charCodeAt(i))) {
          end = i;
          break;
        }
      }
      // Never cut a surrogate pair (emoji, astral characters) in half.
      if (end > start + 1 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    }
    const piece = text.slice(start, end).trim();
    if (piece.length > 0) out.push(piece);
    if (end >= text.length) break;
    start = Math.max(end - overlap, start + 1);
  }
  return out;
}

/**
 * Splits a text into chunks. Deterministic: the same text and options always give the same
 * chunks, which keeps document ids (derived from the chunk index) stable across re-runs.
 */
export function chunkText(text: string, options: ChunkOptions): Chunk[] {
  const { splitBy, chunkSize, chunkOverlap } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be an integer >= 1');
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new RangeError('chunkOverlap must be an integer >= 0 and smaller than chunkSize');
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  let pieces: string[];
  switch (splitBy) {
    case 'none':
      pieces = [trimmed];
      break;
    case 'characters':
      pieces = characterChunks(trimmed, chunkSize, chunkOverlap);
      break;
    case 'words':
      pieces = windows(trimmed.split(/\s+/u), chunkSize, chunkOverlap).map((w) => w.join(' '));
      break;
    case 'sentences':
      pieces = windows(trimmed.split(SENTENCE_END), chunkSize, chunkOverlap).map((w) => w.join(' '));
      break;
    case 'paragraphs':
      pieces = windows(
        trimmed.split(PARAGRAPH_BREAK).map((p) => p.trim()).filter((p) => p.length > 0),
        chunkSize,
        chunkOverlap,
      ).map((w) => w.join('\n\n'));
      break;
  }
  return pieces.map((piece, index) => ({ text: piece, index }));
}
