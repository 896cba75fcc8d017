import { GatewayError } from '../../errors/gateway-error';
import { fromLookupUserResponse } from '../../mapping/ncip/ncip-lookup-user-response';
import { ncipAnswerForError } from './ncip-exception.filter';

const problemTypes = (xml: string) => fromLookupUserResponse(xml).problems.map((problem) => problem.type);

describe('errors at the NCIP endpoint, as NCIP', () => {
  it("answers the guard's refusals as NCIP Problems with their HTTP status", () => {
    const unauthenticated = ncipAnswerForError(new GatewayError('UNAUTHENTICATED', 'A valid bearer token is required', 401));
    expect(unauthenticated).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': expect.stringMatching(/^Bearer /) } });
    expect(problemTypes(unauthenticated.xml)).toEqual(['System Authentication Failed']);
    const forbidden = ncipAnswerForError(new GatewayError('FORBIDDEN', 'needs partner', 403));
    expect([forbidden.status, problemTypes(forbidden.xml)]).toEqual([403, ['Unauthorized Service For System']]);
  });

  it('names a client error by its code, and tells nothing of an unexpected failure', () => {
    const refused = ncipAnswerForError(new GatewayError('VALIDATION_FAILED', 'member P100234 is invalid', 422));
    expect(refused.status).toBe(400);
    expect(refused.xml).toContain('refused: VALIDATION_FAILED');
    expect(refused.xml).not.toContain('P100234');
    const failed = ncipAnswerForError(new Error('card 21234000012345 broke the parser'));
    expect([failed.status, problemTypes(failed.xml)]).toEqual([500, ['Temporary Processing Failure']]);
    expect(failed.xml).not.toContain('21234000012345');
  });
});
