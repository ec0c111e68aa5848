import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  NestPinoLogger,
  PrometheusMetrics,
  TOKENS,
  accessLogMiddleware,
  createLogger,
  httpMetricsMiddleware,
  httpTracingMiddleware,
  installShutdown,
  processCount,
  requestContext,
  runProcessPool,
  startTracing,
} from '@strata/platform';
import express, { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { AppModule } from './app.module';
import { BatchApiConfig, loadBatchApiConfig } from './config';
import { ErrorEnvelopeFilter, toEnvelope } from './http/error-envelope';
import { compatModeMiddleware } from './http/compat';
import { dashboardRouter } from './http/dashboard';
import { IngestionUseCases } from './ingestion.provider';

async function main(): Promise<void> {
  const config = loadBatchApiConfig();
  const logger = createLogger('batch-api', config.LOG_LEVEL);
  // API_PROCESSES (0 = one per core) processes share PORT: node:cluster hands connections out in
  // turn (docs/adr/0102-api-process-pool.md).
  await runProcessPool(processCount(config.API_PROCESSES), logger, () => startApi(config, logger));
}

async function startApi(config: BatchApiConfig, logger: ReturnType<typeof createLogger>): Promise<void> {
  const tracing = await startTracing('batch-api', config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  // Correlation id: taken from X-Request-Id or made up, echoed back, and put on every log line.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const correlationId = incoming !== undefined && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', correlationId);
    requestContext.run({ correlationId }, next);
  });
  app.use(compatModeMiddleware(config.API_COMPAT_MODE));
  // Observability (docs/operations.md#metrics): a span, a duration sample and an access-log line per request.
  app.use(httpTracingMiddleware());
  app.use(httpMetricsMiddleware(app.get<PrometheusMetrics>(TOKENS.metrics)));
  app.use(accessLogMiddleware(logger));
  // Swagger UI's static files for /docs (served from the swagger-ui-dist package, no CDN).
  app.use('/docs/assets', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  // The dashboard's static files (apps/dashboard, docs/adr/0094-dashboard.md), under a strict CSP.
  app.use('/ui', dashboardRouter());
  const json = express.json({ limit: config.MAX_JSON_BYTES, strict: false, type: ['application/json', 'application/*+json'] });
  // Upload content is raw bytes whatever its type (a .json file too): streamed, never parsed.
  app.use((req: Request, res: Response, next: NextFunction) =>
    /^\/v1\/buckets\/[^/]+\/uploads\/[^/]+\/content$/.test(req.path) ? next() : json(req, res, next),
  );
  // Body parser errors (malformed JSON, too large) get the same envelope as everything else.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const body = toEnvelope(err, logger);
    res.status(body.status).json(body);
  });
  app.useGlobalFilters(new ErrorEnvelopeFilter(logger));
  installShutdown(app, logger, tracing);
  const useCases = app.get(IngestionUseCases);
  if (config.STRATA_BOOTSTRAP_API_KEY !== undefined) await useCases.ensureBootstrapKey.execute(config.STRATA_BOOTSTRAP_API_KEY);
  // Collections written before their output_schema was stored get it now (docs/adr/0079). Not fatal:
  // until it is stored, reads compute it from the registry and lists reading it scan.
  await useCases.backfillOutputSchemas.execute().catch((error: unknown) => {
    logger.warn({ err: String(error) }, 'collection output_schema backfill failed; it runs again at the next start');
  });
  if (config.AUTH_MODE === 'none') {
    logger.warn({ auth_mode: 'none' }, 'AUTHENTICATION IS OFF (AUTH_MODE=none): every request is accepted; use only for local development');
  }
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // Node requires the header timeout above the keep-alive timeout (else idle sockets are cut early).
  server.headersTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
  // A body may stream for a long time (bulk ingest, uploads): Node's 5-minute default would cut it.
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT, data_dir: config.DATA_DIR, prefix: config.STRATA_PREFIX }, 'batch-api listening');
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(JSON.stringify({ level: 'fatal', service: 'batch-api', msg: 'failed to start', err: String((error as Error)?.stack ?? error) }));
  process.exit(1);
});
