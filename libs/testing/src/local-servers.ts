import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, tempDir } from './isolation';

/** A server process a test started (on a free port), and how to stop it. */
export interface LocalServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function root(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Spawns `node args`, resolves once a line of its output matches `ready`; fails on early exit or timeout. */
async function startNode(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: root(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms: ${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  // Keep draining its output so the pipe never fills and blocks the server.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** CongoDB (MongoDB wire protocol, in memory) on a free port. See docs/adr/0031 for what it lacks. */
export async function startCongoDb(): Promise<LocalServer> {
  const port = await freePort();
  const child = await startNode(['tools/scripts/congodb-server.mjs', String(port)], /ready \d+/, process.env);
  return { port, url: `mongodb://127.0.0.1:${port}/strata`, stop: () => stopChild(child) };
}

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * s3rver (a local S3 protocol server) on a free port with its files in a temp dir, and `bucket`
 * created. It needs the legacy OpenSSL provider on Node 17+ (paged listings fail without it).
 */
export async function startS3rver(bucket: string): Promise<LocalServer & { bucket: string }> {
  const port = await freePort();
  const dir = tempDir('s3rver');
  const data = join(dir.path, 'data');
  mkdirSync(data, { recursive: true });
  const child = await startNode(
    ['node_modules/s3rver/bin/s3rver.js', '-d', data, '-a', '127.0.0.1', '-p', String(port), '--configure-bucket', bucket],
    /listening on|S3rver listening/i,
    { ...process.env, NODE_OPTIONS: [process.env['NODE_OPTIONS'] ?? '', '--openssl-legacy-provider'].join(' ').trim() },
  );
  return {
    port,
    bucket,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      dir.remove();
    },
  };
}
