/** One line of an NDJSON body: its text, or `tooLong` when it passed the limit (its bytes were dropped). */
export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true; bytes: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without holding more than one line (at most `maxLineBytes`)
 * plus one incoming chunk: the bulk route's body can be gigabytes. Lines are numbered from 1,
 * counting every line; blank ones (only whitespace, or `\r`) are skipped. A line longer than
 * `maxLineBytes` is reported as `tooLong` and skipped to its end, so the lines after it still
 * run. Reading it with `for await` keeps the stream's backpressure: the next chunk is pulled only
 * when the consumer asks for the next line.
 */
export async function* ndjsonLines(body: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let dropped = 0;
  let line = 0;
  const finish = (): NdjsonLine | null => {
    line += 1;
    const text = dropped > 0 ? null : Buffer.concat(parts, size).toString('utf8');
    const out: NdjsonLine | null =
      dropped > 0 ? { line, tooLong: true, bytes: dropped } : text !== null && text.trim().length > 0 ? { line, text } : null;
    parts = [];
    size = 0;
    dropped = 0;
    return out;
  };
  for await (const raw of body) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let from = 0;
    while (from < chunk.length) {
      const end = chunk.indexOf(NEWLINE, from);
      const stop = end === -1 ? chunk.length : end;
      append(chunk.subarray(from, stop));
      if (end === -1) break;
      const done = finish();
      if (done !== null) yield done;
      from = end + 1;
    }
  }
  if (size > 0 || dropped > 0) {
    const done = finish();
    if (done !== null) yield done;
  }

  function append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (dropped > 0 || size + piece.length > maxLineBytes) {
      dropped += size + piece.length;
      parts = [];
      size = 0;
      return;
    }
    parts.push(piece);
    size += piece.length;
  }
}
