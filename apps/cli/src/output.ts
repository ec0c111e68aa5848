import type { Writable } from 'node:stream';

/** How results are printed: tables for people, JSON for scripts; colours and cursor moves only on a terminal. */
export class Output {
  constructor(
    readonly out: Writable & { isTTY?: boolean; columns?: number },
    readonly err: Writable,
    readonly json: boolean,
    readonly color: boolean,
  ) {}

  /** A terminal that can take cursor movement (in-place redraws). */
  get live(): boolean {
    return this.out.isTTY === true && !this.json;
  }

  get width(): number {
    return Math.max(40, Math.min(this.out.columns ?? 100, 160));
  }

  write(text: string): void {
    this.out.write(text);
  }

  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  info(text: string): void {
    this.err.write(`${text}\n`);
  }

  /** A value: JSON in --json mode, else the given human rendering. */
  result(value: unknown, human: () => string): void {
    this.line(this.json ? JSON.stringify(value, null, 2) : human());
  }

  paint(code: 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'cyan', text: string): string {
    if (!this.color) return text;
    const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
    return `\x1b[${codes[code]}m${text}\x1b[0m`;
  }
}

/** User data as inert text: control characters (terminal escape sequences) are shown as \xNN, not run. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A plain text table; cells are shown as text (control characters escaped) and cut to fit. */
export function table(rows: Array<Record<string, unknown>>, columns: string[], maxCell = 48): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const safe = safeText(text).replace(/[\n\t]/g, ' ');
    return safe.length > maxCell ? `${safe.slice(0, maxCell - 1)}…` : safe;
  };
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] as string).length)));
  const render = (row: string[]) => row.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [render(columns.map((c) => c.toUpperCase())), ...cells.map(render)].join('\n');
}

/** Key: value lines for one record. */
export function details(record: Record<string, unknown>, keys: string[]): string {
  const width = Math.max(...keys.map((k) => k.length));
  return keys
    .filter((k) => record[k] !== undefined)
    .map((k) => {
      const v = record[k];
      return `${k.padEnd(width)}  ${safeText(v === null ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v))}`;
    })
    .join('\n');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A text progress bar of `width` cells. */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}
