import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../http/auth.guard';
import { ApiRoute } from './api-route.decorator';
import { DOCUMENTED_CONTROLLERS } from './controllers';
import { buildOpenApiDocument } from './openapi.document';

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
  @ApiRoute({ summary: 'This OpenAPI document', tag: 'meta', namespaced: false, public: true })
  openapi(): Record<string, unknown> {
    this.document ??= buildOpenApiDocument([...DOCUMENTED_CONTROLLERS, DocsController], '0.1.0');
    return this.document;
  }

  @Get('docs')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiRoute({ summary: 'Interactive API documentation', tag: 'meta', namespaced: false, public: true, success: { description: 'HTML page', contentType: 'text/html' } })
  docs(): string {
    return DOCS_PAGE;
  }
}
