import { Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';

/**
 * W3C trace context across the bus (docs/adr/0091-tracing.md): publishers write `traceparent` /
 * `tracestate` of the active span into the NATS message headers (or a job's data), consumers
 * continue the trace from them. With tracing off the OpenTelemetry API is a no-op: nothing is
 * written and every context is the root one.
 */
export function injectTraceHeaders(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, { set: (h, key, value) => h.set(key, value) });
}

/** The trace context a NATS message carried (the root context when none). */
export function extractTraceHeaders(headers: MsgHdrs | undefined): Context {
  if (headers === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, {
    get: (h, key) => (h.has(key) ? h.get(key) : undefined),
    keys: (h) => h.keys(),
  });
}

/** The active trace context as a plain record, for payloads that travel without headers (BullMQ jobs). */
export function traceCarrier(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Runs `fn` in a CONSUMER span continuing `parent`; a throw marks the span as an error. */
export async function inConsumerSpan<T>(name: string, parent: Context, attributes: Record<string, string | number>, fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('strata').startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
