import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { ExtractorRegistry } from '@strata/extractors';
import { TOKENS } from '@strata/platform';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { namespaceIdOf } from './namespace-header';
import { collectionResponse, documentResponse, extractorResponse } from './presenters';
import { createCollectionBody, listDocumentsQuery, parse } from './validation';
import { NotFoundError } from '@strata/domain';

@Controller('v1/collections')
export class CollectionsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    @Inject(TOKENS.extractors) private readonly extractors: ExtractorRegistry,
  ) {}

  // Declared before ':collection' so the catalogue path is not taken for a collection name.
  @Get('features/extractors')
  @ApiRoute({ summary: 'List the feature extractors', tag: 'feature-extractors', namespaced: false })
  listExtractors() {
    return this.extractors.list().map(extractorResponse);
  }

  @Get('features/extractors/:id')
  @ApiRoute({ summary: 'Get a feature extractor (e.g. text_extractor_v1)', tag: 'feature-extractors', namespaced: false })
  getExtractor(@Param('id') id: string) {
    const found = this.extractors.list().find((e) => `${e.name}_${e.version}` === id);
    if (found === undefined) throw new NotFoundError('feature extractor', id);
    return extractorResponse(found);
  }

  @Post()
  @HttpCode(200)
  @ApiRoute({ summary: 'Create a collection over a bucket with one feature extractor', tag: 'collections', body: createCollectionBody, errors: [409] })
  async create(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createCollectionBody, body);
    const src = input.source;
    const fe = input.feature_extractor;
    const collection = await this.useCases.createCollection.execute({
      namespaceId,
      collectionName: input.collection_name,
      description: input.description ?? null,
      source: {
        type: src.type,
        bucketIds: src.bucket_ids ?? (src.bucket_id !== undefined ? [src.bucket_id] : []),
        collectionIds: src.collection_ids ?? (src.collection_id !== undefined ? [src.collection_id] : []),
      },
      featureExtractor: {
        featureExtractorName: fe.feature_extractor_name,
        version: fe.version,
        parameters: fe.parameters ?? fe.params ?? {},
        inputMappings: fe.input_mappings ?? null,
        fieldPassthrough: (fe.field_passthrough ?? []).map((f) =>
          typeof f === 'string' ? { sourcePath: f, targetPath: null } : { sourcePath: f.source_path, targetPath: f.target_path ?? null },
        ),
        includeAllSourceFields: fe.include_all_source_fields ?? false,
      },
      enabled: input.enabled ?? true,
      metadata: input.metadata ?? {},
    });
    return this.present(collection);
  }

  @Get(':collection')
  @ApiRoute({ summary: 'Get a collection by id or name', tag: 'collections' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('collection') idOrName: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return this.present(await this.useCases.getCollection.execute(namespaceId, idOrName));
  }

  @Post(':collection/documents/list')
  @HttpCode(200)
  @ApiRoute({ summary: 'List the documents of a collection', tag: 'documents', query: listDocumentsQuery })
  async listDocuments(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Query() query: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const page = parse(listDocumentsQuery, query, 'query');
    const { results, total } = await this.useCases.listDocuments.execute(namespaceId, collection, page);
    const pages = Math.ceil(total / page.limit);
    const current = Math.floor(page.offset / page.limit) + 1;
    return {
      results: results.map((d) => documentResponse(d)),
      pagination: {
        total,
        page: current,
        page_size: page.limit,
        total_pages: pages,
        next_page: current < pages ? current + 1 : null,
        previous_page: current > 1 ? current - 1 : null,
        next_cursor: null,
      },
    };
  }

  @Get(':collection/documents/:document')
  @ApiRoute({ summary: 'Get a document (?return_vectors=true adds its vectors)', tag: 'documents' })
  async getDocument(
    @Headers('x-namespace') ns: string | undefined,
    @Param('collection') collection: string,
    @Param('document') document: string,
    @Query('return_vectors') returnVectors: string | undefined,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { document: doc, vectors } = await this.useCases.getDocument.execute(
      namespaceId,
      collection,
      document,
      returnVectors === 'true',
    );
    return documentResponse(doc, vectors);
  }

  private present(collection: Parameters<typeof collectionResponse>[0]) {
    const fe = collection.featureExtractor;
    const extractor = this.extractors.find(fe.featureExtractorName, fe.version);
    return collectionResponse(collection, extractor?.outputSchema ?? null);
  }
}
