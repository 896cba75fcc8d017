import { MappingFailed } from '../../errors/partner-errors';
import { ReleasedFields } from '../../policy/released-payload';
import { CARD_SERVICE_NS, ProvinceOperation } from './card-service.contract';
import { MemberRecord, toMemberRecord } from './member-record';
import { readMemberRecord, writeMemberRecord } from './member-record.xml';
import { MalformedEnvelope, parseEnvelope, soapEnvelope } from './soap-envelope';
import { childOf } from '../xml/xml-tree';

/**
 * Which operation of the province's card service a purpose of the `overijssel` policy uses:
 * registration → RegisterMember, deregistration → DeregisterMember, member-lookup → UpdateMemberStatus
 * (what a MemberLookup would answer, pushed when it changed, e.g. when the member is blocked).
 */
const OPERATIONS: Readonly<Record<string, ProvinceOperation>> = {
  registration: 'RegisterMember',
  deregistration: 'DeregisterMember',
  'member-lookup': 'UpdateMemberStatus',
};

const ALL: readonly ProvinceOperation[] = ['RegisterMember', 'DeregisterMember', 'UpdateMemberStatus'];

export function operationForPurpose(purpose: string): ProvinceOperation {
  const operation = OPERATIONS[purpose];
  if (operation === undefined) throw new MappingFailed('overijssel', `the card service has no operation for purpose '${purpose}'`);
  return operation;
}

export interface ProvinceRequest {
  readonly operation: ProvinceOperation;
  readonly member: MemberRecord;
}

/** The whole SOAP 1.1 envelope of a request to the province: these are the exact bytes that are sent. Pure. */
export function provinceRequestEnvelope(request: ProvinceRequest): string {
  const { operation, member } = request;
  return soapEnvelope(`<${operation} xmlns="${CARD_SERVICE_NS}"><Member>${writeMemberRecord(member)}</Member></${operation}>`);
}

/** Released fields of a purpose → the envelope of its operation. */
export function provinceRequestFor(purpose: string, fields: ReleasedFields): ProvinceRequest {
  return { operation: operationForPurpose(purpose), member: toMemberRecord(fields) };
}

/** An envelope of a request to the province, read back (the inverse of provinceRequestEnvelope). */
export function readProvinceRequest(xml: string): ProvinceRequest {
  const { content } = parseEnvelope(xml);
  const operation = ALL.find((candidate) => candidate === content.local);
  if (content.uri !== CARD_SERVICE_NS || operation === undefined) throw new MalformedEnvelope('the Body holds no operation of the card service');
  const member = readMemberRecord(childOf(content, CARD_SERVICE_NS, 'Member'));
  if (member === undefined) throw new MalformedEnvelope(`${operation} has no Member with a CardNumber`);
  return { operation, member };
}
