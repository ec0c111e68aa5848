import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { namespaceModel } from './presenters';
import { createNamespaceBody, parse } from './validation';
import { assertAdministrator, assertNamespaceAccess } from './auth.guard';

@Controller('v1/namespaces')
export class NamespacesController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({ summary: 'Create a namespace', tag: 'namespaces', body: createNamespaceBody, namespaced: false, errors: [403, 409] })
  async create(@Body() body: unknown) {
    assertAdministrator('creating a namespace');
    const input = parse(createNamespaceBody, body);
    const ns = await this.useCases.createNamespace.execute({
      namespaceName: input.namespace_name,
      description: input.description ?? null,
    });
    return namespaceModel(ns);
  }

  @Get(':namespace')
  @ApiRoute({ summary: 'Get a namespace by id or name', tag: 'namespaces', namespaced: false })
  async get(@Param('namespace') idOrName: string) {
    const ns = await this.useCases.getNamespace.execute(idOrName);
    assertNamespaceAccess(ns.namespaceId, idOrName);
    return namespaceModel(ns);
  }
}
