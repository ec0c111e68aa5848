import { DocumentRecord, ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { ListDocuments, matchingDocumentIds } from './list-documents';
import { checkPayload, refuseSystemFields, withPayload, writeDocuments } from './document-writes';

/** Mixpeek's limit for one batch update. */
export const MAX_DOCUMENTS_PER_UPDATE = 1000;
/** Most documents one update by filters changes; a broader filter is refused before anything is written. */
export const MAX_DOCUMENTS_PER_BULK_UPDATE = 10_000;
/** Documents read and written per step of an update by filters. */
const BULK_STEP = 500;

export interface DocumentUpdate {
  documentId: string;
  /** User fields merged into the payload (PATCH semantics). */
  fields: Record<string, unknown>;
}

export interface DocumentUpdateResult {
  documentId: string;
  success: boolean;
  error: string | null;
}

function checkFields(fields: Record<string, unknown>, location: string): void {
  if (Object.keys(fields).length === 0) throw new ValidationError(`${location}: update_data is empty: send the fields to change`);
  refuseSystemFields(fields, location);
}

/** Merges `fields` into each document's payload and writes them to both stores (vectors first, then metadata). */
async function mergeAndWrite(deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>, documents: readonly DocumentRecord[], fieldsOf: (d: DocumentRecord) => Record<string, unknown>): Promise<void> {
  const updated = documents.map((d) => {
    const payload = { ...d.payload, ...fieldsOf(d) };
    checkPayload(payload, `document ${d.documentId}`);
    return { record: withPayload(d, payload, deps), vectors: null };
  });
  await writeDocuments(deps, updated);
}

/**
 * Updates up to 1000 documents by id, each with its own fields (Mixpeek's
 * `POST .../documents/batch` with `updates`): every update is checked before any is written
 * (one bad update writes nothing, the error names `updates[i]`), then the documents present are
 * merged and written in one step per store. Ids not in the collection are reported, not an error.
 */
export class UpdateDocumentsBatch {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError (collection), ValidationError */
  async execute(namespaceId: string, collection: string, updates: readonly DocumentUpdate[]): Promise<DocumentUpdateResult[]> {
    if (updates.length === 0 || updates.length > MAX_DOCUMENTS_PER_UPDATE) {
      throw new ValidationError(`updates must hold 1 to ${MAX_DOCUMENTS_PER_UPDATE} updates, not ${updates.length}`);
    }
    const seen = new Set<string>();
    updates.forEach((u, i) => {
      if (seen.has(u.documentId)) throw new ValidationError(`body.updates[${i}].document_id: ${u.documentId} is updated twice in one request; merge its fields into one update`);
      seen.add(u.documentId);
      checkFields(u.fields, `body.updates[${i}].update_data`);
    });
    const c = await this.collections.execute(namespaceId, collection);
    const found = (await this.deps.metadata.documents.findMany(namespaceId, [...seen])).filter((d) => d.collectionId === c.collectionId);
    const byId = new Map(updates.map((u) => [u.documentId, u.fields]));
    await mergeAndWrite(this.deps, found, (d) => byId.get(d.documentId) ?? {});
    const present = new Set(found.map((d) => d.documentId));
    return updates.map((u) =>
      present.has(u.documentId)
        ? { documentId: u.documentId, success: true, error: null }
        : { documentId: u.documentId, success: false, error: `document ${u.documentId} is not in collection ${c.collectionId}` },
    );
  }
}

/**
 * Updates every document of a collection that matches filters with the same fields (Mixpeek's
 * `PATCH .../documents/bulk`; no filters: every document). The matching ids are read first, with
 * the filters of the document list (so both select the same documents); more than 10,000 is
 * refused before anything is written. Then they are re-read and written in steps of 500, each
 * vectors first, then metadata: an update cut short is repaired by sending it again (the same
 * fields merged twice give the same document).
 */
export class BulkUpdateDocuments {
  private readonly collections: GetCollection;
  private readonly list: ListDocuments;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
    this.list = new ListDocuments(deps);
  }

  /** @throws NotFoundError (collection), ValidationError (filters, fields, too many matches) */
  async execute(namespaceId: string, collection: string, filters: unknown, fields: Record<string, unknown>): Promise<{ updated: number; matched: number }> {
    checkFields(fields, 'body.update_data');
    const c = await this.collections.execute(namespaceId, collection);
    const unique = await matchingDocumentIds(this.list, namespaceId, c.collectionId, filters, MAX_DOCUMENTS_PER_BULK_UPDATE, 'one bulk update changes');
    let updated = 0;
    for (let i = 0; i < unique.length; i += BULK_STEP) {
      const step = (await this.deps.metadata.documents.findMany(namespaceId, unique.slice(i, i + BULK_STEP))).filter((d) => d.collectionId === c.collectionId);
      await mergeAndWrite(this.deps, step, () => fields);
      updated += step.length;
    }
    return { updated, matched: unique.length };
  }
}
