import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** OpenAPI UI at /api/docs and JSON at /api/docs-json, built from the controllers' decorators. */
export function useOpenApi(app: INestApplication): void {
  const options = new DocumentBuilder()
    .setTitle('bieb-gateway')
    .setDescription('Privacy-enforcing integration gateway of the library. Errors: { "error": { "code", "message", "details"? } }.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, options), { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
