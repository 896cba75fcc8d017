import { HttpException } from '@nestjs/common';
import { GatewayError } from './gateway-error';

/** The JSON shape of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
}

export interface ErrorAnswer {
  readonly status: number;
  readonly body: ErrorBody;
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export const INTERNAL: ErrorAnswer = { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };

/**
 * Turns anything thrown while serving a request into the answer the client sees. Typed errors keep their
 * code and message; Nest and Fastify HTTP errors get a code from their status; anything else is a 500
 * that reveals nothing about the cause.
 */
export function errorAnswerFor(exception: unknown): ErrorAnswer {
  if (exception instanceof GatewayError) {
    if (!isErrorStatus(exception.status)) return INTERNAL;
    const error = { code: exception.code, message: exception.message, ...(exception.details === undefined ? {} : { details: exception.details }) };
    return { status: exception.status, body: { error } };
  }
  if (exception instanceof HttpException) return answer(exception.getStatus(), messageOf(exception));
  if (isFastifyClientError(exception)) return answer(exception.statusCode, exception.message);
  return INTERNAL;
}

function answer(status: number, message: string): ErrorAnswer {
  if (!isErrorStatus(status)) return INTERNAL;
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`);
  return { status, body: { error: { code, message } } };
}

function isErrorStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 400 && status <= 599;
}

/** Nest exceptions carry either a string or `{ message: string | string[] }`. */
function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message: unknown = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

/** Errors Fastify raises itself (FST_* codes, 4xx), e.g. from a hook, when Nest has not wrapped them. */
function isFastifyClientError(exception: unknown): exception is Error & { statusCode: number; code: string } {
  if (!(exception instanceof Error)) return false;
  const { statusCode, code } = exception as Error & { statusCode?: unknown; code?: unknown };
  return typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}
