import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceModel, taskResponse } from './presenters';
import { paginationResponse } from './resource-presenters';
import { listNamespacesBody, listQuery, patchNamespaceBody } from './resource-validation';
import { createNamespaceBody, parse } from './validation';

@Controller('v1/namespaces')
export class NamespacesController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const input = parse(createNamespaceBody, body);
    const ns = await this.useCases.createNamespace.execute({
      namespaceName: input.namespace_name,
      description: input.description ?? null,
    });
    return namespaceModel(ns);
  }

  /** Filters, sort and search in the body; limit/offset as query parameters (Mixpeek's query-param style). */
  @Post('list')
  @HttpCode(200)
  async list(@Body() body: unknown, @Query() query: unknown) {
    const input = parse(listNamespacesBody, body);
    const page = parse(listQuery, query, 'query');
    const limit = page.limit ?? 100;
    const offset = page.offset ?? 0;
    const result = await this.resources.listNamespaces.execute({
      filters: input.filters,
      sort: input.sort ?? null,
      search: input.search ?? null,
      caseSensitive: input.case_sensitive ?? false,
      offset,
      limit,
    });
    const pagination = paginationResponse(result.total, offset, limit);
    return { results: result.results.map(namespaceModel), total_count: result.total, ...pagination, pagination, truncated: result.truncated };
  }

  @Get(':namespace')
  async get(@Param('namespace') idOrName: string) {
    return namespaceModel(await this.useCases.getNamespace.execute(idOrName));
  }

  @Put(':namespace')
  async put(@Param('namespace') idOrName: string, @Body() body: unknown) {
    return this.update(idOrName, body);
  }

  @Patch(':namespace')
  async patch(@Param('namespace') idOrName: string, @Body() body: unknown) {
    return this.update(idOrName, body);
  }

  private async update(idOrName: string, body: unknown) {
    const input = parse(patchNamespaceBody, body);
    const ns = await this.resources.updateNamespace.execute({
      idOrName,
      ...(input.namespace_name !== undefined ? { namespaceName: input.namespace_name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    });
    return namespaceModel(ns);
  }

  /** Async: answers with the task at once; buckets, objects, blobs, collections, documents, vectors and batches go in the background. */
  @Delete(':namespace')
  @HttpCode(200)
  async delete(@Param('namespace') idOrName: string) {
    const { task, namespace, run } = await this.resources.deleteNamespace.start(idOrName);
    void run();
    return {
      task_id: task.taskId,
      status: task.status,
      namespace_id: namespace.namespaceId,
      namespace_name: namespace.namespaceName,
      task: taskResponse(task),
    };
  }
}
