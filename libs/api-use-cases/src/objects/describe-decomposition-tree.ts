import { DocumentRecord } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { ListObjectDocuments } from './list-object-documents';

/** One collection of the tree: the documents of the object in it and the collections fed by it. */
export interface DecompositionNode {
  collectionId: string;
  featureExtractorId: string;
  /** `bucket` for a tier-0 collection, `collection` for one sourcing another. */
  sourceType: string;
  sourceCollectionId: string | null;
  documentCount: number;
  documentIds: string[];
  children: DecompositionNode[];
}

export interface DecompositionTree {
  objectId: string;
  rootBucketId: string | null;
  totalDocuments: number;
  /** True when the object has more documents than one tree reads (MAX_TREE_DOCUMENTS). */
  truncated: boolean;
  collections: DecompositionNode[];
}

/** A tree reads at most this many documents, so one request stays bounded however large the object. */
export const MAX_TREE_DOCUMENTS = 10_000;
const PAGE = 1_000;

/**
 * How an object decomposed (Mixpeek's `GET /v1/objects/{object_id}/decomposition-tree`): its
 * tier-0 collections under the object, each collection under the collection it sources.
 */
export class DescribeDecompositionTree {
  private readonly documents: ListObjectDocuments;

  constructor(deps: Pick<IngestionDeps, 'metadata'>) {
    this.documents = new ListObjectDocuments(deps);
  }

  /** @throws ValidationError on a malformed object id */
  async execute(namespaceId: string, objectId: string): Promise<DecompositionTree> {
    const docs: DocumentRecord[] = [];
    let total = 0;
    for (let offset = 0; offset < MAX_TREE_DOCUMENTS; offset += PAGE) {
      const page = await this.documents.execute(namespaceId, objectId, { collectionIds: null, offset, limit: PAGE });
      total = page.total;
      docs.push(...page.results);
      if (page.results.length < PAGE) break;
    }
    const nodes = new Map<string, DecompositionNode>();
    for (const d of docs) {
      let node = nodes.get(d.collectionId);
      if (node === undefined) {
        node = {
          collectionId: d.collectionId,
          featureExtractorId: d.featureExtractorId,
          sourceType: d.lineage.sourceType,
          sourceCollectionId: d.lineage.sourceCollectionId ?? null,
          documentCount: 0,
          documentIds: [],
          children: [],
        };
        nodes.set(d.collectionId, node);
      }
      node.documentCount += 1;
      node.documentIds.push(d.documentId);
    }
    const roots: DecompositionNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.sourceCollectionId === null ? undefined : nodes.get(node.sourceCollectionId);
      // A collection whose source collection has no document of this object left still shows, at the top.
      if (parent === undefined || parent === node) roots.push(node);
      else parent.children.push(node);
    }
    return { objectId, rootBucketId: docs[0]?.lineage.rootBucketId ?? null, totalDocuments: total, truncated: total > docs.length, collections: roots };
  }
}
