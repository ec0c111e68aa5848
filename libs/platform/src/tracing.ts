import { Context, Span, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseEnv } from './config';
import { routeOf } from './http-observability';

/** The tracer of Strata's own spans (there is no auto-instrumentation: docs/adr/0091-tracing.md). */
const tracer = () => trace.getTracer('strata');

export interface Tracing {
  /** Exports what is buffered and stops; call last on shutdown. */
  shutdown(): Promise<void>;
}

/** True when the standard OTEL_* variables ask for traces (an OTLP endpoint, SDK not disabled). */
export function tracingEnabled(env: Pick<BaseEnv, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SDK_DISABLED' | 'OTEL_TRACES_EXPORTER'>): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
}

/**
 * Starts the OpenTelemetry SDK for this process when configured (off otherwise: then every span
 * below is a no-op and no trace header is written). Traces only: Prometheus serves the metrics and
 * pino the logs. The OTLP/HTTP exporter and the batch span processor read their settings from the
 * standard variables (OTEL_EXPORTER_OTLP_*, OTEL_BSP_*, OTEL_TRACES_SAMPLER*, OTEL_RESOURCE_ATTRIBUTES).
 * `exporter` replaces the OTLP exporter (tests: an InMemorySpanExporter), with spans sent at once.
 */
export async function startTracing(service: string, env: BaseEnv, exporter?: SpanExporter): Promise<Tracing | null> {
  if (exporter === undefined && !tracingEnabled(env)) return null;
  // Loaded only when tracing is on: the SDK takes seconds to load, which every start would pay.
  const [{ NodeSDK }, { OTLPTraceExporter }, { SimpleSpanProcessor }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? service,
    ...(exporter === undefined ? { traceExporter: new OTLPTraceExporter() } : { spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown().catch(() => undefined) };
}

/** Runs `fn` in a new span (child of `parent`, else of the active span); records a thrown error. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The W3C `traceparent` (and `tracestate`) of the active span, to put into a message or a job. */
export function currentTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a message or job carried (W3C trace context); the root context when none. */
export function contextFromTraceHeaders(carrier: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}

/** Re-exported so callers need not import the OpenTelemetry API for span kinds. */
export { SpanKind };

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * One SERVER span per HTTP request, continuing the caller's trace when it sent `traceparent`; the
 * rest of the request (use cases, published messages) runs inside it.
 */
export function httpTracingMiddleware(): Middleware {
  return (req, res, next) => {
    const parent = contextFromTraceHeaders(req.headers as Record<string, string | undefined>);
    const span = tracer().startSpan(`HTTP ${req.method ?? 'GET'}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': (req.url ?? '').split('?')[0] ?? '' } }, parent);
    res.once('finish', () => {
      const route = routeOf(req);
      span.updateName(`${req.method ?? 'GET'} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/**
 * `target` with the named methods wrapped in spans `<prefix>.<method>` (other members pass through,
 * bound to the target). Lets a composition root trace a port's calls (vector writes, metadata
 * writes) without touching the use case that makes them.
 */
export function traceMethods<T extends object>(target: T, prefix: string, methods: readonly string[]): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (!methods.includes(String(prop))) return fn.bind(t);
      return (...args: unknown[]) => inSpan(`${prefix}.${String(prop)}`, {}, async () => fn.apply(t, args));
    },
  });
}
