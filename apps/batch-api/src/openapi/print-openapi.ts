import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { DOCUMENTED_CONTROLLERS } from './controllers';
import { DocsController } from './docs.controller';
import { buildOpenApiDocument, OPENAPI_VERSION } from './openapi.document';

/**
 * Prints the OpenAPI document without starting a server (`npm run openapi` writes
 * docs/openapi.json, which the SDK is generated from). Reads only the controllers' metadata.
 */
const document = buildOpenApiDocument([...DOCUMENTED_CONTROLLERS, DocsController], OPENAPI_VERSION);
const text = `${JSON.stringify(document, null, 2)}\n`;
const target = process.argv[2];
if (target === undefined) process.stdout.write(text);
else writeFileSync(target, text);
