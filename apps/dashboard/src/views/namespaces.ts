import { ForbiddenError, Schema } from '@strata/sdk';
import { useState } from 'preact/hooks';
import { ErrorNote, Loading, PageTitle, Table } from '../components';
import { formatTime } from '../format';
import { useLoad } from '../hooks';
import { html } from '../html';
import { href } from '../routes';
import { Session, clientFor } from '../session';

type Namespace = Schema<'NamespaceModel'>;

/** The namespaces the key may see, and a box to open one by name (keys limited to a namespace cannot list them). */
export function Namespaces({ session }: { session: Session }) {
  const list = useLoad(async () => {
    try {
      const page = await clientFor(session, null).namespaces.list({ limit: 200, offset: 0, cursor: null });
      return { namespaces: page.results as Namespace[], total: page.total_count, forbidden: false };
    } catch (error) {
      if (error instanceof ForbiddenError) return { namespaces: [] as Namespace[], total: 0, forbidden: true };
      throw error;
    }
  }, [session]);
  const [name, setName] = useState('');
  const open = (event: Event) => {
    event.preventDefault();
    if (name.trim() !== '') window.location.hash = href({ page: 'buckets', ns: name.trim() });
  };
  return html`<section aria-labelledby="page-title">
    <${PageTitle}>Namespaces<//>
    <${ErrorNote} error=${list.error} what="namespaces" />
    ${list.data === null && list.error === null ? html`<${Loading} what="namespaces" />` : null}
    ${list.data?.forbidden === true ? html`<p class="muted">This key may not list namespaces: open yours by name.</p>` : null}
    ${list.data !== null && !list.data.forbidden
      ? list.data.namespaces.length === 0
        ? html`<p class="muted">No namespaces yet (create one with <code>strata namespaces create NAME</code>).</p>`
        : html`<${Table}
            caption=${`Namespaces (${list.data.total})`}
            columns=${['Name', 'Id', 'Description', 'Created']}
            rows=${list.data.namespaces.map((n) => ({
              key: n.namespace_id,
              cells: [
                html`<a href=${href({ page: 'buckets', ns: n.namespace_name })}>${n.namespace_name}</a>`,
                html`<code>${n.namespace_id}</code>`,
                n.description ?? '',
                formatTime(n.created_at),
              ],
            }))}
          />`
      : null}
    <form class="inline-form" method="post" onSubmit=${open}>
      <label for="ns-name">Open a namespace by name or id</label>
      <input id="ns-name" type="text" value=${name} onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)} />
      <button type="submit">Open</button>
    </form>
  </section>`;
}
