import { AUTHENTICATION_INPUT_TYPES, NCIP_SERVICES, SCHEMES, USER_ELEMENT_TYPES, USER_ID_TYPES, UserElementType } from './ncip-schemes';
import { child, childrenNamed, leaf, NCIP_NAMESPACE, NcipMessageInvalid, node, normalizedValue, readXml, textAt, writeNcipMessage, XmlElement } from './ncip-xml';

/** A LookupUser as the gateway understands it, whatever dialect it came in. */
export interface LookupUserRequest {
  /** The user's identifier: the library card number (UserIdentifierValue, or a Barcode Id / User Id input). */
  readonly userIdentifier?: string;
  /** A PIN or password to check, when the initiator sent one. */
  readonly pin?: string;
  /** The user elements asked for; unknown values are ignored. */
  readonly elements: ReadonlySet<UserElementType>;
  readonly fromAgencyId?: string;
}

/** An NCIP initiation message: a LookupUser, or another service the gateway names in its Problem. */
export type NcipRequest =
  | { readonly service: 'LookupUser'; readonly lookup: LookupUserRequest }
  | { readonly service: string; readonly known: boolean };

/** Inputs that name the library card. A user name is not a card number: it names nobody here. */
const IDENTIFIER_INPUTS = new Set(['barcodeid', 'barcode', 'userid', 'patronid'].map(normalizedValue));
const SECRET_INPUTS = new Set(['pin', 'password'].map(normalizedValue));
const ELEMENT_TYPES = new Map(USER_ELEMENT_TYPES.map((type) => [normalizedValue(type), type] as const));

function agencyOf(header: XmlElement | undefined, side: 'FromAgencyId' | 'ToAgencyId'): string | undefined {
  const agency = child(header, side);
  // NCIP 2: <FromAgencyId><AgencyId>; NCIP 1 style clients sent <FromAgencyId><UniqueAgencyId><Value>.
  return textAt(agency, 'AgencyId') ?? textAt(agency, 'UniqueAgencyId', 'Value');
}

function readLookupUser(element: XmlElement): LookupUserRequest {
  let userIdentifier = textAt(element, 'UserId', 'UserIdentifierValue');
  let pin: string | undefined;
  // Liberal: FOLIO's clients send a UserId and a PIN input together, which the schema's choice forbids.
  for (const input of childrenNamed(element, 'AuthenticationInput')) {
    const type = normalizedValue(textAt(input, 'AuthenticationInputType') ?? '');
    const data = textAt(input, 'AuthenticationInputData');
    if (SECRET_INPUTS.has(type)) pin ??= data;
    else if (IDENTIFIER_INPUTS.has(type)) userIdentifier ??= data;
  }
  const elements = new Set<UserElementType>();
  for (const wanted of childrenNamed(element, 'UserElementType')) {
    const type = ELEMENT_TYPES.get(normalizedValue(wanted.text));
    if (type !== undefined) elements.add(type);
  }
  const fromAgencyId = agencyOf(child(element, 'InitiationHeader'), 'FromAgencyId');
  return {
    ...(userIdentifier !== undefined ? { userIdentifier } : {}),
    ...(pin !== undefined ? { pin } : {}),
    elements,
    ...(fromAgencyId !== undefined ? { fromAgencyId } : {}),
  };
}

/**
 * An inbound NCIP message, read liberally: any namespace prefix or none, a missing or unqualified version
 * attribute, element types in any spacing or case. It must still be one NCIPMessage holding one service.
 * Run assertSafeXml on the text first. Throws NcipMessageInvalid.
 */
export function readNcipRequest(xml: string): NcipRequest {
  const root = readXml(xml);
  if (root.name !== 'NCIPMessage') throw new NcipMessageInvalid('the root element is not NCIPMessage');
  if (root.namespace !== NCIP_NAMESPACE && root.namespace !== '') throw new NcipMessageInvalid('the message is not in the NCIP namespace');
  const [service, ...more] = root.children;
  if (service === undefined) throw new NcipMessageInvalid('the message holds no service');
  // NCIPMessage holds one service element, or (in an answer) one or more Problems.
  if (more.some((other) => other.name !== 'Problem' || service.name !== 'Problem')) throw new NcipMessageInvalid('the message holds more than one service');
  if (service.name === 'LookupUser') return { service: 'LookupUser', lookup: readLookupUser(service) };
  return { service: service.name, known: NCIP_SERVICES.has(service.name) };
}

export interface LookupUserQuestion {
  readonly cardNumber: string;
  readonly pin?: string;
  readonly elements: readonly UserElementType[];
  readonly fromAgencyId: string;
  readonly toAgencyId: string;
}

/** A schema-valid LookupUser by card number (what the KB sends; the KB sandbox uses it). */
export function writeLookupUser(question: LookupUserQuestion): string {
  const header = node('InitiationHeader', node('FromAgencyId', leaf('AgencyId', question.fromAgencyId)), node('ToAgencyId', leaf('AgencyId', question.toAgencyId)));
  const byCard =
    question.pin === undefined
      ? [node('UserId', leaf('UserIdentifierType', USER_ID_TYPES.card, SCHEMES.userIdentifierType), leaf('UserIdentifierValue', question.cardNumber))]
      : [
          authenticationInput(question.cardNumber, AUTHENTICATION_INPUT_TYPES.barcode),
          authenticationInput(question.pin, AUTHENTICATION_INPUT_TYPES.pin),
        ];
  const elements = question.elements.map((type) => leaf('UserElementType', type, SCHEMES.userElementType));
  return writeNcipMessage(node('LookupUser', header, ...byCard, ...elements));
}

function authenticationInput(data: string, type: string) {
  return node(
    'AuthenticationInput',
    leaf('AuthenticationInputData', data),
    leaf('AuthenticationDataFormatType', 'text/plain', SCHEMES.authenticationDataFormatType),
    leaf('AuthenticationInputType', type, SCHEMES.authenticationInputType),
  );
}
