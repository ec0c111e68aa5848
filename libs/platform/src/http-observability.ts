import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type pino from 'pino';
import type { PrometheusMetrics } from './metrics';

/** Query parameters whose values never reach a log line. */
const SECRET_PARAM = /secret|token|password|signature|api[-_]?key|^key$|^sig$/i;
const REDACTED = '[redacted]';

/** The URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string | undefined): string {
  if (url === undefined) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_PARAM.test(key)) params.set(key, REDACTED);
  return `${url.slice(0, q)}?${params.toString()}`;
}

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
  originalUrl?: string;
}

/**
 * The route template a request matched (`/v1/buckets/:bucket/batches`), so metrics and logs group
 * by endpoint instead of by id; `unmatched` for 404s, which must not create one series per URL.
 */
export function routeOf(req: IncomingMessage): string {
  const r = req as RoutedRequest;
  const path = r.route?.path;
  if (typeof path === 'string') return `${r.baseUrl ?? ''}${path}` || '/';
  return 'unmatched';
}

/** Probes and scrapes: measured, but not written to the access log (they arrive every few seconds). */
function isProbe(req: IncomingMessage): boolean {
  return /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '');
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Observes every request's duration into `strata_http_request_duration_seconds` by route and status. */
export function httpMetricsMiddleware(metrics: PrometheusMetrics): Middleware {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      metrics.httpRequest(req.method ?? 'GET', routeOf(req), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * One structured line per request: method, route, status, duration, request id (the X-Request-Id
 * set by the correlation middleware, which must run first), namespace. Headers are not logged
 * (Authorization, cookies, signatures stay out); secret-looking query values are redacted.
 */
export function accessLogMiddleware(logger: pino.Logger): Middleware {
  const line = (req: IncomingMessage, res: ServerResponse, durationMs: number) => ({
    method: req.method,
    route: routeOf(req),
    url: redactUrl((req as RoutedRequest).originalUrl ?? req.url),
    status: res.statusCode,
    duration_ms: durationMs,
    namespace: typeof req.headers['x-namespace'] === 'string' ? req.headers['x-namespace'] : null,
    user_agent: req.headers['user-agent'] ?? null,
  });
  // Written here rather than with pino-http: that builds a child logger with serialized
  // bindings for every request, even when the line is below the level and never written (about a
  // sixth of batch-api's CPU per GET batch under load, docs/benchmarks.md).
  return (req, res, next) => {
    if (isProbe(req)) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    const finish = (aborted: boolean): void => {
      res.removeListener('finish', onFinish);
      res.removeListener('close', onClose);
      const failed = aborted || res.statusCode >= 500;
      const level = failed ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const id = res.getHeader('x-request-id');
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const fields = { request_id: typeof id === 'string' ? id : randomUUID(), ...line(req, res, durationMs) };
      if (!failed) logger.info(fields, 'request');
      else logger.error({ ...fields, err: aborted ? 'request aborted' : `failed with status code ${res.statusCode}` }, 'request failed');
    };
    const onFinish = (): void => finish(false);
    // 'close' before 'finish': the client went away before the response was sent.
    const onClose = (): void => finish(!res.writableFinished);
    res.once('finish', onFinish);
    res.once('close', onClose);
    next();
  };
}
