import { Batch, Schema } from '@strata/sdk';
import { ErrorNote, Loading, PageTitle, Table } from '../components';
import { formatTime, jsonText } from '../format';
import { useLoad } from '../hooks';
import { html } from '../html';
import { Session, clientFor } from '../session';
import { BatchTable, listRefreshMs } from './batch-table';

type ObjectModel = Schema<'ObjectResponse'>;

const PAGE = 50;

/** A bucket: its batches (live) and its latest objects with their metadata. */
export function BucketPage({ session, ns, bucket }: { session: Session; ns: string; bucket: string }) {
  const data = useLoad(
    async () => {
      const client = clientFor(session, ns);
      const [info, batches, objects] = await Promise.all([
        client.buckets.get(bucket),
        client.batches.list(bucket, { limit: PAGE, offset: 0, cursor: null }),
        client.objects.list(bucket, { limit: PAGE, offset: 0, cursor: null }),
      ]);
      return { info, batches: batches.results as Batch[], batchTotal: batches.total_count, objects: objects.results as ObjectModel[], objectTotal: objects.total_count };
    },
    [session, ns, bucket],
    (d) => listRefreshMs(d.batches),
  );
  const d = data.data;
  return html`<section aria-labelledby="page-title">
    <${PageTitle}>Bucket ${d?.info.bucket_name ?? bucket}<//>
    <${ErrorNote} error=${data.error} what="the bucket" />
    ${d === null && data.error === null ? html`<${Loading} what="the bucket" />` : null}
    ${d === null
      ? null
      : html`
        <p class="muted"><code>${d.info.bucket_id}</code>${d.info.description ? ` · ${d.info.description}` : ''}</p>
        <section aria-labelledby="batches-title">
          <h2 id="batches-title">Batches (${d.batchTotal})</h2>
          <${BatchTable} ns=${ns} bucket=${bucket} batches=${d.batches} label="Batches" />
        </section>
        <section aria-labelledby="objects-title">
          <h2 id="objects-title">Objects (${d.objectTotal}${d.objectTotal > d.objects.length ? `, the first ${d.objects.length}` : ''})</h2>
          ${d.objects.length === 0
            ? html`<p class="muted">No objects yet.</p>`
            : html`<${Table}
                caption="Objects"
                columns=${['Object', 'Key prefix', 'Metadata', 'Files', 'Created']}
                rows=${d.objects.map((o) => ({
                  key: o.object_id,
                  cells: [html`<code>${o.object_id}</code>`, o.key_prefix ?? '', html`<span class="json">${jsonText(o.metadata)}</span>`, (o.blobs ?? []).map((b) => b.property).join(', '), formatTime(o.created_at)],
                }))}
              />`}
        </section>`}
  </section>`;
}
