import { DOMAIN_EVENT_TYPES } from '@strata/contracts';
import { DELIVERY_STATUSES } from '@strata/domain';
import { z } from 'zod';
import { PaginationResponse } from './common.schemas';
import { named, nullableTimestamp, timestamp } from './registry';

/** What a webhook may subscribe to: every domain event type, or `*` for all of them. */
export const WEBHOOK_EVENT_TYPES = ['*', ...DOMAIN_EVENT_TYPES] as const;

export const WebhookChannel = named(
  'WebhookChannel',
  z.object({
    channel: z.enum(['webhook']),
    configs: z.object({
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      payload_template: z.record(z.string(), z.unknown()).nullable(),
      timeout: z.number(),
    }),
  }),
);

/** Mixpeek's Webhook, plus Strata's delivery health fields. Secrets are never listed. */
export const WebhookResponse = named(
  'Webhook',
  z.object({
    webhook_id: z.string(),
    webhook_name: z.string(),
    event_types: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    channels: z.array(WebhookChannel),
    is_active: z.boolean(),
    disabled_reason: z.string().nullable(),
    last_error: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type WebhookResponse = z.infer<typeof WebhookResponse>;

export const WebhookWithSecret = named(
  'WebhookWithSecret',
  WebhookResponse.extend({ secret: z.string().describe('whsec_...: shown only here') }),
);

export const ListWebhooksResponse = named(
  'ListWebhooksResponse',
  z.object({ results: z.array(WebhookResponse), pagination: PaginationResponse, total: z.number().int(), total_count: z.number().int() }),
);

export const WebhookDeliveryResponse = named(
  'WebhookDelivery',
  z.object({
    delivery_id: z.string(),
    webhook_id: z.string(),
    channel_index: z.number().int(),
    event_id: z.string(),
    event_type: z.string(),
    namespace_id: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempt_count: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_latency_ms: z.number().nullable(),
    last_error: z.string().nullable(),
    attempts: z.array(
      z.object({
        round: z.number().int(),
        attempt: z.number().int(),
        at: timestamp,
        status_code: z.number().int().nullable(),
        latency_ms: z.number().nullable(),
        error: z.string().nullable(),
      }),
    ),
    replays: z.number().int(),
    payload: z.unknown(),
    created_at: timestamp,
    updated_at: timestamp,
    completed_at: nullableTimestamp,
  }),
);
export type WebhookDeliveryResponse = z.infer<typeof WebhookDeliveryResponse>;

export const ListWebhookDeliveriesResponse = named(
  'ListWebhookDeliveriesResponse',
  z.object({ results: z.array(WebhookDeliveryResponse), pagination: PaginationResponse, total: z.number().int(), total_count: z.number().int() }),
);

export const ReplayFailedDeliveriesResponse = named(
  'ReplayFailedDeliveriesResponse',
  z.object({ replayed_count: z.number().int(), delivery_ids: z.array(z.string()) }),
);

export const ReplayDeliveryResponse = named(
  'ReplayDeliveryResponse',
  z.object({ replayed: z.boolean(), delivery: WebhookDeliveryResponse }),
);
