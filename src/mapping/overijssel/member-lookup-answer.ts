import { CARD_SERVICE_NS } from './card-service.contract';
import { MemberRecord } from './member-record';
import { readMemberRecord } from './member-record.xml';
import { MalformedEnvelope, parseEnvelope } from './soap-envelope';
import { isFault, readFault, ReceivedFault } from './soap-fault';
import { childOf } from '../xml/xml-tree';

export type MemberLookupAnswer = { readonly kind: 'member'; readonly member: MemberRecord } | ({ readonly kind: 'fault' } & ReceivedFault);

/** The answer to a MemberLookup: the member's record or a SOAP fault (what a calling library reads). */
export function readMemberLookupAnswer(xml: string): MemberLookupAnswer {
  const { content } = parseEnvelope(xml);
  if (isFault(content)) return { kind: 'fault', ...readFault(content) };
  if (content.uri !== CARD_SERVICE_NS || content.local !== 'MemberLookupResponse') throw new MalformedEnvelope('the answer is not a MemberLookupResponse');
  const member = readMemberRecord(childOf(content, CARD_SERVICE_NS, 'Member'));
  if (member === undefined) throw new MalformedEnvelope('the MemberLookupResponse has no Member with a CardNumber');
  return { kind: 'member', member };
}
