import { ApiRoute } from '../openapi/api-route.decorator';
import { assertAdministrator } from './auth.guard';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { DELIVERY_STATUSES, Webhook, WebhookDelivery } from '@strata/domain';
import type { WebhookInput } from '@strata/webhooks';
import { z } from 'zod';
import { WebhookUseCases } from '../webhook-use-cases';
import { parse } from './validation';
import { reportedEventTypes } from './compat';
import { Page, pageOf, pageQuery, paginationResponse } from './pagination';
import {
  ListWebhookDeliveriesResponse,
  ListWebhooksResponse,
  ReplayDeliveryResponse,
  ReplayFailedDeliveriesResponse,
  WEBHOOK_EVENT_TYPES,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhookWithSecret,
} from './schemas';


const webhookConfig = z.object({
  url: z.string().min(1).max(2048),
  headers: z.record(z.string().max(256), z.string().max(4096)).optional(),
  payload_template: z.record(z.string(), z.unknown()).nullish(),
  timeout: z.number().positive().max(60).optional(),
});

const webhookBody = z.object({
  webhook_name: z.string().min(1).max(200),
  event_types: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
    .min(1, 'event_types must hold at least one event type (or "*")'),
  channels: z
    .array(
      z.object({
        channel: z.enum(['webhook'], {
          message: 'Strata delivers the webhook channel only (HTTP POST); email and slack are not supported',
        }),
        configs: webhookConfig,
      }),
    )
    .min(1, 'channels must hold at least one channel')
    .max(10),
  is_active: z.boolean().optional(),
  webhook_id: z.string().max(100).optional().describe('Accepted (Mixpeek sends it) and ignored: the id is assigned by the server'),
  internal_id: z.string().max(100).nullish().describe('Accepted (Mixpeek sends it) and ignored'),
});

const listBody = z
  .object({ event_type: z.string().max(100).nullish(), is_active: z.boolean().nullish() })
  .nullish();

const deliveriesQuery = pageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

const replayBody = z.object({ since: z.iso.datetime({ offset: true }) });

function toInput(body: z.infer<typeof webhookBody>): WebhookInput {
  return {
    webhookName: body.webhook_name,
    eventTypes: body.event_types,
    channels: body.channels.map((c) => ({
      channel: 'webhook' as const,
      configs: {
        url: c.configs.url,
        headers: c.configs.headers ?? {},
        payloadTemplate: c.configs.payload_template ?? null,
        timeoutSeconds: c.configs.timeout ?? 10,
      },
    })),
    isActive: body.is_active ?? true,
  };
}

/** Mixpeek's Webhook, plus Strata's delivery health fields. Secrets are never listed. */
export function webhookResponse(w: Webhook): WebhookResponse {
  return {
    webhook_id: w.webhookId,
    webhook_name: w.webhookName,
    event_types: reportedEventTypes(w.eventTypes),
    channels: w.channels.map((c) => ({
      channel: c.channel,
      configs: { url: c.configs.url, headers: c.configs.headers, payload_template: c.configs.payloadTemplate, timeout: c.configs.timeoutSeconds },
    })),
    is_active: w.isActive,
    disabled_reason: w.disabledReason,
    last_error: w.lastError,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

export function deliveryResponse(d: WebhookDelivery): WebhookDeliveryResponse {
  const last = d.attempts[d.attempts.length - 1];
  return {
    delivery_id: d.deliveryId,
    webhook_id: d.webhookId,
    channel_index: d.channelIndex,
    event_id: d.eventId,
    event_type: d.eventType,
    namespace_id: d.namespaceId,
    status: d.status,
    attempt_count: d.attempts.length,
    last_status_code: last?.statusCode ?? null,
    last_latency_ms: last?.latencyMs ?? null,
    last_error: last?.error ?? null,
    attempts: d.attempts.map((a) => ({ round: a.round, attempt: a.attempt, at: a.at, status_code: a.statusCode, latency_ms: a.latencyMs, error: a.error })),
    replays: d.replays,
    payload: JSON.parse(d.body) as unknown,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    completed_at: d.completedAt,
  };
}

function paginated<T>(results: T[], total: number, page: Page) {
  return { results, pagination: paginationResponse(total, page), total, total_count: total };
}

/** Webhooks are organization scoped (no X-Namespace), at Mixpeek's paths. */
@Controller('v1/organizations/webhooks')
export class WebhooksController {
  constructor(private readonly useCases: WebhookUseCases) {}

  /** 201 with the signing secret (`whsec_...`): the only time it is shown. */
  @Post()
  @ApiRoute({ operationId: 'createWebhook', response: WebhookWithSecret, summary: 'Create a webhook (the signing secret is shown once)', tag: 'webhooks', namespaced: false, body: webhookBody, success: { status: 201, description: 'The webhook and its secret' }, errors: [403] })
  async create(@Body() body: unknown) {
    assertAdministrator('managing webhooks');
    const { webhook, secret } = await this.useCases.create.execute(toInput(parse(webhookBody, body)));
    return { ...webhookResponse(webhook), secret };
  }

  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listWebhooks', response: ListWebhooksResponse, summary: 'List webhooks', tag: 'webhooks', namespaced: false, body: listBody, query: pageQuery, errors: [403] })
  async list(@Body() body: unknown, @Query() query: unknown) {
    assertAdministrator('managing webhooks');
    const filter = parse(listBody, body) ?? {};
    const page = pageOf(parse(pageQuery, query, 'query'));
    const { results, total } = await this.useCases.list.execute(
      { eventType: filter.event_type ?? undefined, isActive: filter.is_active ?? undefined },
      page,
    );
    return paginated(results.map(webhookResponse), total, page);
  }

  @Get(':webhook')
  @ApiRoute({ operationId: 'getWebhook', response: WebhookResponse, summary: 'Get a webhook', tag: 'webhooks', namespaced: false, errors: [403] })
  async get(@Param('webhook') webhookId: string) {
    assertAdministrator('managing webhooks');
    return webhookResponse(await this.useCases.get.execute(webhookId));
  }

  @Put(':webhook')
  @ApiRoute({ operationId: 'replaceWebhook', response: WebhookResponse, summary: 'Replace a webhook', tag: 'webhooks', namespaced: false, body: webhookBody, errors: [403] })
  async update(@Param('webhook') webhookId: string, @Body() body: unknown) {
    assertAdministrator('managing webhooks');
    return webhookResponse(await this.useCases.update.execute(webhookId, toInput(parse(webhookBody, body))));
  }

  @Delete(':webhook')
  @HttpCode(204)
  @ApiRoute({ operationId: 'deleteWebhook', summary: 'Delete a webhook (idempotent)', tag: 'webhooks', namespaced: false, success: { status: 204, description: 'Deleted' }, errors: [403] })
  async delete(@Param('webhook') webhookId: string): Promise<void> {
    assertAdministrator('managing webhooks');
    await this.useCases.delete.execute(webhookId);
  }

  /** A new secret (shown once); the old one keeps signing for 24 h next to it. */
  @Post(':webhook/secret/rotate')
  @HttpCode(200)
  @ApiRoute({ operationId: 'rotateWebhookSecret', response: WebhookWithSecret, summary: 'Rotate the signing secret (the old one keeps signing for 24 h)', tag: 'webhooks', namespaced: false, errors: [403] })
  async rotate(@Param('webhook') webhookId: string) {
    assertAdministrator('managing webhooks');
    const { webhook, secret } = await this.useCases.rotateSecret.execute(webhookId);
    return { ...webhookResponse(webhook), secret };
  }

  @Get(':webhook/deliveries')
  @ApiRoute({ operationId: 'listWebhookDeliveries', response: ListWebhookDeliveriesResponse, summary: 'The delivery log of a webhook', tag: 'webhooks', namespaced: false, query: deliveriesQuery, errors: [403] })
  async deliveries(@Param('webhook') webhookId: string, @Query() query: unknown) {
    assertAdministrator('managing webhooks');
    const q = parse(deliveriesQuery, query, 'query');
    const page = pageOf(q);
    const { results, total } = await this.useCases.listDeliveries.execute(
      webhookId,
      { status: q.status, since: q.since === undefined ? undefined : new Date(q.since).toISOString() },
      page,
    );
    return paginated(results.map(deliveryResponse), total, page);
  }

  /** Replays every FAILED delivery created since `since`. */
  @Post(':webhook/deliveries/replay')
  @HttpCode(202)
  @ApiRoute({ operationId: 'replayFailedWebhookDeliveries', response: ReplayFailedDeliveriesResponse, success: { status: 202, description: 'The deliveries queued again' }, summary: 'Replay every failed delivery since a time', tag: 'webhooks', namespaced: false, body: replayBody, errors: [403] })
  async replayFailed(@Param('webhook') webhookId: string, @Body() body: unknown) {
    assertAdministrator('managing webhooks');
    const { since } = parse(replayBody, body);
    const { replayed } = await this.useCases.replayFailed.execute(webhookId, new Date(since).toISOString());
    return { replayed_count: replayed.length, delivery_ids: replayed };
  }

  @Get(':webhook/deliveries/:delivery')
  @ApiRoute({ operationId: 'getWebhookDelivery', response: WebhookDeliveryResponse, summary: 'One delivery with its attempts', tag: 'webhooks', namespaced: false, errors: [403] })
  async delivery(@Param('webhook') webhookId: string, @Param('delivery') deliveryId: string) {
    assertAdministrator('managing webhooks');
    return deliveryResponse(await this.useCases.getDelivery.execute(webhookId, deliveryId));
  }

  /** Replays one FAILED or CANCELED delivery; `replayed: false` when it is pending or succeeded. */
  @Post(':webhook/deliveries/:delivery/replay')
  @HttpCode(202)
  @ApiRoute({ operationId: 'replayWebhookDelivery', response: ReplayDeliveryResponse, success: { status: 202, description: 'Whether the delivery was queued again' }, summary: 'Replay one delivery', tag: 'webhooks', namespaced: false, errors: [403] })
  async replay(@Param('webhook') webhookId: string, @Param('delivery') deliveryId: string) {
    assertAdministrator('managing webhooks');
    const { delivery, replayed } = await this.useCases.replay.execute(webhookId, deliveryId);
    return { replayed, delivery: deliveryResponse(delivery) };
  }
}
