import { WEBHOOK_HEADERS } from '@strata/contracts';
import { DeliveryAttempt, DeliveryStatus, isoNow } from '@strata/domain';
import type { DeliveryDeps } from './deps';
import { signatureHeader } from './signing';
import { signingSecrets } from './webhooks';

export interface DeliverCommand {
  deliveryId: string;
  /** 1-based attempt within the current round (BullMQ attemptsMade + 1). */
  attempt: number;
  /** Attempts allowed per round; the last failing one makes the delivery FAILED. */
  maxAttempts: number;
}

/**
 * - `succeeded`: a 2xx came back.
 * - `retry`: no 2xx; the caller schedules another attempt (BullMQ backoff).
 * - `failed`: no 2xx on the last attempt, a 410 Gone (the webhook is disabled), or a target the
 *   SSRF guard refuses; kept as FAILED for the delivery log and replays.
 * - `canceled`: the webhook was deleted or deactivated before this attempt.
 * - `skipped`: the delivery is already final (a duplicate job), nothing sent.
 */
export type DeliverOutcome = 'succeeded' | 'retry' | 'failed' | 'canceled' | 'skipped';

/** Headers a subscription may not override: they carry the signature and the body's framing. */
const RESERVED = new Set(['content-type', 'content-length', 'host', WEBHOOK_HEADERS.id, WEBHOOK_HEADERS.timestamp, WEBHOOK_HEADERS.signature]);

/** One HTTP attempt of one delivery: sign, POST, record the attempt, decide what happens next. */
export class DeliverWebhook {
  constructor(private readonly deps: DeliveryDeps) {}

  async execute(command: DeliverCommand): Promise<{ outcome: DeliverOutcome; statusCode: number | null; error: string | null }> {
    const { metadata, clock, logger } = this.deps;
    const delivery = await metadata.webhookDeliveries.find(command.deliveryId);
    if (delivery === null || delivery.status !== 'PENDING') return { outcome: 'skipped', statusCode: null, error: null };
    const now = isoNow(clock);
    const webhook = await metadata.webhooks.find(delivery.webhookId);
    const channel = webhook?.channels[delivery.channelIndex];
    if (webhook === null || !webhook.isActive || channel === undefined || channel.channel !== 'webhook') {
      await metadata.webhookDeliveries.finish(delivery.deliveryId, 'CANCELED', now);
      return { outcome: 'canceled', statusCode: null, error: webhook === null ? 'webhook deleted' : 'webhook inactive' };
    }

    const timestamp = Math.floor(clock.now() / 1000);
    const custom = Object.fromEntries(Object.entries(channel.configs.headers ?? {}).filter(([k]) => !RESERVED.has(k.toLowerCase())));
    const headers: Record<string, string> = {
      ...custom,
      'content-type': 'application/json',
      'user-agent': 'Strata-Webhooks/1',
      [WEBHOOK_HEADERS.id]: delivery.deliveryId,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signatureHeader(signingSecrets(webhook, now), delivery.deliveryId, timestamp, delivery.body),
      [WEBHOOK_HEADERS.eventType]: delivery.eventType,
    };
    const result = await this.deps.sender.post(channel.configs.url, headers, delivery.body, Math.round(channel.configs.timeoutSeconds * 1000));

    const statusCode = result.kind === 'response' ? result.statusCode : null;
    const error =
      result.kind === 'response' ? (statusCode !== null && statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`) : result.error;
    const last = command.attempt >= command.maxAttempts;
    let outcome: DeliverOutcome;
    if (error === null) outcome = 'succeeded';
    else if (statusCode === 410 || result.kind === 'blocked' || last) outcome = 'failed';
    else outcome = 'retry';
    const status: DeliveryStatus = outcome === 'succeeded' ? 'SUCCEEDED' : outcome === 'failed' ? 'FAILED' : 'PENDING';

    const attempt: DeliveryAttempt = { round: delivery.replays, attempt: command.attempt, at: now, statusCode, latencyMs: result.latencyMs, error };
    await metadata.webhookDeliveries.recordAttempt(delivery.deliveryId, attempt, status, now);
    const log = { delivery_id: delivery.deliveryId, webhook_id: webhook.webhookId, event_id: delivery.eventId, attempt: command.attempt, status_code: statusCode, latency_ms: result.latencyMs };
    if (statusCode === 410) {
      await metadata.webhooks.disable(webhook.webhookId, `disabled: ${channel.configs.url} answered 410 Gone`, now);
      logger.warn(log, 'webhook disabled: receiver answered 410 Gone');
    } else if (error !== null) {
      await metadata.webhooks.setLastError(webhook.webhookId, `${delivery.deliveryId}: ${error}`, now);
      logger[outcome === 'failed' ? 'error' : 'warn']({ ...log, err: error }, outcome === 'failed' ? 'webhook delivery failed' : 'webhook delivery will be retried');
    } else {
      logger.info(log, 'webhook delivered');
    }
    return { outcome, statusCode, error };
  }
}
