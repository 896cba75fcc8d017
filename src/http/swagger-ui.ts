import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The files of swagger-ui-dist the page loads, with their media types: nothing else is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * The Swagger UI page at `/${path}`, reading the document at `/${jsonPath}`. Served by hand from the
 * swagger-ui-dist that @nestjs/swagger ships, instead of through @fastify/static: that plugin's
 * dependencies are ES modules that the test runner cannot load.
 */
export function serveSwaggerUi(app: NestFastifyApplication, path: string, jsonPath: string): void {
  const fastify = app.getHttpAdapter().getInstance();
  const assetsDir = swaggerUiDistDir();
  const cache = new Map<string, Buffer>();

  fastify.get(`/${path}`, (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(page(path));
  });
  fastify.get(`/${path}/swagger-ui-init.js`, (_request, reply) => {
    const init = `window.onload = function () {\n  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(`/${jsonPath}`)}, dom_id: '#swagger-ui' });\n};\n`;
    void reply.type('application/javascript; charset=utf-8').send(init);
  });
  fastify.get<{ Params: { asset: string } }>(`/${path}/:asset`, async (request, reply) => {
    const { asset } = request.params;
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (type === undefined) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No asset ${asset}` } });
    let content = cache.get(asset);
    if (content === undefined) {
      content = await readFile(join(assetsDir, asset));
      cache.set(asset, content);
    }
    return reply.type(type).header('Cache-Control', 'public, max-age=3600').send(content);
  });
}

function page(path: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>bieb-gateway API</title>
  <link rel="icon" type="image/png" href="/${path}/favicon-32x32.png">
  <link rel="stylesheet" href="/${path}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/${path}/swagger-ui-bundle.js"></script>
  <script src="/${path}/swagger-ui-init.js"></script>
</body>
</html>
`;
}

/** swagger-ui-dist as @nestjs/swagger resolves it (its own dependency, wherever npm placed it). */
function swaggerUiDistDir(): string {
  const nestSwagger = dirname(require.resolve('@nestjs/swagger/package.json'));
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [nestSwagger] }));
}
