import { MappingFailed } from '../../errors/partner-errors';
import { ReleasedFields } from '../../policy/released-payload';
import { isXmlText } from './xml-writer';

/** The WSDL's MemberRecord: what the card service exchanges about one member. Keys in schema order. */
export interface MemberRecord {
  readonly Reference?: string;
  readonly CardNumber: string;
  readonly HomeLibrary?: string;
  readonly Name?: PersonName;
  readonly AgeBand?: string;
  readonly Email?: string;
  readonly Address?: readonly PostalAddress[];
  readonly Membership?: MembershipRecord;
}

export interface PersonName {
  readonly Initials?: string;
  readonly Prefix?: string;
  readonly LastName?: string;
}

export interface PostalAddress {
  readonly Kind?: string;
  readonly Street?: string;
  readonly HouseNumber?: string;
  readonly HouseNumberSuffix?: string;
  readonly PostalCode?: string;
  readonly City?: string;
}

export interface MembershipRecord {
  readonly Subscription?: string;
  readonly Status?: string;
  readonly ValidUntil?: string;
}

const PARTNER = 'overijssel';
export const CARD_NUMBER = /^[0-9A-Za-z]{4,32}$/;
const AGE_BANDS = new Set(['0-11', '12-17', '18-24', '25-44', '45-64', '65+']);
/** What the policy's 'initials' transform makes of first names: 'J.P.H.' */
const INITIALS = /^(?:[^.\s]{1,3}\.)+$/u;

/** Canonical path → element of the record: the only fields the card service has a place for. */
const ADDRESS_ELEMENTS = { kind: 'Kind', street: 'Street', houseNumber: 'HouseNumber', houseNumberSuffix: 'HouseNumberSuffix', postalCode: 'PostalCode', city: 'City' } as const;
const NAME_ELEMENTS = { firstNames: 'Initials', prefix: 'Prefix', lastName: 'LastName' } as const;
const MEMBERSHIP_ELEMENTS = { subscription: 'Subscription', status: 'Status', validUntil: 'ValidUntil' } as const;
const TOP_LEVEL = new Set(['memberId', 'cardNumber', 'libraryId', 'name', 'birthDate', 'email', 'addresses', 'membership']);

type Fields = Readonly<Record<string, unknown>>;

function fail(reason: string): never {
  throw new MappingFailed(PARTNER, reason);
}

function object(value: unknown, path: string): Fields | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`'${path}' is not an object`);
  return value as Fields;
}

function text(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`'${path}' is not text`);
  if (!isXmlText(value)) fail(`'${path}' holds a character that XML cannot carry`);
  return value;
}

/** Copies the known keys of a released object to their elements; any other key has no place in the record. */
function pick<K extends string, E extends string>(source: Fields | undefined, elements: Readonly<Record<K, E>>, path: string): Partial<Record<E, string>> | undefined {
  if (source === undefined) return undefined;
  const out: Partial<Record<E, string>> = {};
  for (const key of Object.keys(source)) {
    if (!(key in elements)) fail(`the card service has no element for '${path}.${key}'`);
  }
  for (const [key, element] of Object.entries(elements) as [K, E][]) {
    const value = text(source[key], `${path}.${key}`);
    if (value !== undefined) out[element] = value;
  }
  return out;
}

/**
 * Released canonical fields → the WSDL's MemberRecord. Pure. Reads only what the policy released; a
 * released field the record cannot carry, or a value outside the contract, is a MappingFailed that
 * names the field (never its value), so that nothing is recorded as disclosed that did not leave.
 */
export function toMemberRecord(fields: ReleasedFields): MemberRecord {
  for (const key of Object.keys(fields)) if (!TOP_LEVEL.has(key)) fail(`the card service has no element for '${key}'`);
  const cardNumber = text(fields.cardNumber, 'cardNumber');
  if (cardNumber === undefined) fail("a MemberRecord needs 'cardNumber', and the policy released none");
  if (!CARD_NUMBER.test(cardNumber)) fail("'cardNumber' is not a card number the card service accepts");
  const name = pick(object(fields.name, 'name'), NAME_ELEMENTS, 'name');
  if (name?.Initials !== undefined && !INITIALS.test(name.Initials)) fail("'name.firstNames' must be released as initials (transform 'initials')");
  const ageBand = text(fields.birthDate, 'birthDate');
  if (ageBand !== undefined && !AGE_BANDS.has(ageBand)) fail("'birthDate' must be released as an age band (transform 'age-band')");
  const membership = pick(object(fields.membership, 'membership'), MEMBERSHIP_ELEMENTS, 'membership');
  if (fields.addresses !== undefined && !Array.isArray(fields.addresses)) fail("'addresses' is not a list");
  const addresses = ((fields.addresses as unknown[] | undefined) ?? []).map((address) => pick(object(address, 'addresses[]'), ADDRESS_ELEMENTS, 'addresses[]') ?? {});
  if (addresses.length > 5) fail("'addresses' has more than the 5 addresses a MemberRecord can carry");
  const reference = text(fields.memberId, 'memberId');
  const homeLibrary = text(fields.libraryId, 'libraryId');
  const email = text(fields.email, 'email');
  return {
    ...(reference !== undefined ? { Reference: reference } : {}),
    CardNumber: cardNumber,
    ...(homeLibrary !== undefined ? { HomeLibrary: homeLibrary } : {}),
    ...(name !== undefined ? { Name: name } : {}),
    ...(ageBand !== undefined ? { AgeBand: ageBand } : {}),
    ...(email !== undefined ? { Email: email } : {}),
    ...(fields.addresses !== undefined ? { Address: addresses } : {}),
    ...(membership !== undefined ? { Membership: membership } : {}),
  };
}

function unpick<K extends string, E extends string>(source: Partial<Record<E, string>> | undefined, elements: Readonly<Record<K, E>>): Record<string, string> | undefined {
  if (source === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, element] of Object.entries(elements) as [K, E][]) {
    const value = source[element];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A MemberRecord back into canonical member fields: the inverse of toMemberRecord. */
export function fromMemberRecord(record: MemberRecord): Record<string, unknown> {
  const name = unpick(record.Name, NAME_ELEMENTS);
  const membership = unpick(record.Membership, MEMBERSHIP_ELEMENTS);
  return {
    ...(record.Reference !== undefined ? { memberId: record.Reference } : {}),
    cardNumber: record.CardNumber,
    ...(record.HomeLibrary !== undefined ? { libraryId: record.HomeLibrary } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(record.AgeBand !== undefined ? { birthDate: record.AgeBand } : {}),
    ...(record.Email !== undefined ? { email: record.Email } : {}),
    ...(record.Address !== undefined ? { addresses: record.Address.map((address) => unpick(address, ADDRESS_ELEMENTS) ?? {}) } : {}),
    ...(membership !== undefined ? { membership } : {}),
  };
}
