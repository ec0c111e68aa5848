import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import type { ExtractorRegistry } from '@strata/extractors';
import type { Collection } from '@strata/domain';
import { lineageRecord } from '@strata/api-use-cases';
import { TOKENS } from '@strata/platform';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceIdOf } from './namespace-header';
import { presentCollection } from './collection-view';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import {
  batchUpdateDocumentsBody,
  bulkUpdateDocumentsBody,
  cloneCollectionBody,
  createDocumentBody,
  deleteDocumentsBatchBody,
  listCollectionsBody,
  patchDocumentBody,
  updateCollectionBody,
  updateDocumentBody,
  listQueryOf,
} from './resource-validation';
import { createDocumentCommandOf, splitVectors } from './document-writes';
import { documentResponse } from './presenters';
import {
  CloneCollectionResponse,
  CollectionResponse,
  DeleteCollectionResponse,
  DescribeCollectionFeaturesResponse,
  BatchDeleteDocumentsResponse,
  BatchUpdateDocumentsResponse,
  BulkUpdateDocumentsResponse,
  DocumentLineageResponse,
  DocumentResponse,
  GenericDeleteResponse,
  ListCollectionsResponse,
} from './schemas';
import { parametersOf, passthroughOf, sourceOf } from './collections.controller';
import { parse } from './validation';

/**
 * Collections after creation (list, update, delete, features) and document delete. Kept apart
 * from CollectionsController (create, get, documents, search) so each changes in its own file.
 */
@Controller('v1/collections')
export class CollectionResourcesController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
    @Inject(TOKENS.extractors) private readonly extractors: ExtractorRegistry,
  ) {}

  /** Filters, sort and search in the body; limit/offset as query parameters (Mixpeek's query-param style). */
  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listCollections', response: ListCollectionsResponse, summary: 'List collections (filters, sort, search, pagination)', tag: 'collections', body: listCollectionsBody, query: pageQuery })
  async list(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listCollectionsBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const result = await this.resources.listCollections.execute(namespaceId, listQueryOf(input, page));
    const results: CollectionResponse[] = [];
    for (const c of result.results) results.push(await this.present(namespaceId, c));
    return {
      results,
      pagination: paginationResponse(result.total, page),
      total_count: result.total,
      stats: { total_collections: result.total, total_documents: results.reduce((n, r) => n + (r.document_count ?? 0), 0) },
      truncated: result.truncated,
    };
  }

  @Patch(':collection')
  @ApiRoute({
    operationId: 'updateCollection',
    response: CollectionResponse,
    summary: 'Update the mutable fields of a collection: collection_name, description, enabled, metadata',
    tag: 'collections',
    body: updateCollectionBody,
    errors: [409],
  })
  async update(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(updateCollectionBody, body);
    const updated = await this.resources.updateCollection.execute({
      namespaceId,
      collection,
      ...(input.collection_name !== undefined ? { collectionName: input.collection_name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    });
    return this.present(namespaceId, updated);
  }

  /**
   * Mixpeek's clone: a new collection copied from this one with the given changes, validated like
   * a create. Its documents are not copied: the next batch of its source processes everything for it.
   */
  @Post(':collection/clone')
  @HttpCode(201)
  @ApiRoute({
    operationId: 'cloneCollection',
    response: CloneCollectionResponse,
    summary: 'Clone a collection with optional changes (source, feature_extractor, description, enabled, metadata) into a new collection',
    tag: 'collections',
    body: cloneCollectionBody,
    success: { status: 201, description: 'The new collection and the id of the one it was cloned from' },
    errors: [409],
  })
  async clone(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(cloneCollectionBody, body);
    const fe = input.feature_extractor ?? {};
    const parameters = parametersOf(fe);
    const { collection: created, sourceCollectionId } = await this.resources.cloneCollection.execute({
      namespaceId,
      collection,
      collectionName: input.collection_name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.source != null ? { source: sourceOf(input.source) } : {}),
      featureExtractor: {
        ...(fe.feature_extractor_name !== undefined ? { featureExtractorName: fe.feature_extractor_name } : {}),
        ...(fe.version !== undefined ? { version: fe.version } : {}),
        ...(parameters !== undefined ? { parameters } : {}),
        ...(fe.input_mappings !== undefined ? { inputMappings: fe.input_mappings } : {}),
        ...(fe.field_passthrough !== undefined ? { fieldPassthrough: passthroughOf(fe.field_passthrough) } : {}),
        ...(fe.include_all_source_fields !== undefined ? { includeAllSourceFields: fe.include_all_source_fields } : {}),
      },
      ...(input.enabled != null ? { enabled: input.enabled } : {}),
      ...(input.metadata != null ? { metadata: input.metadata } : {}),
    });
    return { collection: await this.present(namespaceId, created), source_collection_id: sourceCollectionId };
  }

  /** Synchronous, as in Mixpeek: returns when its documents are gone from both stores. */
  @Delete(':collection')
  @ApiRoute({
    operationId: 'deleteCollection',
    response: DeleteCollectionResponse,
    summary: 'Delete a collection with its documents (vectors and metadata); refused (409) while another collection sources it or a batch runs it',
    tag: 'collections',
    errors: [409],
  })
  async remove(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { collection: deleted, deletedDocuments } = await this.resources.deleteCollection.execute(namespaceId, collection);
    return {
      success: true,
      message: 'Successfully deleted',
      collection_id: deleted.collectionId,
      collection_name: deleted.collectionName,
      deleted_documents: deletedDocuments,
    };
  }

  @Get(':collection/features')
  @ApiRoute({ operationId: 'getCollectionFeatures', response: DescribeCollectionFeaturesResponse, summary: 'The features (vector indexes) a collection offers, with their feature addresses', tag: 'collections' })
  async features(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const features = await this.resources.describeCollectionFeatures.execute(namespaceId, collection);
    return {
      features: features.map((f) => ({
        feature_address: f.featureAddress,
        feature_extractor_name: f.featureExtractorName,
        version: f.version,
        vector_index: {
          name: f.vectorIndex.name,
          description: `${f.vectorIndex.name}: ${f.vectorIndex.dimensions}-dimensional ${f.vectorIndex.distance} vectors of ${f.featureExtractorName}@${f.version}`,
          dimensions: f.vectorIndex.dimensions, type: 'dense' as const, distance: f.vectorIndex.distance, datatype: 'float32' as const },
        primary: f.primary,
      })),
    };
  }

  @Post(':collection/documents')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'createDocument',
    response: DocumentResponse,
    summary: 'Create a document of an object (user fields, vectors checked against the collection\'s indexes; vector store, then metadata)',
    tag: 'documents',
    body: createDocumentBody,
  })
  async createDocument(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const command = createDocumentCommandOf(parse(createDocumentBody, body));
    return documentResponse(await this.resources.createDocument.execute(namespaceId, collection, command));
  }

  /** Mixpeek's batch update: per-document fields (`updates`), or the same fields for what `filters` match (`update_data`). */
  @Post(':collection/documents/batch')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'batchUpdateDocuments',
    response: BatchUpdateDocumentsResponse,
    summary: 'Update up to 1000 documents by id, each with its own fields (or update_data for what filters match); ids not in the collection are reported per id',
    tag: 'documents',
    body: batchUpdateDocumentsBody,
  })
  async batchUpdateDocuments(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(batchUpdateDocumentsBody, body);
    if (input.updates == null) {
      const { updated } = await this.resources.bulkUpdateDocuments.execute(namespaceId, collection, input.filters ?? null, input.update_data ?? {});
      return { updated_count: updated, failed_count: 0, results: [], message: `${updated} documents updated` };
    }
    const results = await this.resources.updateDocumentsBatch.execute(
      namespaceId,
      collection,
      input.updates.map((u) => ({ documentId: u.document_id, fields: u.update_data })),
    );
    const updated = results.filter((r) => r.success).length;
    return {
      updated_count: updated,
      failed_count: results.length - updated,
      results: results.map((r) => ({ document_id: r.documentId, success: r.success, error: r.error })),
      message: `${updated} of ${results.length} documents updated`,
    };
  }

  /** Declared before ':collection/documents/:document' so that `bulk` is not taken for a document id. */
  @Patch(':collection/documents/bulk')
  @ApiRoute({
    operationId: 'bulkUpdateDocuments',
    response: BulkUpdateDocumentsResponse,
    summary: 'Merge the same fields into every document the filters match (no filters: all; at most 10,000)',
    tag: 'documents',
    body: bulkUpdateDocumentsBody,
  })
  async bulkUpdateDocuments(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(bulkUpdateDocumentsBody, body);
    const { updated } = await this.resources.bulkUpdateDocuments.execute(namespaceId, collection, input.filters ?? null, input.update_data);
    return { updated_count: updated, message: `${updated} documents updated` };
  }

  @Put(':collection/documents/:document')
  @ApiRoute({
    operationId: 'updateDocument',
    response: DocumentResponse,
    summary: "Replace a document's user fields (and its vectors when sent), in the vector store and the metadata; system fields refused",
    tag: 'documents',
    body: updateDocumentBody,
  })
  async updateDocument(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { fields, vectors } = splitVectors(parse(updateDocumentBody, body));
    return documentResponse(await this.resources.updateDocument.execute(namespaceId, collection, document, fields, vectors));
  }

  /** Declared before ':collection/documents/:document' so that `batch` is not taken for a document id. */
  @Delete(':collection/documents/batch')
  @ApiRoute({ operationId: 'deleteDocumentsBatch', response: BatchDeleteDocumentsResponse, summary: 'Delete up to 1000 documents by id (ids not in the collection are reported per id), or every document the filters match (at most 10,000); vectors, then metadata', tag: 'documents', body: deleteDocumentsBatchBody })
  async deleteDocuments(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(deleteDocumentsBatchBody, body);
    if (input.document_ids == null) {
      // Mixpeek's filter mode answers counts only (its results list is empty).
      const { deleted } = await this.resources.deleteDocumentsBatch.byFilters(namespaceId, collection, input.filters);
      return { deleted_count: deleted, failed_count: 0, results: [], message: `${deleted} documents deleted` };
    }
    const results = await this.resources.deleteDocumentsBatch.execute(namespaceId, collection, input.document_ids);
    const deleted = results.filter((r) => r.success).length;
    return {
      deleted_count: deleted,
      failed_count: results.length - deleted,
      results: results.map((r) => ({ document_id: r.documentId, success: r.success, error: r.error })),
      message: `${deleted} of ${results.length} documents deleted`,
    };
  }

  @Patch(':collection/documents/:document')
  @ApiRoute({ operationId: 'patchDocument', response: DocumentResponse, summary: 'Change user fields of a document (merged into its payload, in the metadata and the vector store; system fields refused)', tag: 'documents', body: patchDocumentBody })
  async patchDocument(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const fields = parse(patchDocumentBody, body);
    return documentResponse(await this.resources.patchDocument.execute(namespaceId, collection, document, fields));
  }

  @Delete(':collection/documents/:document')
  @ApiRoute({ operationId: 'deleteDocument', response: GenericDeleteResponse, summary: 'Delete a document (its vectors and its metadata)', tag: 'documents' })
  async deleteDocument(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.resources.deleteDocument.execute(namespaceId, collection, document);
    return { success: true, message: 'Successfully deleted' };
  }

  @Get(':collection/documents/:document/lineage')
  @ApiRoute({ operationId: 'getDocumentLineage', response: DocumentLineageResponse, summary: "A document's lineage: its root object and bucket, and its source documents up to the tier-0 one", tag: 'documents' })
  async documentLineage(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const view = await this.resources.getDocumentLineage.execute(namespaceId, collection, document);
    const d = view.document;
    return {
      document_id: d.documentId,
      collection_id: d.collectionId,
      root_object_id: d.lineage.rootObjectId,
      root_bucket_id: d.lineage.rootBucketId,
      lineage: lineageRecord(d),
      ancestors: view.ancestors.map((a) => ({
        document_id: a.documentId,
        collection_id: a.collectionId,
        feature_extractor_id: a.featureExtractorId,
        lineage: lineageRecord(a),
      })),
      depth: view.ancestors.length,
      complete: view.complete,
    };
  }

  private present(namespaceId: string, collection: Collection): Promise<CollectionResponse> {
    return presentCollection(this.useCases, this.resources, this.extractors, namespaceId, collection);
  }
}
