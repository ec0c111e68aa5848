import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { ExtractorRegistry } from '@strata/extractors';
import { TOKENS } from '@strata/platform';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceIdOf } from './namespace-header';
import { documentResponse, extractorResponse } from './presenters';
import { presentCollection } from './collection-view';
import { createCollectionBody, getDocumentQuery, parse, searchDocumentsBody } from './validation';
import { listDocumentsBody, listQueryOf } from './resource-validation';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import {
  CollectionResponse,
  DocumentResponse,
  FeatureExtractorList,
  FeatureExtractorResponseModel,
  ListDocumentsResponse,
  SearchDocumentsResponse,
} from './schemas';
import { CreateCollectionCommand, selectFields } from '@strata/api-use-cases';
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '@strata/domain';

type CollectionBody = z.infer<typeof createCollectionBody>;

/** A collection body's `source` as the use cases take it (bucket_id/collection_id are shorthands). */
export function sourceOf(src: CollectionBody['source']): CreateCollectionCommand['source'] {
  return {
    type: src.type,
    bucketIds: src.bucket_ids ?? (src.bucket_id !== undefined ? [src.bucket_id] : []),
    collectionIds: src.collection_ids ?? (src.collection_id !== undefined ? [src.collection_id] : []),
  };
}

/**
 * The extractor parameters of a body. Mixpeek's client sends its typed parameter model as
 * `parameters` and drops fields it does not know (such as Strata's `embedding`), but passes the
 * free-form `params` through: Strata reads both, so a provider can be chosen from that client with
 * `params: {embedding: {...}}`. A key given in both with different values is a contradiction.
 */
export function parametersOf(fe: { parameters?: Record<string, unknown> | null | undefined; params?: Record<string, unknown> | null | undefined }): Record<string, unknown> | undefined {
  if ((fe.parameters ?? undefined) === undefined && (fe.params ?? undefined) === undefined) return undefined;
  const typed = fe.parameters ?? {};
  const free = fe.params ?? {};
  const clashes = Object.keys(free).filter(
    (k) => typed[k] !== undefined && typed[k] !== null && free[k] !== null && JSON.stringify(typed[k]) !== JSON.stringify(free[k]),
  );
  if (clashes.length > 0) {
    throw new ValidationError(`feature_extractor.params and feature_extractor.parameters disagree on ${clashes.join(', ')}; send each parameter once`);
  }
  const merged: Record<string, unknown> = { ...typed };
  for (const [k, v] of Object.entries(free)) if (v !== null || merged[k] === undefined) merged[k] = v;
  return merged;
}

/** field_passthrough entries: a path, or {source_path, target_path}. */
export function passthroughOf(entries: NonNullable<CollectionBody['feature_extractor']['field_passthrough']>) {
  return entries.map((f) => (typeof f === 'string' ? { sourcePath: f, targetPath: null } : { sourcePath: f.source_path, targetPath: f.target_path ?? null }));
}

@Controller('v1/collections')
export class CollectionsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
    @Inject(TOKENS.extractors) private readonly extractors: ExtractorRegistry,
  ) {}

  // Declared before ':collection' so the catalogue path is not taken for a collection name.
  @Get('features/extractors')
  @ApiRoute({ operationId: 'listFeatureExtractors', response: FeatureExtractorList, summary: 'List the feature extractors', tag: 'feature-extractors', namespaced: false })
  listExtractors() {
    return this.extractors.list().map(extractorResponse);
  }

  @Get('features/extractors/:id')
  @ApiRoute({ operationId: 'getFeatureExtractor', response: FeatureExtractorResponseModel, summary: 'Get a feature extractor (e.g. text_extractor_v1)', tag: 'feature-extractors', namespaced: false })
  getExtractor(@Param('id') id: string) {
    const found = this.extractors.list().find((e) => `${e.name}_${e.version}` === id);
    if (found === undefined) throw new NotFoundError('feature extractor', id);
    return extractorResponse(found);
  }

  @Post()
  @HttpCode(200)
  @ApiRoute({ operationId: 'createCollection', response: CollectionResponse, summary: 'Create a collection over a bucket with one feature extractor', tag: 'collections', body: createCollectionBody, errors: [409] })
  async create(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createCollectionBody, body);
    const src = input.source;
    const fe = input.feature_extractor;
    const collection = await this.useCases.createCollection.execute({
      namespaceId,
      collectionName: input.collection_name,
      description: input.description ?? null,
      source: sourceOf(src),
      featureExtractor: {
        featureExtractorName: fe.feature_extractor_name,
        version: fe.version,
        parameters: parametersOf(fe) ?? {},
        inputMappings: fe.input_mappings ?? null,
        fieldPassthrough: passthroughOf(fe.field_passthrough ?? []),
        includeAllSourceFields: fe.include_all_source_fields ?? false,
      },
      enabled: input.enabled ?? true,
      metadata: input.metadata ?? {},
    });
    return presentCollection(this.useCases, this.resources, this.extractors, namespaceId, collection);
  }

  @Get(':collection')
  @ApiRoute({ operationId: 'getCollection', response: CollectionResponse, summary: 'Get a collection by id or name', tag: 'collections' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('collection') idOrName: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return presentCollection(this.useCases, this.resources, this.extractors, namespaceId, await this.useCases.getCollection.execute(namespaceId, idOrName));
  }

  /** Filters (AND/OR/NOT), sort, search and select in the body; limit/offset as query parameters. */
  @Post(':collection/documents/list')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'listDocuments',
    response: ListDocumentsResponse,
    summary: 'List the documents of a collection: AND/OR/NOT filters (payload at the root, system fields under _internal), sort, search, select',
    tag: 'documents',
    body: listDocumentsBody,
    query: pageQuery,
  })
  async listDocuments(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Body() body: unknown,
    @Query() query: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listDocumentsBody, body);
    const q = parse(pageQuery, query, 'query');
    const page = pageOf({ ...q, cursor: q.cursor ?? input.cursor ?? undefined });
    const { results, total, truncated, vectors } = await this.useCases.listDocuments.execute(namespaceId, collection, listQueryOf(input, page), {
      withVectors: input.return_vectors === true,
    });
    const select = input.select ?? null;
    const out = results.map((d) => {
      const presented = documentResponse(d, vectors === null ? null : (vectors.get(d.documentId) ?? {}));
      return select === null ? presented : selectFields(presented, select, ['document_id', 'collection_id']);
    });
    return {
      results: out,
      pagination: paginationResponse(total, page),
      total_count: total,
      stats: { total_documents: total, avg_blobs_per_document: 0 },
      truncated,
    };
  }

  @Post(':collection/documents/search')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'searchDocuments',
    response: SearchDocumentsResponse,
    summary: 'Vector search in a collection: query_text (embedded like its documents) or query_vector, top_k, payload filters',
    tag: 'documents',
    body: searchDocumentsBody,
  })
  async search(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(searchDocumentsBody, body);
    const { collectionId, vectorIndex, results } = await this.useCases.searchDocuments.execute({
      namespaceId,
      collection,
      queryText: input.query_text ?? null,
      queryVector: input.query_vector ?? null,
      vectorIndex: input.vector_index ?? null,
      topK: input.top_k,
      filters: input.filters,
      minScore: input.min_score ?? null,
    });
    return {
      collection_id: collectionId,
      vector_index: vectorIndex,
      top_k: input.top_k,
      results: results.map((r) => ({ ...r.payload, document_id: r.id, collection_id: collectionId, score: r.score })),
    };
  }

  @Get(':collection/documents/:document')
  @ApiRoute({ operationId: 'getDocument', response: DocumentResponse, summary: 'Get a document (?return_vectors=true adds its vectors)', tag: 'documents', query: getDocumentQuery })
  async getDocument(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
    @Query() query: unknown,
  ) {
    const returnVectors = parse(getDocumentQuery, query, 'query').return_vectors;
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { document: doc, vectors } = await this.useCases.getDocument.execute(
      namespaceId,
      collection,
      document,
      returnVectors === 'true',
    );
    return documentResponse(doc, vectors);
  }

}
