import type { IngestionDeps } from '../shared/deps';
import { GetCollection } from './get-collection';

export interface CollectionFeature {
  featureAddress: string;
  featureExtractorName: string;
  version: string;
  vectorIndex: { name: string; dimensions: number; distance: string };
  primary: boolean;
}

export class DescribeCollectionFeatures {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** One feature per vector index, addressed `mixpeek://{extractor}@{version}/{index}`; the first is primary. */
  async execute(namespaceId: string, idOrName: string): Promise<CollectionFeature[]> {
    const c = await new GetCollection(this.deps).execute(namespaceId, idOrName);
    const fe = c.featureExtractor;
    return c.vectorIndexes.map((index, i) => ({
      featureAddress: `mixpeek://${fe.featureExtractorName}@${fe.version}/${index.name}`,
      featureExtractorName: fe.featureExtractorName,
      version: fe.version,
      vectorIndex: { name: index.name, dimensions: index.dimensions, distance: index.distance },
      primary: i === 0,
    }));
  }
}
