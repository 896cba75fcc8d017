import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorAnswerFor } from './error-body';
import { protocolErrorReplyFor } from './protocol-error-replies';

/**
 * The edge of every HTTP error: `{ "error": { "code", "message", "details"? } }` with a fitting status,
 * or, below a partner endpoint's path, the reply its protocol defines (registerProtocolErrorReply).
 * Logs server-side failures by code and message only: no stack, no details, no bodies.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const { status, body } = errorAnswerFor(exception);
    if (status >= 500) {
      const cause = exception instanceof Error ? `${exception.name}: ${exception.message}` : typeof exception;
      this.logger.error(`${body.error.code} (${status}): ${cause}`);
    }
    const { httpAdapter } = this.adapterHost;
    const http = host.switchToHttp();
    // A partner endpoint answers in its own protocol (an NCIP Problem, a SOAP Fault), not in JSON.
    const path = String(http.getRequest<{ url?: string }>().url ?? '');
    const reply = protocolErrorReplyFor(path, { status, code: body.error.code, message: body.error.message });
    if (reply !== undefined) {
      httpAdapter.setHeader(http.getResponse(), 'Content-Type', reply.contentType);
      httpAdapter.reply(http.getResponse(), reply.body, reply.status);
      return;
    }
    httpAdapter.reply(http.getResponse(), body, status);
  }
}
