import { ChildProcess, spawn } from 'node:child_process';
import type { StoreLocation } from './store-reader';
import { createWriteStream, existsSync, readFileSync, WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { NATS_URL, REDIS_URL, cleanupPrefix, freePort, tempDir, uniquePrefix } from './isolation';
import { waitFor } from '@strata/fakes';

export type AppName = 'batch-api' | 'poller' | 'extractor-worker' | 'webhook-dispatcher';

/** The workspace root (where nx.json is), from the source tree or from a build under dist/. */
function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = workspaceRoot();

/**
 * The built app's entry. STRATA_APP_DIST points at another copy of dist/ (tools/scripts/node22.sh
 * prepares one beside Node 22's own native modules); default: the workspace's dist/.
 */
export function appEntry(app: AppName): string {
  return join(process.env['STRATA_APP_DIST'] ?? join(ROOT, 'dist'), 'apps', app, 'apps', app, 'src/main.js');
}

/** The Node binary the apps run on: STRATA_APP_NODE (Node 22 in CI, tools/scripts/node22.sh), else this one. */
export function appNode(): string {
  return process.env['STRATA_APP_NODE'] ?? process.execPath;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client for the API, with the namespace header when given. */
/** How long an app may take to become ready; a machine shared by many test runs may need more (E2E_READY_TIMEOUT_MS). */
const READY_TIMEOUT_MS = Number(process.env['E2E_READY_TIMEOUT_MS'] ?? 90_000);

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; namespace?: string; headers?: Record<string, string>; raw?: RequestInit['body'] } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.namespace !== undefined) headers['x-namespace'] = options.namespace;
    let body: RequestInit['body'] | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = headers['content-type'] ?? 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string, namespace?: string) {
    return this.request<T>('GET', path, { namespace });
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, namespace?: string) {
    return this.request<T>('POST', path, { body, namespace });
  }
}

interface RunningApp {
  app: AppName;
  index: number;
  port: number;
  child: ChildProcess;
  log: WriteStream;
  logFile: string;
  exited: Promise<number | null>;
}

export interface ClusterOptions {
  /** How many of each app to start (default one each). */
  counts?: Partial<Record<AppName, number>>;
  /** Extra environment for every app. */
  env?: Record<string, string>;
  prefix?: string;
  /** NATS and Redis of this cluster (default: the machine's shared ones); fault tests bring their own. */
  natsUrl?: string;
  redisUrl?: string;
  /**
   * How long an app may take to answer its readiness probe (default 90 s: on the shared two-core
   * machine under a load of 40, batch-api alone took 24 s to boot).
   */
  readyTimeoutMs?: number;
}

/**
 * The four built apps as separate OS processes against the real NATS and Redis, isolated by a
 * unique prefix and a temporary data directory. Used by the end-to-end tests and the benchmark.
 */
export class StrataCluster {
  readonly prefix: string;
  readonly dataDir: string;
  private readonly removeDir: () => void;
  private readonly running = new Map<string, RunningApp>();
  private apiPort = 0;

  readonly natsUrl: string;
  readonly redisUrl: string;

  private constructor(private readonly options: ClusterOptions) {
    this.natsUrl = options.natsUrl ?? NATS_URL;
    this.redisUrl = options.redisUrl ?? REDIS_URL;
    this.prefix = options.prefix ?? uniquePrefix('e2e');
    const dir = tempDir(`strata-${this.prefix}`);
    this.dataDir = dir.path;
    this.removeDir = dir.remove;
  }

  static async start(options: ClusterOptions = {}): Promise<StrataCluster> {
    for (const app of ['batch-api', 'poller', 'extractor-worker', 'webhook-dispatcher'] as AppName[]) {
      if (!existsSync(appEntry(app))) throw new Error(`${appEntry(app)} is missing: run "npm run build" first`);
    }
    const cluster = new StrataCluster(options);
    const counts = { 'batch-api': 1, poller: 1, 'extractor-worker': 1, 'webhook-dispatcher': 1, ...(options.counts ?? {}) };
    const starts: Promise<unknown>[] = [];
    for (const [app, n] of Object.entries(counts) as [AppName, number][]) {
      for (let i = 0; i < n; i += 1) starts.push(cluster.startApp(app, i));
    }
    try {
      await Promise.all(starts);
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  get api(): ApiClient {
    return new ApiClient(`http://127.0.0.1:${this.apiPort}`);
  }

  private key(app: AppName, index: number): string {
    return `${app}#${index}`;
  }

  /**
   * Starts one app process and waits until its readiness endpoint answers 200. `nodeArgs` go
   * before the entry (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). `mayExitBeforeReady`:
   * an app started to kill itself (a FAULT_* knob) may do so before its readiness is seen; its exit
   * then ends the wait instead of failing it.
   */
  async startApp(
    app: AppName,
    index = 0,
    env: Record<string, string> = {},
    nodeArgs: readonly string[] = [],
    options: { mayExitBeforeReady?: boolean } = {},
  ): Promise<void> {
    const port = await freePort();
    const logFile = join(this.dataDir, `${app}-${index}-${Date.now()}.log`);
    const log = createWriteStream(logFile);
    const child = spawn(appNode(), ['--enable-source-maps', ...nodeArgs, appEntry(app)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        NATS_URL: this.natsUrl,
        REDIS_URL: this.redisUrl,
        DATA_DIR: join(this.dataDir, 'data'),
        STRATA_PREFIX: this.prefix,
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        HEALTH_PORT: String(port),
        // Tests about authentication set AUTH_MODE=api_key themselves.
        AUTH_MODE: 'none',
        // One process per worker and API app (their default is one per core): tests that count or
        // kill processes mean one; the benchmarks set it.
        WORKER_PROCESSES: '1',
        API_PROCESSES: '1',
        // Workers at the test runner's priority: the suites share the machine's cores with jest and
        // each other, and a worker niced below them would only make their waits longer. The
        // benchmarks and the worker-processes spec set the production default.
        WORKER_NICE: '0',
        ...(this.options.env ?? {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const running: RunningApp = { app, index, port, child, log, logFile, exited };
    this.running.set(this.key(app, index), running);
    if (app === 'batch-api') this.apiPort = port;
    let exitCode: number | null | undefined;
    void exited.then((code) => {
      exitCode = code;
    });
    await waitFor(
      async () => {
        if (exitCode !== undefined) {
          if (options.mayExitBeforeReady === true) return true;
          throw new Error(`${app} exited with ${exitCode}: ${this.logs(app, index).slice(-2000)}`);
        }
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        return res.status === 200;
      },
      // Generous: on a shared, saturated CI machine loading an app's modules alone can take 20 s.
      { timeoutMs: this.options.readyTimeoutMs ?? READY_TIMEOUT_MS, intervalMs: 100, description: `${app}#${index} readiness` },
    );
  }

  /** SIGTERM (graceful) and wait for the exit. */
  async stopApp(app: AppName, index = 0): Promise<number | null> {
    return this.signal(app, index, 'SIGTERM');
  }

  /** SIGKILL: the process dies mid-work, as in a crash. */
  async killApp(app: AppName, index = 0): Promise<number | null> {
    return this.signal(app, index, 'SIGKILL');
  }

  private async signal(app: AppName, index: number, signal: NodeJS.Signals): Promise<number | null> {
    const running = this.running.get(this.key(app, index));
    if (running === undefined) return null;
    running.child.kill(signal);
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 30_000);
    const code = await running.exited;
    clearTimeout(timer);
    running.log.end();
    if (signal === 'SIGTERM' && code !== 0) {
      // A graceful stop that did not exit 0: the end of the log says why.
      const tail = readFileSync(running.logFile, 'utf8').split('\n').slice(-15).join('\n');
      process.stderr.write(`${app}#${index} exited ${String(code)} on SIGTERM; last log lines:\n${tail}\n`);
    }
    this.running.delete(this.key(app, index));
    return code;
  }

  /** The HTTP (health) port of a running app; throws when it is not running. */
  port(app: AppName, index = 0): number {
    const running = this.running.get(this.key(app, index));
    if (running === undefined) throw new Error(`${app}#${index} is not running`);
    return running.port;
  }

  /** The OS process id of a running app (a worker pool's parent; its children are the pool). */
  pid(app: AppName, index = 0): number {
    const pid = this.running.get(this.key(app, index))?.child.pid;
    if (pid === undefined) throw new Error(`${app}#${index} is not running`);
    return pid;
  }

  /** The pids of an app's process pool (the children of its process; empty when it runs alone). */
  poolPids(app: AppName, index = 0): number[] {
    const pid = this.pid(app, index);
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** Whether the process is running; false once it exited by itself (a crash) or was stopped. */
  isRunning(app: AppName, index = 0): boolean {
    const running = this.running.get(this.key(app, index));
    return running !== undefined && running.child.exitCode === null && running.child.signalCode === null;
  }

  /** The indexes of the running processes of an app. */
  indexes(app: AppName): number[] {
    return [...this.running.values()].filter((r) => r.app === app).map((r) => r.index);
  }

  logs(app: AppName, index = 0): string {
    const running = this.running.get(this.key(app, index));
    return running === undefined ? '' : readFileSync(running.logFile, 'utf8');
  }

  /** Stops every process gracefully, deletes the prefix's streams and keys and the data directory. */
  async destroy(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => this.stopApp(r.app, r.index)));
    await cleanupPrefix(this.prefix, { natsUrl: this.natsUrl, redisUrl: this.redisUrl }).catch(() => undefined);
    this.removeDir();
  }

  get metadataFile(): string {
    return join(this.dataDir, 'data', 'strata.db');
  }

  get vectorsFile(): string {
    return join(this.dataDir, 'data', 'vectors.db');
  }

  /** Where the apps keep their stores, for openStoreReader: MONGO_URL in the cluster's env = metadata on MongoDB. */
  get stores(): StoreLocation {
    const url = this.options.env?.['MONGO_URL'];
    return { metadataFile: this.metadataFile, vectorsFile: this.vectorsFile, ...(url === undefined ? {} : { mongo: { url, prefix: this.prefix } }) };
  }
}
