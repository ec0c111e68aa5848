import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import type { DecompositionNode } from '@strata/api-use-cases';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceIdOf } from './namespace-header';
import { documentResponse } from './presenters';
import { paginationResponse } from './pagination';
import { DecompositionTreeResponse, ObjectDocumentsResponse } from './schemas';
import { decompositionTreeQuery, objectDocumentsQuery } from './resource-validation';
import { parse } from './validation';

function nodeResponse(node: DecompositionNode, withIds: boolean): Record<string, unknown> {
  return {
    collection_id: node.collectionId,
    feature_extractor_id: node.featureExtractorId,
    source_type: node.sourceType,
    source_collection_id: node.sourceCollectionId,
    document_count: node.documentCount,
    ...(withIds ? { document_ids: node.documentIds } : {}),
    children: node.children.map((c) => nodeResponse(c, withIds)),
  };
}

/** What an object produced, across collections (Mixpeek's `/v1/objects/{object_id}/...` routes; the object is addressed without its bucket). */
@Controller('v1/objects')
export class ObjectDocumentsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  @Get(':object/documents')
  @ApiRoute({
    operationId: 'listObjectDocuments',
    response: ObjectDocumentsResponse,
    summary: "The documents an object produced in every collection (or in ?collection_ids=a,b), by collection then age; they outlive the object until a batch removes orphans",
    tag: 'objects',
    query: objectDocumentsQuery,
  })
  async documents(@Headers('x-namespace') ns: string | undefined, @Param('object') objectId: string, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const q = parse(objectDocumentsQuery, query, 'query');
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const collectionIds = q.collection_ids === undefined ? null : q.collection_ids.split(',');
    const page = await this.resources.listObjectDocuments.execute(namespaceId, objectId, { collectionIds, offset, limit });
    return {
      object_id: objectId,
      results: page.results.map((d) => documentResponse(d)),
      pagination: paginationResponse(page.total, { offset, limit }),
    };
  }

  @Get(':object/decomposition-tree')
  @ApiRoute({
    operationId: 'getDecompositionTree',
    response: DecompositionTreeResponse,
    summary: 'How an object decomposed: its collections as a tree (a collection under the one it sources) with document counts (?include_document_ids=true adds the ids)',
    tag: 'objects',
    query: decompositionTreeQuery,
  })
  async tree(@Headers('x-namespace') ns: string | undefined, @Param('object') objectId: string, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const withIds = parse(decompositionTreeQuery, query, 'query').include_document_ids === 'true';
    const tree = await this.resources.describeDecompositionTree.execute(namespaceId, objectId);
    return {
      object_id: tree.objectId,
      root_bucket_id: tree.rootBucketId,
      total_documents: tree.totalDocuments,
      truncated: tree.truncated,
      collections: tree.collections.map((c) => nodeResponse(c, withIds)),
    };
  }
}
