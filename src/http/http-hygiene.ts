import { Logger } from '@nestjs/common';
import type { Socket } from 'node:net';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { routePatternOf } from '../logging/route-pattern';

const logger = new Logger('Http');

/**
 * Two habits of every answer: nothing that can carry member data is kept in a cache (`Cache-Control:
 * no-store` unless a route said otherwise, as the console's static files do), and a request its client
 * gave up on is logged once, at warn, by method and route pattern — never its path's values or body.
 */
export function useHttpHygiene(adapter: FastifyAdapter, idleMs: number): void {
  const fastify = adapter.getInstance();
  // A connection on which nothing moves for idleMs is closed, whatever else listens for the server's
  // 'timeout' (once anything does, Node stops closing such sockets by itself): idle sockets hold nothing long.
  fastify.server.on('connection', (socket: Socket) => {
    socket.setTimeout(idleMs);
    socket.once('timeout', () => socket.destroy());
  });
  // A request must have arrived whole within idleMs of its start: a body dripped in byte by byte (each
  // byte resetting the idle timer) is cut off. The timer stops once the body is read (preValidation).
  const deadlines = new WeakMap<object, NodeJS.Timeout>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const timer = setTimeout(() => {
      logger.warn(`request cut off: not received whole within ${idleMs} ms: ${request.method} ${routePatternOf(request.raw) ?? '(no route)'}`);
      request.raw.socket.destroy();
    }, idleMs);
    timer.unref();
    deadlines.set(request.raw, timer);
    done();
  });
  const received = (request: { raw: object }, done: () => void): void => {
    clearTimeout(deadlines.get(request.raw));
    done();
  };
  fastify.addHook('preValidation', (request, _reply, done) => received(request, done));
  fastify.addHook('onResponse', (request, _reply, done) => received(request, done));
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logger.warn(`request aborted by the client: ${request.method} ${routePatternOf(request.raw) ?? '(no route)'}`);
    done();
  });
}
