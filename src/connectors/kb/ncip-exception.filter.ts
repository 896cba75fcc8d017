import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayError } from '../../errors/gateway-error';
import { bareProblem, NcipAnswer, sendNcip } from './ncip-answer';

/** An error on the way to or in POST /ncip, as an NCIP Problem: an NCIP client gets NCIP, also on a refusal. */
export function ncipAnswerForError(exception: unknown): NcipAnswer {
  if (exception instanceof GatewayError && exception.code === 'UNAUTHENTICATED') {
    return bareProblem(401, 'systemAuthenticationFailed', { detail: 'a bearer token of a partner credential is required' }, { 'WWW-Authenticate': 'Bearer realm="bieb-gateway NCIP"' });
  }
  if (exception instanceof GatewayError && exception.code === 'FORBIDDEN') {
    return bareProblem(403, 'unauthorizedServiceForSystem', { detail: 'this credential does not speak for the KB' });
  }
  if (exception instanceof GatewayError && exception.status >= 400 && exception.status < 500) {
    return bareProblem(400, 'invalidMessageSyntax', { detail: `refused: ${exception.code}` });
  }
  return bareProblem(500, 'temporaryProcessingFailure');
}

/**
 * The edge of the NCIP endpoint. It catches what the access guard throws too (a controller's filters
 * cover its guards), so a missing token is answered as an NCIP Problem with 401, not as JSON.
 */
@Catch()
export class NcipExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NcipError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const answer = ncipAnswerForError(exception);
    if (answer.status >= 500) {
      // The code and class only: a message or stack could hold member data.
      this.logger.error(`NCIP request failed: ${exception instanceof GatewayError ? exception.code : exception instanceof Error ? exception.name : typeof exception}`);
    }
    sendNcip(host.switchToHttp().getResponse<FastifyReply>(), answer);
  }
}
