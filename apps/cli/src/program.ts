import { BodyOf, StrataClient, isTerminalBatchStatus } from '@strata/sdk';
import { Command, Option } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliConfig, CliEnvironment, ConfigFlags, profileFilePath, readProfileFile, resolveConfig } from './config';
import { EXIT, UsageError, describeError } from './errors';
import { Output, details, formatBytes, table } from './output';
import { collectFiles, uploadFiles } from './upload';
import { exitCodeFor, watchBatch } from './watch';

interface GlobalFlags extends ConfigFlags {
  json?: boolean;
  color?: boolean;
}

export interface ProgramIo {
  env: CliEnvironment;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Reads a JSON or YAML file (by extension; YAML is a superset of JSON, so other names parse too). */
function readDataFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A JSON value given inline, or `@file` to read it from a JSON/YAML file. */
function jsonArg(value: string, what: string): unknown {
  if (value.startsWith('@')) return readDataFile(value.slice(1));
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${what} must be JSON (or @file): ${(error as Error).message}`);
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`'${value}' is not a positive integer`);
  return n;
}

/**
 * The `strata` command line: every command on @strata/sdk. Returns the exit code; never calls
 * process.exit itself (tests run it in-process).
 */
export async function runCli(argv: string[], io: ProgramIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  let config: CliConfig | null = null;
  let output: Output | null = null;
  const program = new Command('strata');
  program
    .description("Strata's command line: namespaces, buckets, collections, objects, batches, tasks and documents")
    .option('--api-url <url>', 'batch-api base URL (env STRATA_API_URL; default http://localhost:3000)')
    .option('--api-key <key>', 'API key sk_... (env STRATA_API_KEY)')
    .option('-n, --namespace <ns>', 'namespace id or name (env STRATA_NAMESPACE)')
    .option('--profile <name>', 'profile of the profile file (env STRATA_PROFILE)')
    .option('--json', 'print JSON for scripts instead of tables')
    .option('--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const out = (): Output => {
    if (output === null) {
      const flags = program.opts<GlobalFlags>();
      const color = flags.color !== false && io.env.NO_COLOR === undefined && io.stdout.isTTY === true && flags.json !== true;
      output = new Output(io.stdout, io.stderr, flags.json === true, color);
    }
    return output;
  };
  const cfg = (): CliConfig => {
    config ??= resolveConfig(program.opts<GlobalFlags>(), io.env, readProfileFile(profileFilePath(io.env)));
    return config;
  };
  const sdk = (): StrataClient => {
    const c = cfg();
    return new StrataClient({ baseUrl: c.apiUrl, apiKey: c.apiKey, namespace: c.namespace });
  };
  /** Runs an action, turning every error into a clear message and an exit code. */
  const act =
    <A extends unknown[]>(fn: (...args: A) => Promise<number | void>) =>
    async (...args: A) => {
      try {
        const code = await fn(...args);
        exitCode = code ?? EXIT.ok;
      } catch (error) {
        io.stderr.write(`${describeError(error, config?.apiUrl ?? '(unset)')}\n`);
        exitCode = EXIT.error;
      }
    };
  const needNamespace = () => {
    if (cfg().namespace === null) throw new UsageError('this command needs a namespace: pass -n <namespace>, set STRATA_NAMESPACE, or put it in a profile');
  };

  /* config */
  const configCmd = program.command('config').description('profiles in the profile file (~/.config/strata/config.json)');
  configCmd
    .command('set-profile <name>')
    .description('create or update a named profile (and make it the default with --default)')
    // Own option names: --api-url, --api-key and -n are the global flags for this run.
    .option('--url <url>', 'API URL of the profile')
    .option('--key <key>', 'API key of the profile')
    .option('--ns <namespace>', 'namespace of the profile')
    .option('--default', 'use this profile when none is named')
    .action(
      act(async (name: string, o: { url?: string; key?: string; ns?: string; default?: boolean }) => {
        const path = profileFilePath(io.env);
        const file = readProfileFile(path);
        const profiles = { ...(file.profiles ?? {}) };
        profiles[name] = {
          ...(profiles[name] ?? {}),
          ...(o.url === undefined ? {} : { api_url: o.url }),
          ...(o.key === undefined ? {} : { api_key: o.key }),
          ...(o.ns === undefined ? {} : { namespace: o.ns }),
        };
        const next = { ...file, profiles, ...(o.default === true ? { default_profile: name } : {}) };
        mkdirSync(dirname(path), { recursive: true });
        // The file may hold API keys: readable by its owner only.
        writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
        out().info(`profile '${name}' saved to ${path}`);
      }),
    );
  configCmd
    .command('show')
    .description('the configuration this run would use (the API key masked)')
    .action(
      act(async () => {
        const c = cfg();
        const shown = { api_url: c.apiUrl, api_key: c.apiKey === null ? null : `${c.apiKey.slice(0, 6)}…`, namespace: c.namespace, profile: c.profile, profile_file: profileFilePath(io.env) };
        out().result(shown, () => details(shown, Object.keys(shown)));
      }),
    );

  /* namespaces */
  const ns = program.command('namespaces').alias('ns').description('namespaces');
  ns.command('create <name>')
    .description('create a namespace')
    .option('--description <text>')
    .action(
      act(async (name: string, o: { description?: string }) => {
        const created = await sdk().namespaces.create({ namespace_name: name, ...(o.description === undefined ? {} : { description: o.description }) });
        out().result(created, () => details(created, ['namespace_id', 'namespace_name', 'created_at']));
      }),
    );
  ns.command('list')
    .description('list namespaces')
    .action(
      act(async () => {
        const items = await collect(sdk().namespaces.iterate());
        out().result(items, () => table(items, ['namespace_id', 'namespace_name', 'created_at']));
      }),
    );
  ns.command('get <namespace>')
    .description('one namespace')
    .action(
      act(async (name: string) => {
        const n = await sdk().namespaces.get(name);
        out().result(n, () => details(n, Object.keys(n)));
      }),
    );

  /* buckets */
  const buckets = program.command('buckets').description('buckets of the namespace');
  buckets
    .command('create <name>')
    .description('create a bucket; --schema is the bucket_schema as JSON or @file (JSON/YAML)')
    .requiredOption('--schema <json|@file>', 'bucket_schema, e.g. \'{"properties":{"content":{"type":"text"}}}\'')
    .action(
      act(async (name: string, o: { schema: string }) => {
        needNamespace();
        const schema = jsonArg(o.schema, '--schema') as BodyOf<'/v1/buckets', 'post'>['bucket_schema'];
        const created = await sdk().buckets.create({ bucket_name: name, bucket_schema: schema });
        out().result(created, () => details(created, ['bucket_id', 'bucket_name', 'created_at']));
      }),
    );
  buckets
    .command('list')
    .description('list buckets')
    .action(
      act(async () => {
        needNamespace();
        const items = await collect(sdk().buckets.iterate());
        out().result(items, () => table(items, ['bucket_id', 'bucket_name', 'object_count', 'created_at']));
      }),
    );
  buckets
    .command('get <bucket>')
    .description('one bucket')
    .action(
      act(async (bucket: string) => {
        needNamespace();
        const b = await sdk().buckets.get(bucket);
        out().result(b, () => details(b, Object.keys(b)));
      }),
    );

  /* collections */
  const collections = program.command('collections').description('collections of the namespace');
  collections
    .command('create')
    .description('create a collection from a JSON or YAML file (the body of POST /v1/collections)')
    .requiredOption('-f, --file <path>', 'collection definition (.json, .yaml, .yml)')
    .action(
      act(async (o: { file: string }) => {
        needNamespace();
        const body = readDataFile(o.file) as BodyOf<'/v1/collections', 'post'>;
        const created = await sdk().collections.create(body);
        out().result(created, () => details(created, ['collection_id', 'collection_name', 'created_at']));
      }),
    );
  collections
    .command('list')
    .description('list collections')
    .action(
      act(async () => {
        needNamespace();
        const items = await collect(sdk().collections.iterate());
        out().result(items, () => table(items, ['collection_id', 'collection_name', 'document_count', 'created_at']));
      }),
    );
  collections
    .command('get <collection>')
    .description('one collection')
    .action(
      act(async (collection: string) => {
        needNamespace();
        const c = await sdk().collections.get(collection);
        out().result(c, () => details(c, Object.keys(c)));
      }),
    );

  /* objects */
  const objects = program.command('objects').description('objects of a bucket');
  objects
    .command('upload <paths...>')
    .description('upload files (directories recursively), one object per file; resumable (a state file records what is done)')
    .requiredOption('-b, --bucket <bucket>', 'bucket id or name')
    .requiredOption('-p, --property <name>', 'bucket_schema property the file fills')
    .option('-c, --concurrency <n>', 'files in flight', positiveInt, 4)
    .option('--metadata <json|@file>', 'metadata for every object')
    .option('--state <path>', 'state file for resuming (default .strata-upload-<bucket>.json)')
    .action(
      act(async (paths: string[], o: { bucket: string; property: string; concurrency: number; metadata?: string; state?: string }) => {
        needNamespace();
        const files = collectFiles(paths);
        const metadata = o.metadata === undefined ? {} : (jsonArg(o.metadata, '--metadata') as Record<string, unknown>);
        const summary = await uploadFiles(sdk(), out(), files, {
          bucket: o.bucket,
          property: o.property,
          concurrency: o.concurrency,
          metadata,
          statePath: o.state ?? `.strata-upload-${o.bucket.replace(/[^\w.-]/g, '_')}.json`,
        });
        out().result(summary, () =>
          [
            `uploaded ${summary.uploaded.length} file(s) (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)}s, skipped ${summary.skipped.length} already uploaded, ${summary.failed.length} failed`,
            ...summary.failed.map((f) => `  failed ${f.path}: ${f.error}`),
          ].join('\n'),
        );
        return summary.failed.length > 0 ? EXIT.error : EXIT.ok;
      }),
    );
  objects
    .command('list')
    .description('list the objects of a bucket')
    .requiredOption('-b, --bucket <bucket>')
    .action(
      act(async (o: { bucket: string }) => {
        needNamespace();
        const items = await collect(sdk().objects.iterate(o.bucket));
        out().result(items, () => table(items, ['object_id', 'key_prefix', 'status', 'created_at']));
      }),
    );

  /* batches */
  const batch = program.command('batch').alias('batches').description('batches of a bucket');
  const withBucket = (c: Command) => c.requiredOption('-b, --bucket <bucket>', 'bucket id or name');
  withBucket(batch.command('create'))
    .description('create a DRAFT batch of object ids (or of every object in the bucket with --all)')
    .option('--objects <ids>', 'comma-separated object ids')
    .option('--all', 'every object of the bucket')
    .action(
      act(async (o: { bucket: string; objects?: string; all?: boolean }) => {
        needNamespace();
        const client = sdk();
        let ids = (o.objects ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        if (o.all === true) for await (const obj of client.objects.iterate(o.bucket)) ids.push(String(obj.object_id));
        ids = [...new Set(ids)];
        if (ids.length === 0) throw new UsageError('no objects: pass --objects id,id or --all');
        const created = await client.batches.create(o.bucket, { object_ids: ids });
        out().result(created, () => details({ ...created, object_ids: `${created.object_ids.length} object(s)` }, ['batch_id', 'status', 'object_ids', 'created_at']));
      }),
    );
  withBucket(batch.command('submit <batch>'))
    .description('submit a DRAFT batch; --watch follows it to the end (exit 0 COMPLETED, 2 COMPLETED_WITH_ERRORS, 1 FAILED/CANCELED)')
    .option('-w, --watch', 'follow the batch live until it finishes')
    .action(
      act(async (batchId: string, o: { bucket: string; watch?: boolean }) => {
        needNamespace();
        const client = sdk();
        const task = await client.batches.submit(o.bucket, batchId);
        if (o.watch !== true) {
          out().result(task, () => details(task, ['task_id', 'status']));
          return EXIT.ok;
        }
        out().info(`submitted ${batchId} (task ${task.task_id})`);
        return watchBatch(client, out(), o.bucket, batchId);
      }),
    );
  withBucket(batch.command('watch <batch>'))
    .description('follow a batch live: a bar per tier, items/s, ETA, errors, health (exit 0 COMPLETED, 2 COMPLETED_WITH_ERRORS, 1 FAILED/CANCELED)')
    .option('--poll-interval <ms>', 'polling interval when the live stream is unavailable', positiveInt, 1000)
    .action(
      act(async (batchId: string, o: { bucket: string; pollInterval: number }) => {
        needNamespace();
        return watchBatch(sdk(), out(), o.bucket, batchId, { pollIntervalMs: o.pollInterval });
      }),
    );
  withBucket(batch.command('get <batch>'))
    .description('one batch with its progress')
    .action(
      act(async (batchId: string, o: { bucket: string }) => {
        needNamespace();
        const b = await sdk().batches.get(o.bucket, batchId);
        out().result(b, () =>
          [
            details({ ...b, object_ids: `${b.object_ids.length} object(s)`, progress: `${b.progress.processed}/${b.progress.total} (${b.progress.failed} failed)`, health: b.health.status }, [
              'batch_id',
              'status',
              'status_message',
              'object_ids',
              'progress',
              'health',
              'task_id',
              'created_at',
              'completed_at',
            ]),
            '',
            table(b.tier_tasks as unknown as Array<Record<string, unknown>>, ['tier_num', 'status', 'items_processed', 'items_succeeded', 'items_failed', 'documents_written']),
          ].join('\n'),
        );
        return isTerminalBatchStatus(b.status) ? exitCodeFor(b.status) : EXIT.ok;
      }),
    );
  withBucket(batch.command('list'))
    .description('list the batches of a bucket')
    .addOption(new Option('--status <status>', 'only batches in this status').choices(['DRAFT', 'QUEUED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED']))
    .action(
      act(async (o: { bucket: string; status?: 'DRAFT' }) => {
        needNamespace();
        const batches = await collect(sdk().batches.iterate(o.bucket, o.status === undefined ? {} : { status: o.status }));
        const items = batches.map((b) => ({ ...b, objects: b.object_ids.length, processed: `${b.progress.processed}/${b.progress.total}` }));
        out().result(items, () => table(items, ['batch_id', 'status', 'objects', 'processed', 'created_at']));
      }),
    );
  withBucket(batch.command('cancel <batch>'))
    .description('cancel a batch (stops its work on every worker)')
    .action(
      act(async (batchId: string, o: { bucket: string }) => {
        needNamespace();
        const task = await sdk().batches.cancel(o.bucket, batchId);
        out().result(task, () => `canceled ${batchId} (task ${task.task_id}: ${task.status})`);
      }),
    );
  withBucket(batch.command('retry <batch>'))
    .description('retry the failed items of a finished batch')
    .addOption(new Option('--mode <mode>', 'which failures').choices(['transient_only', 'all']).default('transient_only'))
    .action(
      act(async (batchId: string, o: { bucket: string; mode: 'transient_only' | 'all' }) => {
        needNamespace();
        const r = await sdk().batches.retry(o.bucket, batchId, { retry_mode: o.mode });
        out().result(r, () => `${r.message} (batch ${r.batch_id} is ${r.status}; skipped ${r.skipped_count}, exhausted ${r.exhausted_count})`);
      }),
    );
  withBucket(batch.command('failed <batch>'))
    .description('the failed items of a batch: object, tier, category, message')
    .action(
      act(async (batchId: string, o: { bucket: string }) => {
        needNamespace();
        const items = await collect(sdk().batches.iterateFailedItems(o.bucket, batchId));
        out().result(items, () => table(items as unknown as Array<Record<string, unknown>>, ['object_id', 'tier_num', 'error_type', 'retryable', 'message'], 80));
      }),
    );

  /* tasks */
  const tasks = program.command('tasks').description('tasks (kept about 24 h)');
  tasks
    .command('get <task>')
    .description('one task')
    .action(
      act(async (taskId: string) => {
        const t = await sdk().tasks.get(taskId);
        out().result(t, () => details(t, Object.keys(t)));
      }),
    );
  tasks
    .command('list')
    .description('list tasks')
    .action(
      act(async () => {
        const items = await collect(sdk().tasks.iterate());
        out().result(items, () => table(items as unknown as Array<Record<string, unknown>>, ['task_id', 'task_type', 'status', 'created_at']));
      }),
    );

  /* documents */
  const documents = program.command('documents').alias('docs').description('documents of a collection');
  documents
    .command('search <collection> <query...>')
    .description('search a collection by text')
    .option('-k, --top-k <n>', 'results', positiveInt, 10)
    .action(
      act(async (collection: string, query: string[], o: { topK: number }) => {
        needNamespace();
        const r = await sdk().documents.search(collection, { query_text: query.join(' '), top_k: o.topK });
        const rows = r.results.map((d) => ({ ...d, text: (d as Record<string, unknown>)['text'] ?? (d as Record<string, unknown>)['payload'] }));
        out().result(r, () => table(rows as Array<Record<string, unknown>>, ['score', 'document_id', 'source_object_id', 'text'], 60));
      }),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.error;
    io.stderr.write(`${describeError(error, (config as CliConfig | null)?.apiUrl ?? '(unset)')}\n`);
    return EXIT.error;
  }
  return exitCode;
}
