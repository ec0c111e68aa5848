import { ValidationError } from '@strata/domain';
import type { ScoredPoint } from '@strata/ports';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { compileFilter } from '../shared/record-filter';

export interface SearchDocumentsCommand {
  namespaceId: string;
  collection: string;
  /** Text embedded the way the collection's documents were (its extractor and parameters). */
  queryText: string | null;
  /** Or a vector given directly. */
  queryVector: number[] | null;
  /** Which vector index to search; defaults to the collection's first. */
  vectorIndex: string | null;
  topK: number;
  /** LogicalOperator / shorthand filters on the document payload fields. */
  filters: unknown;
  minScore: number | null;
}

/** How many candidates to fetch per wanted result when filters may drop some. */
const OVERFETCH = 10;

const MAX_CANDIDATES = 1_000;

/**
 * Vector search in one collection: nearest documents by the collection's vector index, scored
 * (cosine similarity), optionally filtered on payload fields. Filters are applied to an over-fetched
 * candidate set, so a very selective filter can return fewer than top_k results.
 */
export class SearchDocuments {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'extractors'>) {
    this.collections = new GetCollection(deps);
  }

  async execute(command: SearchDocumentsCommand): Promise<{ collectionId: string; vectorIndex: string; results: ScoredPoint[] }> {
    const collection = await this.collections.execute(command.namespaceId, command.collection);
    if ((command.queryText === null) === (command.queryVector === null)) {
      throw new ValidationError('send exactly one of query_text or query_vector');
    }
    const indexName = command.vectorIndex ?? collection.vectorIndexes[0]?.name;
    const index = collection.vectorIndexes.find((v) => v.name === indexName);
    if (indexName === undefined || index === undefined) {
      throw new ValidationError(
        `collection ${collection.collectionName} has no vector index ${indexName ?? ''}; its indexes: ${collection.vectorIndexes.map((v) => v.name).join(', ') || 'none'}`,
      );
    }
    let vector: Float32Array;
    if (command.queryVector !== null) {
      if (command.queryVector.length !== index.dimensions) {
        throw new ValidationError(`query_vector has ${command.queryVector.length} dimensions; ${index.name} has ${index.dimensions}`);
      }
      vector = Float32Array.from(command.queryVector);
    } else {
      const fe = collection.featureExtractor;
      const extractor = this.deps.extractors.get(fe.featureExtractorName, fe.version);
      if (extractor.embedQuery === undefined) {
        throw new ValidationError(`${extractor.name}@${extractor.version} cannot embed a text query; send query_vector instead`);
      }
      const embedded = await extractor.embedQuery(command.queryText as string, extractor.parseParameters(fe.parameters));
      const v = embedded[index.name];
      if (v === undefined) throw new ValidationError(`query_text cannot be compared with vector index ${index.name}; send query_vector`);
      vector = v;
    }
    const predicate = command.filters === undefined || command.filters === null ? null : compileFilter(command.filters);
    const candidates = await this.deps.vectors.search({
      namespaceId: command.namespaceId,
      collectionId: collection.collectionId,
      vectorIndex: index.name,
      vector,
      topK: predicate === null ? command.topK : Math.min(command.topK * OVERFETCH, MAX_CANDIDATES),
    });
    const results = candidates
      .filter((c) => predicate === null || predicate(c.payload))
      .filter((c) => command.minScore === null || c.score >= command.minScore)
      .slice(0, command.topK);
    return { collectionId: collection.collectionId, vectorIndex: index.name, results };
  }
}
