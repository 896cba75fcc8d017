import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { errorAnswerFor } from './error-body';
import { GatewayError, NotFound, ValidationFailed } from './gateway-error';

describe('errorAnswerFor', () => {
  it('keeps the code, message, status and details of a GatewayError', () => {
    expect(errorAnswerFor(new NotFound('POLICY_NOT_FOUND', 'No policy for kb'))).toEqual({
      status: 404,
      body: { error: { code: 'POLICY_NOT_FOUND', message: 'No policy for kb' } },
    });
    const invalid = errorAnswerFor(new ValidationFailed('The policy', [{ path: 'fields[0]', message: 'unknown' }]));
    expect(invalid).toMatchObject({ status: 422, body: { error: { code: 'VALIDATION_FAILED', details: { violations: [{ path: 'fields[0]' }] } } } });
  });

  it('gives Nest HTTP exceptions a code from their status', () => {
    expect(errorAnswerFor(new NotFoundException('Cannot GET /x'))).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Cannot GET /x' } } });
    expect(errorAnswerFor(new PayloadTooLargeException())).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(errorAnswerFor(new BadRequestException(['a is wrong', 'b is wrong']))).toEqual({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'a is wrong; b is wrong' } },
    });
    expect(errorAnswerFor(new HttpException('teapot', 418))).toMatchObject({ status: 418, body: { error: { code: 'HTTP_418' } } });
  });

  it('maps Fastify client errors by status', () => {
    const error = Object.assign(new Error('Unsupported Media Type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    expect(errorAnswerFor(error)).toEqual({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type' } } });
  });

  it('reveals nothing about anything else', () => {
    for (const thrown of [new Error('connect ECONNREFUSED 10.0.0.5:5432'), new TypeError('x is undefined'), 'a string', null, { statusCode: 400 }]) {
      expect(errorAnswerFor(thrown)).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } });
    }
  });

  it('never answers with a status outside 4xx/5xx', () => {
    expect(errorAnswerFor(new HttpException('moved', 301)).status).toBe(500);
    expect(errorAnswerFor(new GatewayError('ODD', 'odd', 200)).status).toBe(500);
  });
});
