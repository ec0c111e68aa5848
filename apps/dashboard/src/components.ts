import { ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import { fraction, formatPercent, statusTone } from './format';
import { html } from './html';

/** How many times the page changed in this tab (0 on the first page loaded). */
export const NavigationCount = createContext(0);

/**
 * The page heading. It takes the focus when the user moves to another page, so that keyboard and
 * screen-reader users start at the new content (a single-page app does not move focus by itself);
 * not on the first page loaded, where the browser starts at the top (the skip link).
 */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const navigations = useContext(NavigationCount);
  useEffect(() => {
    if (navigations > 0) ref.current?.focus();
  }, [navigations]);
  return html`<h1 ref=${ref} tabindex="-1" id="page-title">${children}</h1>`;
}

export function Badge({ status }: { status: string }) {
  return html`<span class=${`badge badge-${statusTone(status)}`}>${status}</span>`;
}

/** A native progress bar (announced with its value) with the count beside it. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const share = fraction(done, total);
  return html`<span class="progress">
    <progress max="100" value=${Math.round(share * 1000) / 10} aria-label=${label}></progress>
    <span class="progress-text">${done}/${total} (${formatPercent(share)})</span>
  </span>`;
}

export function ErrorNote({ error, what }: { error: Error | null; what: string }) {
  if (error === null) return null;
  return html`<p class="note note-bad" role="alert">Could not load ${what}: ${error.message}</p>`;
}

export function Loading({ what }: { what: string }) {
  return html`<p class="muted" role="status">Loading ${what}…</p>`;
}

/** A region that scrolls sideways when its content is wider; focusable so that keyboards can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return html`<div class="table-wrap" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}

export interface TableRow {
  key: string;
  cells: ComponentChildren[];
}

/**
 * A data table with a (visually hidden) caption and column headers. On narrow screens each row
 * becomes a card and each cell shows its column name (CSS `attr(data-label)`), so a phone never
 * scrolls sideways. `numeric` columns are right-aligned on wide screens.
 */
export function Table({ caption, columns, rows, numeric = [] }: { caption: string; columns: string[]; rows: TableRow[]; numeric?: number[] }) {
  return html`<${TableWrap} label=${caption}>
    <table class="cards">
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>${columns.map((c) => html`<th scope="col" key=${c}>${c === '' ? html`<span class="visually-hidden">Actions</span>` : c}</th>`)}</tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr key=${r.key}>
            ${r.cells.map((cell, i) => html`<td key=${i} data-label=${columns[i] ?? ''} class=${numeric.includes(i) ? 'num' : undefined}><div class="cell">${cell}</div></td>`)}
          </tr>`,
        )}
      </tbody>
    </table>
  <//>`;
}

/** The result of an action (a button), announced politely. */
export function ActionStatus({ message }: { message: { tone: 'ok' | 'bad'; text: string } | null }) {
  return html`<p class=${message === null ? 'action-status' : `action-status note note-${message.tone}`} role="status" aria-live="polite">
    ${message?.text ?? ''}
  </p>`;
}
