import { Options } from 'pino-http';
import { LogLevel } from '../config/gateway.config';
import { routePatternOf } from './route-pattern';

/** Headers that carry credentials: redacted should any log line ever hold them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: string;
  /** pino's serializers keep the original request here. */
  readonly raw?: unknown;
}

/**
 * A request log holds method, route pattern, status and timing. Never bodies, headers, query strings
 * or path values: those can name a member.
 */
export function pinoHttpOptions(level: LogLevel): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, route: routePatternOf(req.raw) ?? '(no route)' }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
