import { RegistrationAnswer, readRegistrationAnswer } from '../../mapping/ncip/ncip-registration-response';
import { NcipMessageInvalid } from '../../mapping/ncip/ncip-xml';
import { UnsafeXml } from '../../mapping/xml/xml-safety';
import { PartnerProtocolError, PartnerRejected, PartnerUnavailable } from '../sdk/connector-errors';

/** Problems that say "not now" rather than "not this": delivery tries again. */
const TRANSIENT_PROBLEMS: ReadonlySet<string> = new Set(['Temporary Processing Failure']);

/** A scheme value as a partner wrote it, fit to appear in an error; anything else is not repeated. */
function shown(text: string): string {
  return /^[A-Za-z][A-Za-z ,'-]{0,79}$/.test(text) ? text : 'an unreadable value';
}

/** The KB's answer as NCIP; anything that is not (malformed, unsafe, not a string) is a protocol error. */
export function readNcipAnswer(partner: string, text: unknown): RegistrationAnswer {
  if (typeof text !== 'string') throw new PartnerProtocolError(partner, 'the answer is not text');
  try {
    return readRegistrationAnswer(text);
  } catch (error) {
    if (error instanceof UnsafeXml || error instanceof NcipMessageInvalid) throw new PartnerProtocolError(partner, 'the answer is not an NCIP message');
    throw error;
  }
}

/**
 * A registration took effect when the KB answers `<service>Response` naming the user. A Problem is a
 * refusal (PartnerRejected, with its problem types) unless it is temporary.
 */
export function checkRegistrationAnswer(partner: string, service: string, text: unknown): void {
  const answer = readNcipAnswer(partner, text);
  const types = answer.problems.map((problem) => problem.type);
  if (types.some((type) => TRANSIENT_PROBLEMS.has(type))) throw new PartnerUnavailable(partner, `NCIP ${types.map(shown).join(', ')}`);
  if (types.length > 0) throw new PartnerRejected(partner, `NCIP ${types.map(shown).join(', ')}`);
  if (answer.response !== `${service}Response`) throw new PartnerProtocolError(partner, `the answer to ${service} is ${shown(answer.response)}`);
}
