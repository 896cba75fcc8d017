import { CARD_SERVICE_NS } from './card-service.contract';
import { MemberRecord, MembershipRecord, PersonName, PostalAddress } from './member-record';
import { childOf, childrenOf, XmlElement } from '../xml/xml-tree';
import { branch, leaf } from './xml-writer';

/** A MemberRecord as the content of a `<Member>` element, in the schema's order (default namespace inherited). */
export function writeMemberRecord(record: MemberRecord): string {
  const name = record.Name;
  const membership = record.Membership;
  return [
    leaf('Reference', record.Reference),
    leaf('CardNumber', record.CardNumber),
    leaf('HomeLibrary', record.HomeLibrary),
    name === undefined ? '' : branch('Name', leaf('Initials', name.Initials) + leaf('Prefix', name.Prefix) + leaf('LastName', name.LastName)),
    leaf('AgeBand', record.AgeBand),
    leaf('Email', record.Email),
    ...(record.Address ?? []).map((a) =>
      `<Address>${leaf('Kind', a.Kind)}${leaf('Street', a.Street)}${leaf('HouseNumber', a.HouseNumber)}${leaf('HouseNumberSuffix', a.HouseNumberSuffix)}${leaf('PostalCode', a.PostalCode)}${leaf('City', a.City)}</Address>`,
    ),
    membership === undefined ? '' : branch('Membership', leaf('Subscription', membership.Subscription) + leaf('Status', membership.Status) + leaf('ValidUntil', membership.ValidUntil)),
  ].join('');
}

function value(parent: XmlElement | undefined, local: string): string | undefined {
  return childOf(parent, CARD_SERVICE_NS, local)?.text;
}

function defined<T extends object>(entries: T): T {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as T;
}

/** A `<Member>` element (MemberRecord) as a record; undefined when it has no CardNumber. */
export function readMemberRecord(member: XmlElement | undefined): MemberRecord | undefined {
  const cardNumber = value(member, 'CardNumber');
  if (member === undefined || cardNumber === undefined) return undefined;
  const name = childOf(member, CARD_SERVICE_NS, 'Name');
  const membership = childOf(member, CARD_SERVICE_NS, 'Membership');
  const addresses = childrenOf(member, CARD_SERVICE_NS, 'Address');
  return defined<MemberRecord>({
    Reference: value(member, 'Reference'),
    CardNumber: cardNumber,
    HomeLibrary: value(member, 'HomeLibrary'),
    Name: name === undefined ? undefined : defined<PersonName>({ Initials: value(name, 'Initials'), Prefix: value(name, 'Prefix'), LastName: value(name, 'LastName') }),
    AgeBand: value(member, 'AgeBand'),
    Email: value(member, 'Email'),
    Address:
      addresses.length === 0
        ? undefined
        : addresses.map((a) =>
            defined<PostalAddress>({
              Kind: value(a, 'Kind'),
              Street: value(a, 'Street'),
              HouseNumber: value(a, 'HouseNumber'),
              HouseNumberSuffix: value(a, 'HouseNumberSuffix'),
              PostalCode: value(a, 'PostalCode'),
              City: value(a, 'City'),
            }),
          ),
    Membership:
      membership === undefined
        ? undefined
        : defined<MembershipRecord>({ Subscription: value(membership, 'Subscription'), Status: value(membership, 'Status'), ValidUntil: value(membership, 'ValidUntil') }),
  });
}
