import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayError } from '../errors/gateway-error';

/**
 * Fastify's own JSON parser (with its prototype-poisoning protection), but a body that is not JSON
 * becomes a typed 400 MALFORMED_JSON instead of a generic error.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parse(request, typeof body === 'string' ? body : body.toString('utf8'), (error, value) => {
      if (error) done(new GatewayError('MALFORMED_JSON', 'The request body is not valid JSON', 400), undefined);
      else done(null, value);
    });
  });
}
