import { h } from 'preact';
import htm from 'htm';

/**
 * Tagged templates compiled to preact's `h` calls at run time (no JSX build step). Interpolated
 * values become text nodes or attribute values, never markup: preact escapes them, and the
 * dashboard never uses dangerouslySetInnerHTML (docs/adr/0094-dashboard.md).
 */
export const html = htm.bind(h);
