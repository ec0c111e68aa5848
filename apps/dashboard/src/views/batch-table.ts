import { Batch, isTerminalBatchStatus } from '@strata/sdk';
import { Badge, ProgressBar, Table } from '../components';
import { formatRate, formatTime } from '../format';
import { html } from '../html';
import { href } from '../routes';

/** Lists refresh every 2 s while a batch in them runs, every 15 s otherwise (docs/adr/0094-dashboard.md). */
export function listRefreshMs(batches: readonly Pick<Batch, 'status'>[]): number {
  return batches.some((b) => !isTerminalBatchStatus(b.status)) ? 2000 : 15000;
}

/** Batches with their live status, progress bar, rate and health. */
export function BatchTable({ ns, bucket, batches, label }: { ns: string; bucket: string; batches: readonly Batch[]; label: string }) {
  if (batches.length === 0) return html`<p class="muted">No batches yet.</p>`;
  return html`<${Table}
    caption=${label}
    columns=${['Batch', 'Status', 'Progress', 'Rate', 'Health', 'Created']}
    rows=${batches.map((b) => ({
      key: b.batch_id,
      cells: [
        html`<a href=${href({ page: 'batch', ns, bucket, batch: b.batch_id })}><code>${b.batch_id}</code></a>`,
        html`<${Badge} status=${b.status} />`,
        html`<${ProgressBar} done=${b.progress.processed} total=${b.progress.total} label=${`Progress of batch ${b.batch_id}`} />`,
        isTerminalBatchStatus(b.status) ? '—' : formatRate(b.progress.items_per_second),
        html`<${Badge} status=${b.health?.status ?? 'healthy'} />`,
        formatTime(b.created_at),
      ],
    }))}
  />`;
}
