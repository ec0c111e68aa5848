import { readServerSentEvents } from './sse';

function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const e of readServerSentEvents(stream)) out.push(e);
  return out;
}

describe('readServerSentEvents', () => {
  it('joins multi-line data, skips comments, accepts LF, CRLF and CR line ends split anywhere', async () => {
    const events = await collect(streamOf(': hello\n\nevent: progress\r', '\ndata: {"a":\rdata: 1}\r\rid: 7\ndata: plain\n\n', 'data: no blank line at the end'));
    expect(events).toEqual([
      { event: 'progress', data: '{"a":\n1}', id: null },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('reads multi-byte characters cut between chunks', async () => {
    const bytes = new TextEncoder().encode('data: café ✓\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([{ event: 'message', data: 'café ✓', id: null }]);
  });
});
