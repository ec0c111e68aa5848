import { Schema } from '@strata/sdk';
import { useState } from 'preact/hooks';
import { ErrorNote, Loading, PageTitle, Table } from '../components';
import { jsonText } from '../format';
import { useLoad } from '../hooks';
import { html } from '../html';
import { href } from '../routes';
import { Session, clientFor } from '../session';

type Collection = Schema<'CollectionResponse'>;
type SearchHit = Schema<'SearchDocumentsResponse'>['results'][number];

/** The namespace's collections with their document counts. */
export function Collections({ session, ns }: { session: Session; ns: string }) {
  const data = useLoad(
    async () => {
      const page = await clientFor(session, ns).collections.list({ limit: 200, offset: 0, cursor: null });
      return { collections: page.results as Collection[], total: page.total_count, documents: page.stats.total_documents };
    },
    [session, ns],
    () => 15000,
  );
  const d = data.data;
  return html`<section aria-labelledby="page-title">
    <${PageTitle}>Collections in ${ns}<//>
    <${ErrorNote} error=${data.error} what="collections" />
    ${d === null && data.error === null ? html`<${Loading} what="collections" />` : null}
    ${d === null
      ? null
      : d.collections.length === 0
        ? html`<p class="muted">No collections in this namespace yet.</p>`
        : html`<p>${d.total} collection(s), ${d.documents} document(s).</p>
            <${Table}
              caption="Collections"
              columns=${['Name', 'Documents', 'Extractor', 'Source', 'Id']}
              numeric=${[1]}
              rows=${d.collections.map((c) => ({
                key: c.collection_id,
                cells: [
                  html`<a href=${href({ page: 'collection', ns, collection: c.collection_id })}>${c.collection_name}</a>
                    ${c.description ? html`<div class="muted">${c.description}</div>` : null}`,
                  c.document_count ?? '—',
                  `${c.feature_extractor.feature_extractor_name} ${c.feature_extractor.version}`,
                  c.source.type === 'bucket' ? `buckets ${c.source.bucket_ids.join(', ')}` : `collections ${c.source.collection_ids.join(', ')}`,
                  html`<code>${c.collection_id}</code>`,
                ],
              }))}
            />`}
  </section>`;
}

/** The text a search hit shows: its text field when it has one, else its fields as JSON. */
function hitText(hit: SearchHit): string {
  const record = hit as Record<string, unknown>;
  for (const key of ['text', 'content', 'transcript', 'caption', 'description']) {
    if (typeof record[key] === 'string') return jsonText(record[key], 400);
  }
  const { document_id: _id, collection_id: _c, score: _s, ...rest } = record;
  return jsonText(rest, 400);
}

/** One collection: its details, a search box, and its search results. */
export function CollectionPage({ session, ns, collection }: { session: Session; ns: string; collection: string }) {
  const info = useLoad(() => clientFor(session, ns).collections.get(collection), [session, ns, collection]);
  const [query, setQuery] = useState('');
  const [topK, setTopK] = useState(10);
  const [search, setSearch] = useState<{ busy: boolean; error: string | null; hits: SearchHit[] | null; query: string }>({ busy: false, error: null, hits: null, query: '' });
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = query.trim();
    if (text === '') {
      setSearch({ busy: false, error: 'Type something to search for.', hits: null, query: '' });
      return;
    }
    setSearch((s) => ({ ...s, busy: true, error: null }));
    try {
      const answer = await clientFor(session, ns).documents.search(collection, { query_text: text, top_k: topK });
      setSearch({ busy: false, error: null, hits: answer.results, query: text });
    } catch (error) {
      setSearch({ busy: false, error: (error as Error).message, hits: null, query: text });
    }
  };
  const c = info.data;
  return html`<section aria-labelledby="page-title">
    <p class="crumbs"><a href=${href({ page: 'collections', ns })}>← Collections</a></p>
    <${PageTitle}>Collection ${c?.collection_name ?? collection}<//>
    <${ErrorNote} error=${info.error} what="the collection" />
    ${c === null && info.error === null ? html`<${Loading} what="the collection" />` : null}
    ${c === null
      ? null
      : html`<dl class="stats">
          <div><dt>Documents</dt><dd>${c.document_count ?? '—'}</dd></div>
          <div><dt>Extractor</dt><dd>${c.feature_extractor.feature_extractor_name} ${c.feature_extractor.version}</dd></div>
          <div><dt>Vector indexes</dt><dd>${c.vector_indexes.map((v) => `${v.name} (${v.dimensions})`).join(', ') || '—'}</dd></div>
          <div><dt>Id</dt><dd><code>${c.collection_id}</code></dd></div>
        </dl>
        ${c.description ? html`<p>${c.description}</p>` : null}
        <form class="search" role="search" method="post" onSubmit=${submit}>
          <label for="search-query">Search documents</label>
          <input id="search-query" type="search" value=${query} onInput=${(e: Event) => setQuery((e.currentTarget as HTMLInputElement).value)} />
          <label for="search-k">Results</label>
          <input id="search-k" type="number" min="1" max="100" value=${topK} onInput=${(e: Event) => setTopK(Math.min(100, Math.max(1, Number((e.currentTarget as HTMLInputElement).value) || 10)))} />
          <button type="submit" disabled=${search.busy}>${search.busy ? 'Searching…' : 'Search'}</button>
        </form>
        <div role="status" aria-live="polite">
          ${search.error === null ? null : html`<p class="note note-bad">${search.error}</p>`}
          ${search.hits === null ? null : html`<p>${search.hits.length} result(s) for “${search.query}”.</p>`}
        </div>
        ${search.hits !== null && search.hits.length > 0
          ? html`<ol class="hits">
              ${search.hits.map(
                (h) => html`<li key=${h.document_id}>
                  <div><code>${h.document_id}</code> <span class="muted">score ${h.score.toFixed(3)}</span></div>
                  <div class="json">${hitText(h)}</div>
                </li>`,
              )}
            </ol>`
          : null}`}
  </section>`;
}
