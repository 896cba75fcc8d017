import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { serveSwaggerUi } from './swagger-ui';

export const OPENAPI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** OpenAPI UI at /api/docs and JSON at /api/docs-json, built from the controllers' decorators. */
export function useOpenApi(app: NestFastifyApplication): void {
  const options = new DocumentBuilder()
    .setTitle('bieb-gateway')
    .setDescription('Privacy-enforcing integration gateway of the library. Errors: { "error": { "code", "message", "details"? } }.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, options), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    ui: false,
  });
  serveSwaggerUi(app, OPENAPI_PATH, OPENAPI_JSON_PATH);
}
