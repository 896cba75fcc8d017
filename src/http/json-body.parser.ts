import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayError } from '../errors/gateway-error';

/** The deepest nesting of arrays and objects in a JSON text, outside strings; stops counting past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 /* [ */ || code === 123 /* { */) {
      depth++;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (code === 93 || code === 125) depth--;
  }
  return deepest;
}

/**
 * Fastify's own JSON parser (with its prototype-poisoning protection), but a body that is not JSON
 * becomes a typed 400 MALFORMED_JSON instead of a generic error.
 */
export function useJsonBodyParser(app: NestFastifyApplication, maxDepth: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // Measured before parsing: a 100,000-deep document would overflow the stack of whoever walks it next.
    if (jsonDepth(text, maxDepth) > maxDepth) {
      done(new GatewayError('JSON_TOO_DEEP', `The request body nests deeper than ${maxDepth} levels`, 400, { maxDepth }), undefined);
      return;
    }
    void parse(request, text, (error, value) => {
      if (error) done(new GatewayError('MALFORMED_JSON', 'The request body is not valid JSON', 400), undefined);
      else done(null, value);
    });
  });
}
