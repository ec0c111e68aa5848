/** Formatting shared by the pages. Pure: no DOM, unit-tested (format.spec.ts). */

/** `1h 02m`, `3m 05s`, `42s`; `—` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A 0..1 fraction, guarding empty totals. */
export function fraction(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, done / total));
}

export function formatPercent(value: number): string {
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

export function formatRate(itemsPerSecond: number | null | undefined): string {
  return `${(itemsPerSecond ?? 0).toFixed(1)} items/s`;
}

/** A timestamp as local date and time; the ISO text when it does not parse. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

/**
 * A JSON value as one line of text, cut to `max` characters. Shown with text nodes only: the
 * value may be hostile (names, metadata, error messages) and is never parsed as markup.
 */
export function jsonText(value: unknown, max = 300): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Statuses after which a batch does not change any more (the SDK's list, by name for the badges). */
export type BadgeTone = 'ok' | 'warn' | 'bad' | 'busy' | 'idle';

export function statusTone(status: string): BadgeTone {
  switch (status) {
    case 'COMPLETED':
    case 'SUCCEEDED':
    case 'healthy':
      return 'ok';
    case 'COMPLETED_WITH_ERRORS':
    case 'degraded':
    case 'PENDING':
      return 'warn';
    case 'FAILED':
    case 'CANCELED':
    case 'unhealthy':
      return 'bad';
    case 'PROCESSING':
    case 'QUEUED':
    case 'IN_PROGRESS':
      return 'busy';
    default:
      return 'idle';
  }
}
