import type { RequestReply } from '@strata/ports';
import type { NatsConnection } from 'nats';

/** RequestReply over core NATS (no persistence: a lost request times out and the work item is retried). */
export class NatsRequestReply implements RequestReply {
  constructor(private readonly nc: NatsConnection) {}

  async request(subject: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const reply = await this.nc.request(subject, body, { timeout: timeoutMs });
    return reply.data;
  }
}
