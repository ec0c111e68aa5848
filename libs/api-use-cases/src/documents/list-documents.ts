import { DocumentRecord, ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { documentRecord } from './document-records';

export interface DocumentPage extends ListResult<DocumentRecord> {
  collectionId: string;
  /** With `withVectors`, each listed document's vectors by document id (read in one batch); null otherwise. */
  vectors: Map<string, Record<string, number[]>> | null;
}

export class ListDocuments {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.collections = new GetCollection(deps);
  }

  /** Filters (AND/OR/NOT), search and sort run by the store where it can (else scanned); a plain page reads one page. @throws NotFoundError, ValidationError */
  async execute(namespaceId: string, collection: string, query: ListQuery, options: { withVectors?: boolean } = {}): Promise<DocumentPage> {
    const c = await this.collections.execute(namespaceId, collection);
    const documents = this.deps.metadata.documents;
    const result = await listFiltered(
      query,
      (p) => documents.list(namespaceId, c.collectionId, p),
      (d) => documentRecord(d),
      (request) => documents.query(namespaceId, c.collectionId, request),
    );
    if (options.withVectors !== true) return { ...result, collectionId: c.collectionId, vectors: null };
    const points = await this.deps.vectors.getMany(
      namespaceId,
      c.collectionId,
      result.results.map((d) => d.documentId),
    );
    const vectors = new Map<string, Record<string, number[]>>();
    for (const d of result.results) {
      const out: Record<string, number[]> = {};
      for (const [name, v] of Object.entries(points.get(d.documentId)?.vectors ?? {})) out[name] = Array.from(v);
      vectors.set(d.documentId, out);
    }
    return { ...result, collectionId: c.collectionId, vectors };
  }
}

/** Ids read per page while collecting what filters match. */
const ID_PAGE = 1000;

/**
 * The ids of the documents of a collection that match filters (no filters: all), read through the
 * document list (so a write by filters selects exactly what `POST .../documents/list` shows). More
 * than `max` matches (or a scan that could not finish) is refused before the caller writes
 * anything; `action` completes the message ("one bulk update changes").
 * @throws ValidationError
 */
export async function matchingDocumentIds(list: ListDocuments, namespaceId: string, collectionId: string, filters: unknown, max: number, action: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += ID_PAGE) {
    const page = await list.execute(namespaceId, collectionId, { filters: filters ?? undefined, offset, limit: ID_PAGE });
    if (page.total > max || page.truncated) {
      throw new ValidationError(`the filters match ${page.total}${page.truncated ? '+' : ''} documents; ${action} at most ${max.toLocaleString('en-US')}: narrow the filters and send it again`);
    }
    ids.push(...page.results.map((d) => d.documentId));
    if (page.results.length < ID_PAGE || ids.length >= page.total) break;
  }
  return [...new Set(ids)];
}
