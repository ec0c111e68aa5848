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

/** A server the test owns on a fixed free port, which it can stop and start again (same port, same data). */
export interface RestartableServer {
  url: string;
  port: number;
  /** Stops the process (SIGTERM, SIGKILL after 5 s) and keeps its data directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its data directory. */
  destroy(): Promise<void>;
}

/** Resolves once `port` accepts TCP connections. */
async function listening(port: number, timeoutMs = 20_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A binary on PATH, started with `args(dataDir, port)`, restartable on the same port and data. */
async function startRestartable(binary: string, url: (port: number) => string, args: (dir: string, port: number) => string[]): Promise<RestartableServer> {
  const port = await freePort();
  const dir = tempDir(binary);
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    const spawned = spawn(binary, args(dir.path, port), { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    spawned.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    let exited = false;
    spawned.once('exit', () => (exited = true));
    child = spawned;
    try {
      await listening(port);
    } catch (error) {
      throw new Error(`${binary} did not start${exited ? ' (exited)' : ''}: ${(error as Error).message}\n${output}`);
    }
  };
  const stop = async () => {
    if (child !== null) await stopChild(child);
    child = null;
  };
  await start();
  return {
    port,
    url: url(port),
    start,
    stop,
    destroy: async () => {
      await stop();
      dir.remove();
    },
  };
}

/**
 * A private nats-server with JetStream on file storage in a temp dir, on a free port: for tests
 * that restart NATS. Never the machine's shared server.
 */
export function startNatsServer(): Promise<RestartableServer> {
  return startRestartable('nats-server', (port) => `nats://127.0.0.1:${port}`, (dir, port) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'jetstream')]);
}

/**
 * A private redis-server on a free port with an append-only file in a temp dir (fsync always), so a
 * restart keeps what was written: for tests that restart Redis. Never the machine's shared server.
 */
export function startRedisServer(): Promise<RestartableServer> {
  return startRestartable('redis-server', (port) => `redis://127.0.0.1:${port}`, (dir, port) => [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
  ]);
}
