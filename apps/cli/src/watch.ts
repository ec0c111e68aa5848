import { Batch, BatchProgressView, StrataClient } from '@strata/sdk';
import { EXIT } from './errors';
import { Output, bar, formatDuration, safeText } from './output';

/** The exit code for a finished batch: 0 COMPLETED, 2 COMPLETED_WITH_ERRORS, 1 FAILED or CANCELED. */
export function exitCodeFor(status: string): number {
  if (status === 'COMPLETED') return EXIT.ok;
  if (status === 'COMPLETED_WITH_ERRORS') return EXIT.completedWithErrors;
  return EXIT.failed;
}

const STATUS_COLOR: Record<string, 'green' | 'yellow' | 'red' | 'cyan'> = {
  COMPLETED: 'green',
  COMPLETED_WITH_ERRORS: 'yellow',
  FAILED: 'red',
  CANCELED: 'red',
  PROCESSING: 'cyan',
};

function rate(b: BatchProgressView): string {
  const r = b.progress.items_per_second;
  return `${(r ?? 0).toFixed(1)} items/s`;
}

/** The live display: a header, an overall bar, a bar per tier, errors and health reasons. */
export function renderBatch(b: BatchProgressView, out: Pick<Output, 'paint' | 'width'>): string[] {
  const p = b.progress;
  const health = b.health?.status ?? 'healthy';
  const healthText = health === 'healthy' ? out.paint('green', health) : out.paint(health === 'degraded' ? 'yellow' : 'red', health);
  const width = Math.max(10, Math.min(40, out.width - 70));
  const percent = p.total > 0 ? p.processed / p.total : 0;
  const lines = [
    `${out.paint('bold', `batch ${b.batch_id}`)}  ${out.paint(STATUS_COLOR[b.status] ?? 'dim', b.status)}  health ${healthText}`,
    `  all     ${bar(percent, width)} ${(p.percent ?? percent * 100).toFixed(1).padStart(5)}%  ${p.processed}/${p.total} items  ${rate(b)}  ETA ${formatDuration(p.eta_seconds)}  errors ${p.failed}`,
  ];
  for (const t of b.tier_tasks ?? []) {
    const total = t.documents_submitted_to_engine ?? 0;
    const done = t.items_processed ?? 0;
    const tierBar = bar(total > 0 ? done / total : t.status === 'COMPLETED' ? 1 : 0, width);
    lines.push(`  tier ${String(t.tier_num).padEnd(2)} ${tierBar} ${done}/${total}  ${t.status}  failed ${t.items_failed ?? 0}`);
  }
  for (const reason of b.health?.reasons ?? []) lines.push(`  ${out.paint(reason.level === 'unhealthy' ? 'red' : 'yellow', `! ${safeText(reason.message)}`)}`);
  if (b.status_message) lines.push(`  ${out.paint('dim', safeText(b.status_message))}`);
  return lines;
}

/** One plain line per update for logs and pipes (no colours, no cursor movement). */
export function plainLine(b: BatchProgressView): string {
  const p = b.progress;
  const tiers = (b.tier_tasks ?? []).map((t) => `t${t.tier_num}:${t.items_processed ?? 0}/${t.documents_submitted_to_engine ?? 0}`).join(' ');
  const reasons = safeText((b.health?.reasons ?? []).map((r) => r.message).join('; '));
  return [
    b.status,
    `${p.processed}/${p.total}`,
    `${(p.percent ?? 0).toFixed(1)}%`,
    rate(b),
    `eta ${formatDuration(p.eta_seconds)}`,
    `errors ${p.failed}`,
    `health ${b.health?.status ?? 'healthy'}`,
    ...(tiers === '' ? [] : [tiers]),
    ...(reasons === '' ? [] : [`(${reasons})`]),
  ].join('  ');
}

/**
 * Follows a batch to its end (SSE, polling when the stream fails) and returns the exit code.
 * On a terminal the display is redrawn in place; otherwise each change prints one line.
 */
export async function watchBatch(sdk: StrataClient, out: Output, bucket: string, batchId: string, options: { pollIntervalMs?: number } = {}): Promise<number> {
  let drawn = 0;
  let lastLine = '';
  const draw = (b: BatchProgressView) => {
    if (out.json) return;
    if (out.live) {
      const lines = renderBatch(b, out);
      // Move to the first line drawn last time and clear to the end of the screen.
      if (drawn > 0) out.write(`\x1b[${drawn}F\x1b[0J`);
      out.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
    } else {
      const line = plainLine(b);
      if (line !== lastLine) out.line(`${new Date().toISOString().slice(11, 19)}  ${line}`);
      lastLine = line;
    }
  };
  const final: Batch = await sdk.waitForBatch(bucket, batchId, {
    pollIntervalMs: options.pollIntervalMs,
    onProgress: draw,
    onFallback: (reason) => out.info(`live stream unavailable (${reason}); polling every ${options.pollIntervalMs ?? 1000} ms`),
  });
  if (out.json) out.line(JSON.stringify(final, null, 2));
  else {
    draw(final);
    const p = final.progress;
    out.line(`${final.status}: ${p.succeeded} succeeded, ${p.failed} failed of ${p.total}${final.error ? ` (${safeText(final.error)})` : ''}`);
  }
  return exitCodeFor(final.status);
}
