import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorAnswerFor } from './error-body';

/**
 * The edge of every HTTP error: `{ "error": { "code", "message", "details"? } }` with a fitting status.
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
    httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }
}
