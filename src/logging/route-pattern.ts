import { FastifyAdapter } from '@nestjs/platform-fastify';

const patterns = new WeakMap<object, string>();

/**
 * Remembers, per raw request, the route pattern it matched ('/api/v1/members/:memberId/report'), so
 * request logs can name the route without the identifiers its path carries. Call it before Nest
 * registers its middleware (so before NestFactory.create): the request logger binds the request early.
 */
export function recordRoutePatterns(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('onRequest', (request, _reply, done) => {
    const pattern = request.routeOptions.url;
    if (pattern !== undefined) patterns.set(request.raw, pattern);
    done();
  });
}

/** The route pattern of a raw request, or undefined when it matched no route. */
export function routePatternOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null ? patterns.get(raw) : undefined;
}
