import { Schema } from '@strata/sdk';
import { useState } from 'preact/hooks';
import { ActionStatus, Badge, ErrorNote, Loading, PageTitle, Table } from '../components';
import { formatTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { html } from '../html';
import { href } from '../routes';
import { Session, clientFor } from '../session';

type Webhook = Schema<'Webhook'>;
type Delivery = Schema<'WebhookDelivery'>;

export function Webhooks({ session, ns }: { session: Session; ns: string }) {
  const data = useLoad(async () => {
    const client = clientFor(session, ns);
    const answer = await client.transport.unwrap(client.api.POST('/v1/organizations/webhooks/list', { body: {} }), 'list webhooks');
    return answer.results as Webhook[];
  }, [session, ns]);
  return html`<section aria-labelledby="page-title">
    <${PageTitle}>Webhooks<//>
    <${ErrorNote} error=${data.error} what="webhooks" />
    ${data.data === null && data.error === null ? html`<${Loading} what="webhooks" />` : null}
    ${data.data !== null && data.data.length === 0 ? html`<p class="muted">No webhooks.</p>` : null}
    ${data.data !== null && data.data.length > 0
      ? html`<${Table}
          caption="Webhooks"
          columns=${['Name', 'Active', 'Events', 'Last error']}
          rows=${data.data.map((w) => ({
            key: w.webhook_id,
            cells: [
              html`<a href=${href({ page: 'webhook', ns, webhook: w.webhook_id })}>${w.webhook_name}</a>`,
              w.is_active ? 'yes' : `no${w.disabled_reason ? ` (${w.disabled_reason})` : ''}`,
              w.event_types.join(', '),
              w.last_error ?? '',
            ],
          }))}
        />`
      : null}
  </section>`;
}

/** A webhook's delivery log, with replay of one delivery or of every failed one. */
export function WebhookPage({ session, ns, webhook }: { session: Session; ns: string; webhook: string }) {
  const data = useLoad(
    async () => {
      const client = clientFor(session, ns);
      const [info, deliveries] = await Promise.all([
        client.transport.unwrap(client.api.GET('/v1/organizations/webhooks/{webhook}', { params: { path: { webhook } } }), 'get webhook'),
        client.transport.unwrap(
          client.api.GET('/v1/organizations/webhooks/{webhook}/deliveries', { params: { path: { webhook }, query: { limit: 100 } } }),
          'list deliveries',
        ),
      ]);
      return { info, deliveries: deliveries.results as Delivery[], total: deliveries.total };
    },
    [session, ns, webhook],
    (d) => (d.deliveries.some((x) => x.status === 'PENDING') ? 3000 : 15000),
  );
  const action = useAction();
  const [sinceHours, setSinceHours] = useState(24);
  const replay = (delivery: string) =>
    action.run('Replay', async () => {
      const client = clientFor(session, ns);
      await client.transport.unwrap(
        client.api.POST('/v1/organizations/webhooks/{webhook}/deliveries/{delivery}/replay', { params: { path: { webhook, delivery } } }),
        `replay delivery ${delivery}`,
      );
      data.reload();
      return `Delivery ${delivery} queued again.`;
    });
  const replayFailed = () =>
    action.run('Replay', async () => {
      const client = clientFor(session, ns);
      const answer = await client.transport.unwrap(
        client.api.POST('/v1/organizations/webhooks/{webhook}/deliveries/replay', { params: { path: { webhook } }, body: { since: new Date(Date.now() - sinceHours * 3_600_000).toISOString() } }),
        'replay failed deliveries',
      );
      data.reload();
      return `${answer.replayed_count} failed deliveries queued again.`;
    });
  const d = data.data;
  return html`<section aria-labelledby="page-title">
    <p class="crumbs"><a href=${href({ page: 'webhooks', ns })}>← Webhooks</a></p>
    <${PageTitle}>Webhook ${d?.info.webhook_name ?? webhook}<//>
    <${ErrorNote} error=${data.error} what="the webhook" />
    ${d === null && data.error === null ? html`<${Loading} what="deliveries" />` : null}
    ${d === null
      ? null
      : html`<div class="actions">
          <label for="replay-since">Failed in the last</label>
          <select id="replay-since" value=${sinceHours} onChange=${(e: Event) => setSinceHours(Number((e.currentTarget as HTMLSelectElement).value))}>
            <option value="1">hour</option>
            <option value="24">24 hours</option>
            <option value="168">7 days</option>
            <option value="720">30 days</option>
          </select>
          <button type="button" onClick=${replayFailed} disabled=${action.busy || !d.deliveries.some((x) => x.status === 'FAILED')}>Replay failed deliveries</button>
        </div>
        <${ActionStatus} message=${action.message} />
        <h2>Deliveries (${d.total})</h2>
        ${d.deliveries.length === 0
          ? html`<p class="muted">No deliveries yet.</p>`
          : html`<${Table}
              caption="Deliveries"
              columns=${['Event', 'Status', 'Attempts', 'Last answer', 'Created', '']}
              rows=${d.deliveries.map((x) => ({
                key: x.delivery_id,
                cells: [
                  html`${x.event_type} <code class="muted">${x.delivery_id}</code>`,
                  html`<${Badge} status=${x.status} />`,
                  `${x.attempt_count}${x.replays > 0 ? ` (${x.replays} replays)` : ''}`,
                  `${x.last_status_code ?? ''} ${x.last_error ?? ''}`.trim(),
                  formatTime(x.created_at),
                  html`<button type="button" onClick=${() => replay(x.delivery_id)} disabled=${action.busy || x.status === 'PENDING'} aria-label=${`Replay delivery ${x.delivery_id}`}>Replay</button>`,
                ],
              }))}
            />`}`}
  </section>`;
}
