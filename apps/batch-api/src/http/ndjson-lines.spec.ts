import { ndjsonLines, type NdjsonLine } from './ndjson-lines';

async function* chunks(...parts: Array<string | Buffer>): AsyncGenerator<Buffer | string> {
  for (const p of parts) yield p;
}

async function all(body: AsyncIterable<Buffer | string>, max = 100): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const l of ndjsonLines(body, max)) out.push(l);
  return out;
}

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, numbers every line and skips blank ones', async () => {
    expect(await all(chunks('{"a":1}\n{"b"', ':2}\n\n  \r\n{"c":3}\r\n', '{"d":4}'))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 5, text: '{"c":3}\r' },
      { line: 6, text: '{"d":4}' },
    ]);
  });

  it('reports a line over the limit once, with its size, and goes on with the next line', async () => {
    const long = 'x'.repeat(30);
    expect(await all(chunks(`{"a":1}\n${long}`, `${long}\n{"b":2}\n`, long), 40)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true, bytes: 60 },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: long },
    ]);
    expect(await all(chunks(`${long}${long}`), 40)).toEqual([{ line: 1, tooLong: true, bytes: 60 }]);
  });

  it('keeps multi-byte characters split between chunks whole', async () => {
    const bytes = Buffer.from('{"t":"é€"}\n', 'utf8');
    expect(await all(chunks(bytes.subarray(0, 7), bytes.subarray(7)))).toEqual([{ line: 1, text: '{"t":"é€"}' }]);
  });

  it('gives nothing for an empty body', async () => {
    expect(await all(chunks())).toEqual([]);
    expect(await all(chunks('\n\n'))).toEqual([]);
  });
});
