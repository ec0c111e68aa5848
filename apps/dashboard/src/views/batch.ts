import { Batch, BatchProgressView, BatchUpdateSource, Schema, isTerminalBatchStatus } from '@strata/sdk';
import { useEffect, useState } from 'preact/hooks';
import { ActionStatus, Badge, ErrorNote, Loading, PageTitle, ProgressBar, Table, TableWrap } from '../components';
import { ProgressSample, addSample, chartLines } from '../chart';
import { formatDuration, formatPercent, formatRate, formatTime } from '../format';
import { FunnelRow, funnelRows } from '../funnel';
import { useAction, useLoad } from '../hooks';
import { html } from '../html';
import { href } from '../routes';
import { Session, clientFor } from '../session';

type FailedItem = Schema<'FailedDocumentsResponse'>['results'][number];

interface LogLine {
  at: number;
  text: string;
}

const LOG_LINES = 200;

/** The sentence the page (and the CLI's last line) uses for a batch's outcome. */
export function summary(b: Pick<BatchProgressView, 'status' | 'progress'>): string {
  const p = b.progress;
  return `${b.status}: ${p.succeeded} succeeded, ${p.failed} failed of ${p.total}`;
}

function sampleOf(b: BatchProgressView, at: number): ProgressSample {
  return { at, processed: b.progress.processed, total: b.progress.total, itemsPerSecond: b.progress.items_per_second ?? 0 };
}

/** The start (and, when finished, the end) of a batch as chart points, from its timestamps. */
function seedSamples(b: BatchProgressView): ProgressSample[] {
  const started = b.started_at ? Date.parse(b.started_at) : NaN;
  if (Number.isNaN(started)) return [];
  let samples = [{ at: started, processed: 0, total: b.progress.total, itemsPerSecond: 0 }];
  const completed = b.completed_at ? Date.parse(b.completed_at) : NaN;
  if (isTerminalBatchStatus(b.status) && !Number.isNaN(completed)) samples = addSample(samples, sampleOf(b, completed));
  return samples;
}

/**
 * Follows a batch live: its event stream through the SDK's waitForBatch (fetch streaming, so the
 * API key travels in a header), polling when the stream cannot be used. Every update is a chart
 * sample and a log line. `generation` restarts the watch (after a retry).
 */
function useLiveBatch(session: Session, ns: string, bucket: string, batchId: string, generation: number) {
  const [batch, setBatch] = useState<BatchProgressView | null>(null);
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const [log, setLog] = useState<LogLine[]>([]);
  const [transport, setTransport] = useState<'stream' | 'polling' | 'idle'>('idle');
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const client = clientFor(session, ns);
    let last = '';
    const note = (text: string) => setLog((lines) => [...lines, { at: Date.now(), text }].slice(-LOG_LINES));
    const apply = (b: BatchProgressView, source: BatchUpdateSource | 'get') => {
      setBatch(b);
      setSamples((s) => addSample(s, sampleOf(b, Date.now())));
      const p = b.progress;
      const line = `${b.status} ${p.processed}/${p.total} processed, ${p.failed} failed${b.status_message ? ` · ${b.status_message}` : ''}`;
      if (line !== last) {
        last = line;
        note(`${source === 'get' ? 'loaded' : source}: ${line}`);
      }
    };
    const run = async () => {
      try {
        const first: Batch = await client.batches.get(bucket, batchId);
        if (controller.signal.aborted) return;
        setSamples((s) => (s.length === 0 ? seedSamples(first) : s));
        apply(first, 'get');
        if (isTerminalBatchStatus(first.status)) return;
        setTransport('stream');
        const final = await client.waitForBatch(bucket, batchId, {
          signal: controller.signal,
          onProgress: (b, source) => apply(b, source),
          onFallback: (reason) => {
            setTransport('polling');
            note(`live stream unavailable, polling every 2 s (${reason})`);
          },
          pollIntervalMs: 2000,
        });
        apply(final, 'get');
        setTransport('idle');
      } catch (e) {
        if (controller.signal.aborted) return;
        setTransport('idle');
        setError(e instanceof Error ? e : new Error(String(e)));
      }
    };
    void run();
    return () => controller.abort();
  }, [session, ns, bucket, batchId, generation]);
  return { batch, samples, log, transport, error };
}

export function BatchPage({ session, ns, bucket, batch: batchId }: { session: Session; ns: string; bucket: string; batch: string }) {
  const [generation, setGeneration] = useState(0);
  const live = useLiveBatch(session, ns, bucket, batchId, generation);
  const b = live.batch;
  const failedCount = b?.progress.failed ?? 0;
  const terminal = b !== null && isTerminalBatchStatus(b.status);
  const collections = useLoad(async () => {
    const page = await clientFor(session, ns).collections.list({ limit: 200, offset: 0, cursor: null });
    return new Map((page.results as Schema<'CollectionResponse'>[]).map((c) => [c.collection_id, c.collection_name]));
  }, [session, ns]);
  const failed = useLoad(
    async () => {
      if (failedCount === 0) return { total: 0, results: [] as FailedItem[] };
      const page = await clientFor(session, ns).batches.failedItems(bucket, batchId, { limit: 100, offset: 0, cursor: null });
      return { total: page.total, results: page.results };
    },
    [session, ns, bucket, batchId, failedCount, terminal],
  );
  // The batch's durable log (GET .../logs): read again whenever its status or counts move.
  const logs = useLoad(
    async () => {
      const page = await clientFor(session, ns).batches.logs(bucket, batchId, { limit: LOG_LINES, offset: 0, cursor: null });
      return { total: page.pagination.total ?? page.results.length, results: page.results };
    },
    [session, ns, bucket, batchId, b?.status, b?.progress.processed, failedCount, generation],
  );
  const action = useAction();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [retryAll, setRetryAll] = useState(false);

  const retry = () =>
    action.run('Retry', async () => {
      const answer = await clientFor(session, ns).batches.retry(bucket, batchId, { retry_mode: retryAll ? 'all' : 'transient_only' });
      setGeneration((g) => g + 1);
      return `Retrying ${answer.retried_count} item(s)${answer.skipped_count > 0 ? `; ${answer.skipped_count} skipped (permanent errors)` : ''}.`;
    });
  const cancel = () =>
    action.run('Cancel', async () => {
      setConfirmCancel(false);
      const answer = await clientFor(session, ns).batches.cancel(bucket, batchId);
      return `Cancel requested: the batch is ${answer.status}.`;
    });
  const names = collections.data ?? new Map<string, string>();
  const collectionNames = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id).join(', ');

  return html`<section aria-labelledby="page-title" class="batch-page">
    <p class="crumbs"><a href=${href({ page: 'bucket', ns, bucket })}>← Bucket</a></p>
    <${PageTitle}>Batch <code>${batchId}</code><//>
    <${ErrorNote} error=${live.error} what="the batch" />
    ${b === null && live.error === null ? html`<${Loading} what="the batch" />` : null}
    ${b === null
      ? null
      : html`
        <div class="batch-head">
          <${Badge} status=${b.status} />
          <span>health <${Badge} status=${b.health?.status ?? 'healthy'} /></span>
          <span class="muted">${live.transport === 'stream' ? 'live (event stream)' : live.transport === 'polling' ? 'live (polling)' : terminal ? 'finished' : ''}</span>
        </div>
        <p id="batch-summary" class="summary" role="status" aria-live="polite">${summary(b)}</p>
        <div class="overall">
          <${ProgressBar} done=${b.progress.processed} total=${b.progress.total} label="Batch progress" />
        </div>
        <dl class="stats">
          <div><dt>Processed</dt><dd>${b.progress.processed}</dd></div>
          <div><dt>Succeeded</dt><dd id="stat-succeeded">${b.progress.succeeded}</dd></div>
          <div><dt>Failed</dt><dd id="stat-failed">${b.progress.failed}</dd></div>
          <div><dt>Skipped (unchanged)</dt><dd>${b.progress.skipped}</dd></div>
          <div><dt>Total</dt><dd id="stat-total">${b.progress.total}</dd></div>
          <div><dt>Rate</dt><dd>${terminal ? '—' : formatRate(b.progress.items_per_second)}</dd></div>
          <div><dt>ETA</dt><dd>${terminal ? '—' : formatDuration(b.progress.eta_seconds)}</dd></div>
          <div><dt>Started</dt><dd>${formatTime(b.started_at)}</dd></div>
          <div><dt>Finished</dt><dd>${formatTime(b.completed_at)}</dd></div>
        </dl>
        ${b.status_message ? html`<p class="muted">${b.status_message}</p>` : null}
        ${b.error ? html`<p class="note note-bad">${b.error}</p>` : null}

        <section aria-labelledby="health-title">
          <h2 id="health-title">Health</h2>
          ${(b.health?.reasons ?? []).length === 0
            ? html`<p><${Badge} status=${b.health?.status ?? 'healthy'} /> No problems reported.</p>`
            : html`<ul class="reasons">
                ${(b.health?.reasons ?? []).map((r) => html`<li key=${r.code}><${Badge} status=${r.level} /> <strong>${r.code}</strong>: ${r.message}</li>`)}
              </ul>`}
        </section>

        <section aria-labelledby="funnel-title">
          <h2 id="funnel-title">Tiers</h2>
          <${Funnel} rows=${funnelRows(b.tier_tasks)} names=${collectionNames} />
        </section>

        <section aria-labelledby="chart-title">
          <h2 id="chart-title">Progress and rate over time</h2>
          <${Chart} samples=${live.samples} />
        </section>

        <section aria-labelledby="failed-title">
          <h2 id="failed-title">Failed items (${failed.data?.total ?? failedCount})</h2>
          <div class="actions">
            <label class="check"><input type="checkbox" checked=${retryAll} onChange=${(e: Event) => setRetryAll((e.currentTarget as HTMLInputElement).checked)} /> Include permanent errors</label>
            <button type="button" id="retry-button" onClick=${retry} disabled=${action.busy || !terminal || failedCount === 0}>Retry failed items</button>
            ${confirmCancel
              ? html`<button type="button" class="danger" onClick=${cancel} disabled=${action.busy}>Confirm: cancel batch</button>
                  <button type="button" onClick=${() => setConfirmCancel(false)}>Keep running</button>`
              : html`<button type="button" id="cancel-button" class="danger" onClick=${() => setConfirmCancel(true)} disabled=${action.busy || terminal}>Cancel batch</button>`}
          </div>
          <${ActionStatus} message=${action.message} />
          <${ErrorNote} error=${failed.error} what="the failed items" />
          ${(failed.data?.results.length ?? 0) === 0
            ? html`<p class="muted">No failed items.</p>`
            : html`<${Table}
                caption="Failed items"
                columns=${['Object', 'Tier', 'Collection', 'Error', 'Message', 'Retryable']}
                rows=${(failed.data?.results ?? []).map((f, i) => ({
                  key: `${f.object_id}-${f.tier_num}-${i}`,
                  cells: [
                    html`<code>${f.object_id}</code>`,
                    f.tier_num,
                    names.get(f.collection_id) ?? f.collection_id,
                    `${f.error_type}${f.stage ? ` (${f.stage})` : ''}`,
                    f.message,
                    f.retryable ? 'yes' : 'no',
                  ],
                }))}
              />`}
          ${(b.tier_tasks ?? []).some((t) => t.errors.length > 0)
            ? html`<h3>Errors by category</h3>
                <ul class="reasons">
                  ${(b.tier_tasks ?? []).flatMap((t) =>
                    t.errors.map(
                      (e, i) => html`<li key=${`${t.tier_num}-${t.retry_round}-${i}`}>
                        Tier ${t.tier_num}: <strong>${e.error_type}</strong> ×${e.affected_count}: ${e.message}${e.recovery_suggestion ? ` (${e.recovery_suggestion})` : ''}
                      </li>`,
                    ),
                  )}
                </ul>`
            : null}
        </section>

        <section aria-labelledby="batch-log-title">
          <h2 id="batch-log-title">Batch log</h2>
          <p class="muted">Status changes, tier transitions, failures, retries and cancels as the store recorded them${
            logs.data && logs.data.total > logs.data.results.length ? ` (the first ${logs.data.results.length} of ${logs.data.total})` : ''
          }.</p>
          <${ErrorNote} error=${logs.error} what="the batch log" />
          <${Table}
            caption="Batch log"
            columns=${['Time', 'Event', 'Level', 'Tier', 'Message']}
            rows=${(logs.data?.results ?? []).map((l, i) => ({
              key: `${l.timestamp}-${i}`,
              cells: [formatTime(l.timestamp), l.event, l.level, l.tier_num ?? '', l.message],
            }))}
          />
        </section>

        <section aria-labelledby="log-title">
          <h2 id="log-title">Live updates</h2>
          <p class="muted">Status and progress as this page received them (from the event stream or polling).</p>
          <${TableWrap} label="Live updates">
            <ol class="log">
              ${live.log.map((l, i) => html`<li key=${i}><time>${new Date(l.at).toLocaleTimeString()}</time> ${l.text}</li>`)}
            </ol>
          <//>
        </section>`}
  </section>`;
}

function Funnel({ rows, names }: { rows: FunnelRow[]; names: (ids: readonly string[]) => string }) {
  if (rows.length === 0) return html`<p class="muted">No tier has started yet.</p>`;
  return html`<ol class="funnel">
    ${rows.map((r) => {
      const entered = Math.max(r.enteredShare * 100, 1);
      const left = (100 - entered) / 2;
      return html`<li key=${r.tier}>
        <div class="funnel-label">Tier ${r.tier} <${Badge} status=${r.status} /> <span class="muted">${names(r.collections)}</span></div>
        <svg class="funnel-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="funnel-entered" x=${left} y="0" width=${entered} height="10" />
          <rect class="funnel-succeeded" x=${left} y="0" width=${Math.min(entered, r.succeededShare * 100)} height="10" />
          <rect class="funnel-failed" x=${left + Math.min(entered, r.succeededShare * 100)} y="0" width=${Math.min(entered, r.failedShare * 100)} height="10" />
        </svg>
        <div class="funnel-numbers">
          ${r.entered} entered · ${r.processed} processed · ${r.succeeded} succeeded · ${r.failed} failed · ${r.written} documents written
        </div>
      </li>`;
    })}
  </ol>`;
}

const GEOMETRY = { width: 600, height: 220, padding: { top: 16, right: 64, bottom: 30, left: 48 } };

/** A rate for an axis label: whole numbers from 100 up, so the label fits. */
function rateLabel(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toFixed(1);
}

function Chart({ samples }: { samples: ProgressSample[] }) {
  const lines = chartLines(samples, GEOMETRY);
  if (lines === null) return html`<p class="muted">The chart starts when the batch does.</p>`;
  const { width, height, padding } = GEOMETRY;
  const bottom = height - padding.bottom;
  const right = width - padding.right;
  const seconds = (lines.endedAt - lines.startedAt) / 1000;
  const description = `Progress ${formatPercent(lines.latestPercent / 100)} after ${formatDuration(seconds)}; highest rate ${lines.maxRate.toFixed(1)} items per second.`;
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-caption" focusable="false">
      <line class="axis" x1=${padding.left} y1=${bottom} x2=${right} y2=${bottom} />
      <line class="axis" x1=${padding.left} y1=${padding.top} x2=${padding.left} y2=${bottom} />
      <line class="axis" x1=${right} y1=${padding.top} x2=${right} y2=${bottom} />
      <text class="tick" x=${padding.left - 6} y=${padding.top + 4} text-anchor="end">100%</text>
      <text class="tick" x=${padding.left - 6} y=${bottom} text-anchor="end">0%</text>
      <text class="tick tick-rate" x=${right + 6} y=${padding.top + 4}>${rateLabel(lines.maxRate)}/s</text>
      <text class="tick tick-rate" x=${right + 6} y=${bottom}>0/s</text>
      <text class="tick" x=${padding.left} y=${height - 8}>0s</text>
      <text class="tick" x=${right} y=${height - 8} text-anchor="end">${formatDuration(seconds)}</text>
      <polyline class="line-rate" points=${lines.rate} />
      <polyline class="line-progress" points=${lines.progress} />
    </svg>
    <figcaption id="chart-caption">
      <span class="legend legend-progress">processed (%)</span> <span class="legend legend-rate">items per second</span>
      <span class="visually-hidden">${description}</span>
    </figcaption>
  </figure>`;
}
