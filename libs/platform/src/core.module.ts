import {
  Controller,
  DynamicModule,
  Get,
  Global,
  HttpCode,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  Optional,
  Provider,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  WriteDelayVectorStore,
  LocalObjectStorage,
  MongoMetadataStore,
  QdrantVectorStore,
  RedisTaskStore,
  S3ObjectStorage,
  SqliteMetadataStore,
  SqliteVecVectorStore,
} from '@strata/adapters';
import { BusNames, busNames } from '@strata/contracts';
import { JetStreamPublisher, NatsWakeUps, connectNats } from '@strata/messaging';
import type { Logger, MetadataStore, Metrics, ObjectStorage, TaskStore, VectorStore } from '@strata/ports';
import { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import { join } from 'node:path';
import { BaseEnv, selectAdapters, storePrefix } from './config';
import { PrometheusMetrics } from './metrics';
import { ObservedPublisher } from './observed-publisher';
import { KillBeforePublish, OUTBOX_RELAY_OPTIONS, OutboxRelayService } from './outbox-relay.service';
import { TOKENS } from './tokens';
import type { Response } from 'express';

export interface CoreOptions {
  /** Service name used in logs and as the NATS connection name. */
  service: string;
  env: BaseEnv;
  logger: Logger;
  /** Which dependencies this app uses; only those are opened and checked for readiness. */
  uses: { metadata?: boolean; objectStorage?: boolean; vectors?: boolean; redis?: boolean };
  /** Dependencies reported by /health/ready but never making this app unready (see ReadinessProbe). */
  optionalForReadiness?: Dependency[];
  /** This process's metrics (default: a new registry named after the service). */
  metrics?: PrometheusMetrics;
  /** Runs the outbox relay (docs/adr/0095-transactional-outbox.md): the apps that write domain events into the outbox. */
  outboxRelay?: boolean;
}

/** A dependency checked by /health/ready. */
export type Dependency = 'nats' | 'redis' | 'metadata_store' | 'object_storage' | 'vector_store';

export interface ReadinessPolicy {
  graceMs: number;
  optional: readonly Dependency[];
}

const READINESS_POLICY = Symbol('ReadinessPolicy');

/** Files of the embedded stores inside DATA_DIR. */
export function embeddedPaths(dataDir: string): { metadata: string; vectors: string; objects: string } {
  return {
    metadata: join(dataDir, 'strata.db'),
    vectors: join(dataDir, 'vectors.db'),
    objects: join(dataDir, 'objects'),
  };
}

/** The configured metadata store (MongoDB when MONGO_URL is set, else the SQLite file). */
export function openMetadataStore(env: BaseEnv): Promise<MetadataStore> | MetadataStore {
  return env.MONGO_URL !== undefined
    ? MongoMetadataStore.connect({ url: env.MONGO_URL, dbName: env.MONGO_DB, collectionPrefix: storePrefix(env), timeoutMs: env.STORE_TIMEOUT_MS })
    : new SqliteMetadataStore(embeddedPaths(env.DATA_DIR).metadata);
}

@Injectable()
class CoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TOKENS.logger) private readonly logger: Logger,
    @Inject(TOKENS.nats) private readonly nats: NatsConnection,
    @Optional() @Inject(TOKENS.redis) private readonly redis: Redis | null,
    @Optional() @Inject(TOKENS.metadataStore) private readonly metadata: MetadataStore | null,
    @Optional() @Inject(TOKENS.vectorStore) private readonly vectors: VectorStore | null,
    @Optional() @Inject(TOKENS.objectStorage) private readonly objects: ObjectStorage | null,
  ) {}

  /** Runs after every handler and loop has stopped: drain the bus, then close the stores. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down: draining NATS and closing stores');
    if (!this.nats.isClosed()) await this.nats.drain().catch(() => undefined);
    if (this.redis) await this.redis.quit().catch(() => undefined);
    if (this.metadata) await this.metadata.close();
    if (this.vectors) await this.vectors.close();
    if (this.objects) await this.objects.close();
  }
}

/** Where a dependency's check stands: failing since when (null = answering). */
interface CheckState {
  failingSince: number | null;
}

/**
 * Readiness of this app: each dependency it uses is pinged (2 s limit). A dependency only makes the
 * app unready after failing for READINESS_GRACE_MS without a break, and the ones listed as
 * `optional` never do (they are reported): every replica shares the same dependencies, so taking all
 * of them out of the Service on a blip turns a few failed requests into a full outage
 * (docs/operations.md#health).
 */
@Injectable()
export class ReadinessProbe {
  private readonly states = new Map<string, CheckState>();

  constructor(
    @Inject(TOKENS.nats) private readonly nats: NatsConnection,
    @Inject(READINESS_POLICY) private readonly policy: ReadinessPolicy,
    @Optional() @Inject(TOKENS.redis) private readonly redis: Redis | null,
    @Optional() @Inject(TOKENS.metadataStore) private readonly metadata: MetadataStore | null,
    @Optional() @Inject(TOKENS.objectStorage) private readonly objects: ObjectStorage | null,
    @Optional() @Inject(TOKENS.vectorStore) private readonly vectors: VectorStore | null,
  ) {}

  /** Each dependency's state ('ok' or the reason it is not) and whether the app counts as ready. */
  async check(now = Date.now()): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const checks: Record<string, () => Promise<unknown>> = {
      nats: () => (this.nats.isClosed() ? Promise.reject(new Error('connection closed')) : this.nats.flush()),
    };
    const redis = this.redis;
    const metadata = this.metadata;
    const objects = this.objects;
    const vectors = this.vectors;
    if (redis) checks['redis'] = () => redis.ping();
    if (metadata) checks['metadata_store'] = () => metadata.ping();
    if (objects) checks['object_storage'] = () => objects.ping();
    if (vectors) checks['vector_store'] = () => vectors.ping();
    const out: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(checks).map(async ([name, ping]) => {
        const state = this.states.get(name) ?? { failingSince: null };
        this.states.set(name, state);
        try {
          await withTimeout(ping(), 2_000);
          state.failingSince = null;
          out[name] = 'ok';
        } catch (error) {
          state.failingSince ??= now;
          const reason = (error as Error).message || 'failed';
          const optional = this.policy.optional.includes(name as Dependency);
          const tolerated = optional || now - state.failingSince < this.policy.graceMs;
          out[name] = tolerated ? `degraded: ${reason}` : reason;
          if (!tolerated) ready = false;
        }
      }),
    );
    return { ready, checks: out };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** Liveness (the process answers) and readiness (its dependencies answer) for Kubernetes probes. */
@Controller('health')
export class HealthController {
  constructor(private readonly probe: ReadinessProbe) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const { ready, checks } = await this.probe.check();
    if (!ready) throw new ServiceUnavailableException({ status: 'unavailable', checks });
    return { status: 'ok', checks };
  }
}

/** Prometheus exposition of this process's metrics, on the API port or the health port. */
@Controller()
export class MetricsController {
  constructor(@Inject(TOKENS.metrics) private readonly metrics: PrometheusMetrics) {}

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.setHeader('content-type', contentType);
    res.status(200).send(body);
  }
}

/** The store adapters this app uses, chosen by configuration (docs/adr/0030). */
function storeProviders(options: CoreOptions, paths: ReturnType<typeof embeddedPaths>): Provider[] {
  const env = options.env;
  const selected = selectAdapters(env);
  const prefix = storePrefix(env);
  const providers: Provider[] = [];
  options.logger.info({ adapters: selected }, 'store adapters');
  if (options.uses.metadata) {
    providers.push({
      provide: TOKENS.metadataStore,
      useFactory: (): Promise<MetadataStore> | MetadataStore => openMetadataStore(env),
    });
  }
  if (options.uses.objectStorage) {
    providers.push({
      provide: TOKENS.objectStorage,
      useFactory: (): ObjectStorage =>
        selected.objectStorage === 's3'
          ? new S3ObjectStorage({
              bucket: env.S3_BUCKET ?? 'strata',
              endpoint: env.S3_ENDPOINT,
              region: env.S3_REGION,
              accessKeyId: env.S3_ACCESS_KEY_ID,
              secretAccessKey: env.S3_SECRET_ACCESS_KEY,
              forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined ? env.S3_ENDPOINT !== undefined : env.S3_FORCE_PATH_STYLE === 'true',
              keyPrefix: prefix,
              timeoutMs: Math.max(env.STORE_TIMEOUT_MS, 30_000),
            })
          : new LocalObjectStorage(paths.objects),
    });
  }
  if (options.uses.vectors) {
    providers.push({
      provide: TOKENS.vectorStore,
      useFactory: (): VectorStore => {
        const store =
          env.QDRANT_URL !== undefined
            ? new QdrantVectorStore({ url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, collectionPrefix: prefix, timeoutMs: env.STORE_TIMEOUT_MS })
            : new SqliteVecVectorStore(paths.vectors);
        if (env.FAULT_VECTOR_WRITE_DELAY_MS === 0) return store;
        options.logger.warn({ delayMs: env.FAULT_VECTOR_WRITE_DELAY_MS }, 'fault injection: vector writes are delayed (FAULT_VECTOR_WRITE_DELAY_MS)');
        return new WriteDelayVectorStore(store, env.FAULT_VECTOR_WRITE_DELAY_MS);
      },
    });
  }
  return providers;
}

/**
 * Opens the shared infrastructure of an app (NATS, Redis, the configured stores) as injectable
 * ports, serves health endpoints, and closes everything on shutdown in the right order.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const names = busNames(options.env.STRATA_PREFIX);
    const paths = embeddedPaths(options.env.DATA_DIR);
    const providers: Provider[] = [
      { provide: TOKENS.logger, useValue: options.logger },
      { provide: TOKENS.busNames, useValue: names },
      {
        provide: TOKENS.nats,
        useFactory: () => connectNats(options.env.NATS_URL, options.service),
      },
      {
        provide: TOKENS.publisher,
        useFactory: (nc: NatsConnection, n: BusNames, metrics: Metrics, metadata: MetadataStore | null) => {
          const observed = new ObservedPublisher(
            new JetStreamPublisher(nc, n),
            metrics,
            metadata === null ? null : async (ns, id) => (await metadata.batches.find(ns, id))?.submittedAt ?? null,
          );
          const kill = options.env.FAULT_KILL_BEFORE_EVENT_PUBLISH;
          if (kill === undefined) return observed;
          options.logger.warn({ event_type: kill }, 'fault injection: this process kills itself before publishing that event (FAULT_KILL_BEFORE_EVENT_PUBLISH)');
          return new KillBeforePublish(observed, kill, options.logger);
        },
        inject: [TOKENS.nats, TOKENS.busNames, TOKENS.metrics, { token: TOKENS.metadataStore, optional: true }],
      },
      {
        provide: TOKENS.wakeUps,
        useFactory: (nc: NatsConnection, n: BusNames) => new NatsWakeUps(nc, n),
        inject: [TOKENS.nats, TOKENS.busNames],
      },
      { provide: TOKENS.metrics, useValue: options.metrics ?? new PrometheusMetrics(options.service) },
      { provide: READINESS_POLICY, useValue: { graceMs: options.env.READINESS_GRACE_MS, optional: options.optionalForReadiness ?? [] } satisfies ReadinessPolicy },
      CoreLifecycle,
      ReadinessProbe,
    ];
    if (options.uses.redis) {
      providers.push(
        {
          provide: TOKENS.redis,
          useFactory: async () => {
            const redis = new Redis(options.env.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
            redis.on('error', (err) => options.logger.warn({ err: err.message }, 'redis connection error'));
            await redis.connect();
            return redis;
          },
        },
        {
          provide: TOKENS.taskStore,
          useFactory: (redis: Redis, n: BusNames): TaskStore => new RedisTaskStore(redis, n.redisPrefix),
          inject: [TOKENS.redis, TOKENS.busNames],
        },
      );
    }
    providers.push(...storeProviders(options, paths));
    if (options.outboxRelay === true && options.uses.metadata === true) {
      providers.push(
        { provide: OUTBOX_RELAY_OPTIONS, useValue: { intervalMs: options.env.OUTBOX_RELAY_INTERVAL_MS, graceMs: options.env.OUTBOX_RELAY_GRACE_MS } },
        OutboxRelayService,
      );
    }
    const exported = providers.map((p) => (typeof p === 'function' ? p : (p as { provide: symbol }).provide));
    return {
      module: CoreModule,
      controllers: [HealthController, MetricsController],
      providers,
      exports: exported,
    };
  }
}
