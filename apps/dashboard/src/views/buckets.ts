import { Batch, Schema } from '@strata/sdk';
import { ErrorNote, Loading, PageTitle } from '../components';
import { useLoad } from '../hooks';
import { html } from '../html';
import { href } from '../routes';
import { Session, clientFor } from '../session';
import { BatchTable, listRefreshMs } from './batch-table';

type Bucket = Schema<'BucketResponse'>;

const RECENT = 5;

/** A namespace's home: its buckets, each with its latest batches, live. */
export function Buckets({ session, ns }: { session: Session; ns: string }) {
  const data = useLoad(
    async (signal) => {
      const client = clientFor(session, ns);
      const page = await client.buckets.list({ limit: 100, offset: 0, cursor: null });
      const buckets = page.results as Bucket[];
      const batches = await Promise.all(
        buckets.map(async (b) => {
          if (signal.aborted) return [] as Batch[];
          const list = await client.batches.list(b.bucket_id, { limit: RECENT, offset: 0, cursor: null });
          return list.results as Batch[];
        }),
      );
      return { buckets, batches, total: page.total_count };
    },
    [session, ns],
    (d) => listRefreshMs(d.batches.flat()),
  );
  return html`<section aria-labelledby="page-title">
    <${PageTitle}>Buckets in ${ns}<//>
    <${ErrorNote} error=${data.error} what="buckets" />
    ${data.data === null && data.error === null ? html`<${Loading} what="buckets" />` : null}
    ${data.data !== null && data.data.buckets.length === 0 ? html`<p class="muted">No buckets in this namespace yet.</p>` : null}
    ${data.data?.buckets.map(
      (b, i) => html`<section class="card" key=${b.bucket_id} aria-labelledby=${`bucket-${i}`}>
        <h2 id=${`bucket-${i}`}><a href=${href({ page: 'bucket', ns, bucket: b.bucket_id })}>${b.bucket_name}</a> <code class="muted">${b.bucket_id}</code></h2>
        ${b.description ? html`<p>${b.description}</p>` : null}
        <${BatchTable} ns=${ns} bucket=${b.bucket_id} batches=${data.data?.batches[i] ?? []} label=${`Latest batches of ${b.bucket_name}`} />
      </section>`,
    )}
  </section>`;
}
