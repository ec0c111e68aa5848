import type { Clock } from '@strata/domain';
import type { DeliveryQueue, Logger, MetadataStore, WebhookSender, WebhookTargetPolicy } from '@strata/ports';

/** What the webhook use cases depend on: ports only. */
export interface WebhookDeps {
  metadata: Pick<MetadataStore, 'webhooks' | 'webhookDeliveries'>;
  queue: DeliveryQueue;
  clock: Clock;
  logger: Logger;
  /** Refuses targets in the private network when a webhook is saved; absent = no check here. */
  targets?: WebhookTargetPolicy;
}

export interface DeliveryDeps extends WebhookDeps {
  sender: WebhookSender;
  /** How long a rotated-out secret keeps signing deliveries. */
  rotationOverlapMs?: number;
}
