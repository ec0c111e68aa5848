import { render } from 'preact';
import { App } from './app';
import { html } from './html';

/** The dashboard served by batch-api at /ui (docs/adr/0094-dashboard.md). */
const root = document.getElementById('app');
if (root !== null) render(html`<${App} />`, root);
