import { BatchQueuedWakeUpV1, BusNames, TierDrainedWakeUpV1 } from '@strata/contracts';
import type { WakeUps } from '@strata/ports';
import type { Context } from '@opentelemetry/api';
import { NatsConnection, Subscription, headers as natsHeaders } from 'nats';
import { extractTraceHeaders, injectTraceHeaders } from './trace-context';

const encoder = new TextEncoder();

/** Wake-ups over core NATS: fire and forget. Losing one only delays work until the next poll. */
export class NatsWakeUps implements WakeUps {
  constructor(
    private readonly connection: NatsConnection,
    private readonly names: BusNames,
  ) {}

  batchQueued(payload: BatchQueuedWakeUpV1): void {
    this.send(this.names.wake.batchQueued, payload);
  }

  tierDrained(payload: TierDrainedWakeUpV1): void {
    this.send(this.names.wake.tierDrained, payload);
  }

  private send(subject: string, payload: unknown): void {
    if (this.connection.isClosed()) return;
    try {
      const h = natsHeaders();
      injectTraceHeaders(h);
      this.connection.publish(subject, encoder.encode(JSON.stringify(payload)), { headers: h });
    } catch {
      // A wake-up is a hint; the poller's timer covers a lost one.
    }
  }
}

/**
 * Calls `onWake` for every wake-up on the given subjects until the returned subscriptions close,
 * with the trace context of the request that sent it (the root context when tracing is off).
 */
export function subscribeWakeUps(
  connection: NatsConnection,
  subjects: readonly string[],
  onWake: (subject: string, payload: unknown, trace: Context) => void,
): Subscription[] {
  return subjects.map((subject) =>
    connection.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        let payload: unknown = null;
        try {
          payload = message.json();
        } catch {
          payload = null;
        }
        onWake(subject, payload, extractTraceHeaders(message.headers));
      },
    }),
  );
}
