/**
 * Webhook subscriptions and their deliveries (docs/adr/0020-webhook-delivery-pipeline.md). Webhooks are organization scoped, as in
 * Mixpeek: one subscription receives the matching events of every namespace.
 */

/** Where a channel of type `webhook` posts (Mixpeek's WebhookConfig). */
export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
  /** Accepted for compatibility and stored; Strata always posts the event envelope as is. */
  payloadTemplate: Record<string, unknown> | null;
  /** Per-request timeout, seconds (Mixpeek default 10). */
  timeoutSeconds: number;
}

export interface WebhookChannel {
  /** Only `webhook` (HTTP POST) is delivered by Strata; email and slack are refused at creation. */
  channel: 'webhook';
  configs: WebhookTarget;
}

/** A signing secret (`whsec_<base64>`). Old secrets stay valid until `expiresAt` after a rotation. */
export interface WebhookSecret {
  secret: string;
  createdAt: string;
  /** null for the current secret. */
  expiresAt: string | null;
}

export interface Webhook {
  webhookId: string;
  webhookName: string;
  /** Event types, or "*" for every event. */
  eventTypes: string[];
  channels: WebhookChannel[];
  isActive: boolean;
  /** Newest first; deliveries are signed with every secret not yet expired. */
  secrets: WebhookSecret[];
  /** Why Strata deactivated it (e.g. the receiver answered 410 Gone); null when a user did. */
  disabledReason: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  /** 0 for the original delivery, n for its n-th replay. */
  round: number;
  /** 1-based within the round. (round, attempt) identifies an attempt. */
  attempt: number;
  at: string;
  /** null when no response came (timeout, refused connection, blocked target). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One event to one webhook channel, with its attempt log. Kept after success and after failure. */
export interface WebhookDelivery {
  /** Deterministic: derived from (event id, webhook id, channel index). Also the BullMQ job id. */
  deliveryId: string;
  webhookId: string;
  channelIndex: number;
  eventId: string;
  eventType: string;
  namespaceId: string;
  /** The exact body posted (the event envelope as JSON); replays send the same bytes. */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Incremented by each replay; part of the replay's job id so it is not de-duplicated away. */
  replays: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
