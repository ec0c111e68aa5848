import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError, Webhook, WebhookChannel, isoNow } from '@strata/domain';
import type { WebhookListFilter } from '@strata/ports';
import type { WebhookDeps } from './deps';
import { generateSecret } from './signing';

/** A rotated-out secret keeps signing (next to the new one) this long, so receivers can switch. */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** `wh_` + 16 hex characters, Mixpeek's format. */
export function newWebhookId(): string {
  return `wh_${randomBytes(8).toString('hex')}`;
}

export interface WebhookInput {
  webhookName: string;
  eventTypes: string[];
  channels: WebhookChannel[];
  isActive: boolean;
}

async function checkInput(input: WebhookInput, targets: WebhookDeps['targets']): Promise<void> {
  const issues: Array<{ location: string; message: string; type: string }> = [];
  input.channels.forEach((c, i) => {
    let url: URL | null = null;
    try {
      url = new URL(c.configs.url);
    } catch {
      issues.push({ location: `channels[${i}].configs.url`, message: 'not a valid URL', type: 'value_error' });
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
      issues.push({ location: `channels[${i}].configs.url`, message: 'must be an http or https URL', type: 'value_error' });
    }
    if (url && (url.username !== '' || url.password !== '')) {
      issues.push({ location: `channels[${i}].configs.url`, message: 'must not carry credentials; use headers', type: 'value_error' });
    }
  });
  if (issues.length === 0 && targets !== undefined) {
    const refusals = await Promise.all(input.channels.map((c) => targets.refusal(c.configs.url)));
    refusals.forEach((reason, i) => {
      if (reason !== null) {
        issues.push({
          location: `channels[${i}].configs.url`,
          message: `${reason}; use a public address, or add it to WEBHOOK_ALLOWLIST on batch-api and webhook-dispatcher`,
          type: 'value_error',
        });
      }
    });
  }
  if (issues.length > 0) throw new ValidationError(issues.map((i) => `${i.location}: ${i.message}`).join('; '), issues);
}

/** A new subscription; the answer carries the signing secret, which is never shown again. */
export class CreateWebhook {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata' | 'clock' | 'targets'>) {}

  async execute(input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    await checkInput(input, this.deps.targets);
    const now = isoNow(this.deps.clock);
    const secret = generateSecret();
    const webhook: Webhook = {
      webhookId: newWebhookId(),
      webhookName: input.webhookName,
      eventTypes: [...new Set(input.eventTypes)],
      channels: input.channels,
      isActive: input.isActive,
      secrets: [{ secret, createdAt: now, expiresAt: null }],
      disabledReason: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.webhooks.create(webhook);
    return { webhook, secret };
  }
}

export class GetWebhook {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata'>) {}

  async execute(webhookId: string): Promise<Webhook> {
    const found = await this.deps.metadata.webhooks.find(webhookId);
    if (found === null) throw new NotFoundError('webhook', webhookId);
    return found;
  }
}

export class ListWebhooks {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata'>) {}

  execute(filter: WebhookListFilter, page: { limit: number; offset: number }): Promise<{ results: Webhook[]; total: number }> {
    return this.deps.metadata.webhooks.list(filter, page);
  }
}

/** PUT: replaces the user fields. Re-activating clears the reason Strata disabled it for. */
export class UpdateWebhook {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata' | 'clock' | 'targets'>) {}

  async execute(webhookId: string, input: WebhookInput): Promise<Webhook> {
    await checkInput(input, this.deps.targets);
    const current = await new GetWebhook(this.deps).execute(webhookId);
    const next: Webhook = {
      ...current,
      webhookName: input.webhookName,
      eventTypes: [...new Set(input.eventTypes)],
      channels: input.channels,
      isActive: input.isActive,
      disabledReason: input.isActive ? null : current.disabledReason,
      updatedAt: isoNow(this.deps.clock),
    };
    if (!(await this.deps.metadata.webhooks.update(next))) throw new NotFoundError('webhook', webhookId);
    return next;
  }
}

/** Idempotent: deleting a missing webhook succeeds. Pending deliveries are canceled when their job runs. */
export class DeleteWebhook {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata'>) {}

  async execute(webhookId: string): Promise<void> {
    await this.deps.metadata.webhooks.delete(webhookId);
  }
}

/**
 * A new signing secret. The previous ones keep signing until `overlapMs` from now (deliveries then
 * carry one signature per secret), so a receiver can switch without losing events.
 */
export class RotateWebhookSecret {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata' | 'clock'>, private readonly overlapMs = DEFAULT_ROTATION_OVERLAP_MS) {}

  async execute(webhookId: string): Promise<{ webhook: Webhook; secret: string }> {
    const current = await new GetWebhook(this.deps).execute(webhookId);
    const nowMs = this.deps.clock.now();
    const now = new Date(nowMs).toISOString();
    const expiresAt = new Date(nowMs + this.overlapMs).toISOString();
    const secret = generateSecret();
    const kept = current.secrets
      .filter((s) => s.expiresAt === null || s.expiresAt > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt === null || s.expiresAt > expiresAt ? expiresAt : s.expiresAt }));
    const next: Webhook = { ...current, secrets: [{ secret, createdAt: now, expiresAt: null }, ...kept], updatedAt: now };
    if (!(await this.deps.metadata.webhooks.update(next))) throw new NotFoundError('webhook', webhookId);
    return { webhook: next, secret };
  }
}

/** The secrets that sign a delivery made at `now`: the current one and those in their overlap. */
export function signingSecrets(webhook: Webhook, now: string): string[] {
  return webhook.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => s.secret);
}
