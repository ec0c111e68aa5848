import { spawn } from 'node:child_process';
import { ExtractionError } from '@strata/domain';

/** Limits of one isolated run. */
export interface IsolationLimits {
  /** Wall-clock time before the child is killed (SIGKILL). */
  timeoutMs: number;
  /** V8 heap cap of the child (`--max-old-space-size`). */
  maxOldSpaceMb: number;
  /** Output larger than this is refused (the child is killed). */
  maxOutputBytes: number;
}

export const DEFAULT_ISOLATION_LIMITS: IsolationLimits = {
  timeoutMs: 60_000,
  maxOldSpaceMb: 512,
  maxOutputBytes: 64 * 1024 * 1024,
};

/**
 * The protocol of an isolated script: it reads the input bytes from stdin and writes one JSON
 * line to stdout, either `{"ok": true, "result": ...}` or `{"ok": false, "message": "...",
 * "category": "validation", "stage": "..."}` for a bad input. Anything else (a crash, a hang,
 * running out of heap) is turned into a categorized ExtractionError by the parent.
 */
interface ChildReply {
  ok: boolean;
  result?: unknown;
  message?: string;
  category?: string;
  stage?: string;
}

/** Bounds how many children run at once, so a batch of heavy files cannot fork-bomb the host. */
class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/**
 * The isolated children of one process: how many may run at once and the limits a run gets
 * unless its caller passes its own. Built once per app from its validated config (ExtractorRuntime).
 */
export class IsolationPool {
  private readonly slots: Slots;
  readonly limits: IsolationLimits;

  constructor(size = 2, limits: Partial<IsolationLimits> = {}) {
    this.slots = new Slots(Math.max(1, Math.floor(size)));
    this.limits = { ...DEFAULT_ISOLATION_LIMITS, ...limits };
  }

  /** runIsolated within this pool's slots and, by default, its limits. */
  run<T>(script: string, input: Buffer, stage: string, limits: IsolationLimits = this.limits): Promise<T> {
    return this.slots.run(() => runIsolated<T>(script, input, stage, limits));
  }
}

/**
 * Runs `script` (CommonJS source) in a fresh Node process with a heap cap and a timeout, feeding
 * it `input` on stdin. A poison input can crash, hang or exhaust only that child: the caller gets
 * an ExtractionError (resource for time and memory, runtime for a crash, the script's own
 * category for a bad input) and keeps running.
 */
function runIsolated<T>(script: string, input: Buffer, stage: string, limits: IsolationLimits): Promise<T> {
  return new Promise<T>((resolve, reject) => {
        const child = spawn(process.execPath, [`--max-old-space-size=${limits.maxOldSpaceMb}`, '-e', script], {
          stdio: ['pipe', 'pipe', 'pipe'],
          // No inherited environment: an extractor parsing untrusted files gets no secrets.
          env: { NODE_ENV: 'production' },
        });
        const out: Buffer[] = [];
        let outBytes = 0;
        let err = '';
        let settled = false;
        let killedFor: 'timeout' | 'output' | null = null;
        const fail = (error: ExtractionError): void => {
          if (settled) return;
          settled = true;
          reject(error);
        };
        const timer = setTimeout(() => {
          killedFor = 'timeout';
          child.kill('SIGKILL');
        }, limits.timeoutMs);
        child.stdout.on('data', (chunk: Buffer) => {
          outBytes += chunk.length;
          if (outBytes > limits.maxOutputBytes) {
            killedFor = 'output';
            child.kill('SIGKILL');
            return;
          }
          out.push(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          // Keep the tail: that is where V8 and crashes say why.
          err = (err + chunk.toString('utf8')).slice(-4_000);
        });
        child.on('error', (error) => {
          clearTimeout(timer);
          fail(new ExtractionError(`could not start the isolated extractor: ${error.message}`, 'dependency', stage, { cause: error, retryable: false }));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (settled) return;
          if (killedFor === 'timeout') {
            return fail(new ExtractionError(`${stage} took longer than ${limits.timeoutMs} ms and was stopped`, 'resource', stage, { retryable: false }));
          }
          if (killedFor === 'output') {
            return fail(new ExtractionError(`${stage} produced more than ${limits.maxOutputBytes} bytes of output`, 'resource', stage, { retryable: false }));
          }
          if (/heap out of memory|Allocation failed/i.test(err)) {
            return fail(
              new ExtractionError(`${stage} ran out of memory (heap cap ${limits.maxOldSpaceMb} MB)`, 'resource', stage, { retryable: false }),
            );
          }
          const text = Buffer.concat(out).toString('utf8').trim();
          let reply: ChildReply | null = null;
          try {
            reply = text.length > 0 ? (JSON.parse(text.slice(text.lastIndexOf('\n') + 1)) as ChildReply) : null;
          } catch {
            reply = null;
          }
          if (code === 0 && reply?.ok === true) {
            settled = true;
            return resolve(reply.result as T);
          }
          if (reply !== null && reply.ok === false) {
            const category = reply.category === 'validation' ? 'validation' : 'runtime';
            return fail(new ExtractionError(reply.message ?? `${stage} failed`, category, reply.stage ?? stage, { retryable: false }));
          }
          const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
          fail(new ExtractionError(`${stage} crashed: the isolated process ${how}. ${err.split('\n').filter(Boolean).slice(-3).join(' | ')}`.trim(), 'runtime', stage, { retryable: false }));
        });
        child.stdin.on('error', () => {
          // The child may exit before reading everything (a crash); 'close' reports it.
        });
        child.stdin.end(input);
      });
}
