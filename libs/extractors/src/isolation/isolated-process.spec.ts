import { ExtractionError } from '@strata/domain';
import { IsolationPool } from './isolated-process';

const limits = { timeoutMs: 1_500, maxOldSpaceMb: 48, maxOutputBytes: 1024 };
const pool = new IsolationPool(2, limits);
const echo = `const c=[];process.stdin.on('data',d=>c.push(d));process.stdin.on('end',()=>process.stdout.write(JSON.stringify({ok:true,result:Buffer.concat(c).toString().toUpperCase()})+'\\n'));`;

async function failure(script: string): Promise<ExtractionError> {
  try {
    await pool.run(script, Buffer.from('input'), 'extract');
  } catch (error) {
    if (error instanceof ExtractionError) return error;
    throw error;
  }
  throw new Error('expected the isolated run to fail');
}

describe('IsolationPool (child process per item, heap cap, timeout)', () => {
  it('returns the child result', async () => {
    await expect(pool.run<string>(echo, Buffer.from('pdf bytes'), 'extract')).resolves.toBe('PDF BYTES');
  });

  it('stops a hanging extractor at the timeout: resource, not retried', async () => {
    const started = Date.now();
    const error = await failure('setInterval(() => {}, 1000);');
    expect(error).toMatchObject({ category: 'resource', stage: 'extract', retryable: false });
    expect(error.message).toMatch(/longer than 1500 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('contains an extractor that exhausts its heap cap', async () => {
    const error = await failure('const keep = []; for (;;) keep.push(new Array(1e5).fill({ a: Math.random() }));');
    expect(error).toMatchObject({ category: 'resource', stage: 'extract' });
    expect(error.message).toMatch(/out of memory/);
  });

  it('reports a crash (abort, non-zero exit) as runtime with the stage', async () => {
    await expect(failure('process.abort();')).resolves.toMatchObject({ category: 'runtime', stage: 'extract' });
    const exit = await failure('console.error("boom at byte 7"); process.exit(3);');
    expect(exit).toMatchObject({ category: 'runtime' });
    expect(exit.message).toMatch(/code 3.*boom at byte 7/);
  });

  it('passes a bad-input reply through with its category and stage, and refuses oversized output', async () => {
    const bad = `process.stdin.resume();process.stdin.on('end',()=>process.stdout.write(JSON.stringify({ok:false,category:'validation',stage:'parse_pdf',message:'not a PDF'})+'\\n'));`;
    await expect(failure(bad)).resolves.toMatchObject({ category: 'validation', stage: 'parse_pdf', message: 'not a PDF' });
    await expect(failure("process.stdout.write('x'.repeat(100000));")).resolves.toMatchObject({ category: 'resource' });
  });

  it('runs no more children at once than the pool allows, and the parent survives them all', async () => {
    const single = new IsolationPool(1, limits);
    const stamp = `process.stdin.resume();process.stdin.on('end',()=>{const s=Date.now();setTimeout(()=>process.stdout.write(JSON.stringify({ok:true,result:[s,Date.now()]})+'\\n'),200);});`;
    const spans = await Promise.all([1, 2, 3].map(() => single.run<[number, number]>(stamp, Buffer.alloc(0), 'extract')));
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i += 1) expect((spans[i] as [number, number])[0]).toBeGreaterThanOrEqual((spans[i - 1] as [number, number])[1]);
  });
});
