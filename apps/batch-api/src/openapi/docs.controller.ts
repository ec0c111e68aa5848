import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../http/auth.guard';
import { ApiRoute } from './api-route.decorator';
import { DOCUMENTED_CONTROLLERS } from './controllers';
import { buildOpenApiDocument, OPENAPI_VERSION } from './openapi.document';
import { z } from 'zod';

const OPENAPI_DOCUMENT = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .describe('An OpenAPI 3.1 document');
const HTML_PAGE = z.string().describe('Swagger UI page');

const DOCS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Strata API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

@Controller()
export class DocsController {
  private document: Record<string, unknown> | null = null;

  @Get('openapi.json')
  @Public()
  @ApiRoute({ operationId: 'getOpenApiDocument', response: OPENAPI_DOCUMENT, summary: 'This OpenAPI document', tag: 'meta', namespaced: false, public: true })
  openapi(): Record<string, unknown> {
    this.document ??= buildOpenApiDocument([...DOCUMENTED_CONTROLLERS, DocsController], OPENAPI_VERSION);
    return this.document;
  }

  @Get('docs')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiRoute({ operationId: 'getApiDocs', response: HTML_PAGE, summary: 'Interactive API documentation', tag: 'meta', namespaced: false, public: true, success: { description: 'HTML page', contentType: 'text/html' } })
  docs(): string {
    return DOCS_PAGE;
  }
}
