import { ApiRoute } from '../openapi/api-route.decorator';
import { assertAdministrator, assertNamespaceAccess } from './auth.guard';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceModel, taskResponse } from './presenters';
import { listNamespacesBody, patchNamespaceBody, listQueryOf } from './resource-validation';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { DeleteNamespaceResponse, ListNamespacesResponse, NamespaceModel } from './schemas';
import { createNamespaceBody, parse } from './validation';

@Controller('v1/namespaces')
export class NamespacesController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({ operationId: 'createNamespace', response: NamespaceModel, summary: 'Create a namespace', tag: 'namespaces', body: createNamespaceBody, namespaced: false, errors: [403, 409] })
  async create(@Body() body: unknown) {
    assertAdministrator('creating a namespace');
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
  @ApiRoute({ operationId: 'listNamespaces', response: ListNamespacesResponse, summary: 'List namespaces (filters, sort, search, pagination)', tag: 'namespaces', namespaced: false, body: listNamespacesBody, query: pageQuery, errors: [403] })
  async list(@Body() body: unknown, @Query() query: unknown) {
    assertAdministrator('listing namespaces');
    const input = parse(listNamespacesBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const result = await this.resources.listNamespaces.execute(listQueryOf(input, page));
    return { results: result.results.map(namespaceModel), total_count: result.total, pagination: paginationResponse(result.total, page), truncated: result.truncated };
  }

  @Get(':namespace')
  @ApiRoute({ operationId: 'getNamespace', response: NamespaceModel, summary: 'Get a namespace by id or name', tag: 'namespaces', namespaced: false })
  async get(@Param('namespace') idOrName: string) {
    const ns = await this.useCases.getNamespace.execute(idOrName);
    assertNamespaceAccess(ns.namespaceId, idOrName);
    return namespaceModel(ns);
  }

  @Put(':namespace')
  @ApiRoute({ operationId: 'replaceNamespace', response: NamespaceModel, summary: 'Update a namespace', tag: 'namespaces', namespaced: false, body: patchNamespaceBody, errors: [409] })
  async put(@Param('namespace') idOrName: string, @Body() body: unknown) {
    return this.update(idOrName, body);
  }

  @Patch(':namespace')
  @ApiRoute({ operationId: 'updateNamespace', response: NamespaceModel, summary: 'Update some fields of a namespace', tag: 'namespaces', namespaced: false, body: patchNamespaceBody, errors: [409] })
  async patch(@Param('namespace') idOrName: string, @Body() body: unknown) {
    return this.update(idOrName, body);
  }

  private async update(idOrName: string, body: unknown) {
    assertNamespaceAccess((await this.useCases.getNamespace.execute(idOrName)).namespaceId, idOrName);
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
  @ApiRoute({ operationId: 'deleteNamespace', response: DeleteNamespaceResponse, summary: 'Delete a namespace and everything in it from every store (async: returns a task)', tag: 'namespaces', namespaced: false, errors: [403] })
  async delete(@Param('namespace') idOrName: string) {
    assertAdministrator('deleting a namespace');
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
