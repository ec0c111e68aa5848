import {
  CreateWebhook,
  DeleteWebhook,
  GetDelivery,
  GetWebhook,
  ListDeliveries,
  ListWebhooks,
  ReplayDelivery,
  ReplayFailedDeliveries,
  RotateWebhookSecret,
  UpdateWebhook,
  WebhookDeps,
} from '@strata/webhooks';

/** The webhook use cases batch-api serves (docs/adr/0020-webhook-delivery-pipeline.md): subscriptions, delivery log, replays. */
export class WebhookUseCases {
  readonly create: CreateWebhook;
  readonly get: GetWebhook;
  readonly list: ListWebhooks;
  readonly update: UpdateWebhook;
  readonly delete: DeleteWebhook;
  readonly rotateSecret: RotateWebhookSecret;
  readonly listDeliveries: ListDeliveries;
  readonly getDelivery: GetDelivery;
  readonly replay: ReplayDelivery;
  readonly replayFailed: ReplayFailedDeliveries;

  constructor(deps: WebhookDeps) {
    this.create = new CreateWebhook(deps);
    this.get = new GetWebhook(deps);
    this.list = new ListWebhooks(deps);
    this.update = new UpdateWebhook(deps);
    this.delete = new DeleteWebhook(deps);
    this.rotateSecret = new RotateWebhookSecret(deps);
    this.listDeliveries = new ListDeliveries(deps);
    this.getDelivery = new GetDelivery(deps);
    this.replay = new ReplayDelivery(deps);
    this.replayFailed = new ReplayFailedDeliveries(deps);
  }
}
