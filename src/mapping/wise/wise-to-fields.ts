import { feesToFields, holdsToFields, loansToFields } from './wise-activity-to-fields';
import { ADDRESS_KINDS, CONSENT_TYPES, countryFromWise, fromWise, GENDERS, MEMBERSHIP_STATUSES, NOTIFICATION_CHANNELS } from './wise-codes';
import { normaliseDateTime } from './wise-dates';
import {
  asList,
  fail,
  Fields,
  isObject,
  JsonObject,
  objectsOf,
  pick,
  readBoolean,
  readCode,
  readDate,
  readInteger,
  readList,
  readObject,
  readText,
  readToken,
  set,
} from './wise-json';

/**
 * A Wise patron document → the canonical member's fields that it holds (no more). Liberal: each
 * field may go by the names that Wise and its predecessor (HKA) use, blank strings are absent, extra
 * fields are ignored. Required fields are not checked here: see wiseToMember.
 */
export function wiseToFields(document: unknown): Fields {
  if (!isObject(document)) return fail('', 'is not a JSON object');
  const patron = document;
  const out: Fields = {};
  set(out, 'memberId', readText(patron, ['patronSystemId', 'id', 'pid', 'patronId', 'systemId'], 'memberId'));
  set(out, 'cardNumber', readToken(patron, ['cardNumber', 'cardnumber', 'barcode', 'cardNo', 'card'], 'cardNumber')?.replace(/\s+/g, ''));
  set(out, 'libraryId', readText(patron, ['libraryId', 'library', 'instanceId'], 'libraryId'));
  set(out, 'name', nameFields(readObject(patron, ['name'], 'name') ?? patron));
  set(out, 'birthDate', readDate(patron, ['dateOfBirth', 'birthDate', 'birthdate', 'dob'], 'birthDate'));
  set(out, 'gender', readCode(patron, ['gender', 'sex'], 'gender', GENDERS));
  set(out, 'email', readToken(patron, ['emailAddress', 'email', 'mail'], 'email'));
  set(out, 'phone', readText(patron, ['phoneNumber', 'phone', 'mobileNumber', 'mobile', 'telephone', 'telephoneNumber'], 'phone')?.replace(/[./]/g, ''));
  set(out, 'addresses', addressFields(patron));
  set(out, 'notificationChannel', readCode(patron, ['notificationPreference', 'notificationChannel', 'preferredChannel', 'messageChannel'], 'notificationChannel', NOTIFICATION_CHANNELS));
  set(out, 'membership', membershipFields(patron));
  set(out, 'bankAccount', bankAccountFields(readObject(patron, ['bankAccount'], 'bankAccount') ?? patron));
  set(out, 'directDebitMandate', mandateFields(readObject(patron, ['directDebitMandate', 'mandate'], 'directDebitMandate')));
  set(out, 'balanceCents', readInteger(patron, ['balance', 'balanceInCents', 'balanceCents', 'amountDue'], 'balanceCents'));
  const loans = pick(patron, ['loans']);
  if (loans !== undefined) set(out, 'loans', loansToFields(loans));
  const holds = pick(patron, ['holds', 'reservations']);
  if (holds !== undefined) set(out, 'holds', holdsToFields(holds));
  const fees = pick(patron, ['fees']);
  if (fees !== undefined) set(out, 'fees', feesToFields(fees));
  set(out, 'interests', interestFields(patron));
  set(out, 'consents', consentFields(pick(patron, ['consents', 'permissions'])));
  return out;
}

function nameFields(source: JsonObject): Fields {
  const out: Fields = {};
  set(out, 'firstNames', readText(source, ['firstName', 'firstNames', 'givenName', 'givenNames', 'voornamen'], 'name.firstNames'));
  set(out, 'initials', readText(source, ['initials', 'voorletters'], 'name.initials'));
  set(out, 'prefix', readText(source, ['middleName', 'prefix', 'tussenvoegsel', 'infix', 'namePrefix'], 'name.prefix'));
  set(out, 'lastName', readText(source, ['lastName', 'surname', 'familyName', 'achternaam'], 'name.lastName'));
  return out;
}

const STREET = ['street', 'streetName', 'straat'];

/** A list of addresses, a single address object, or the address written flat on the patron. */
function addressFields(patron: JsonObject): Fields[] | undefined {
  const value = pick(patron, ['addresses', 'address']);
  let sources: JsonObject[];
  if (value === undefined) sources = pick(patron, STREET) === undefined ? [] : [patron];
  else if (isObject(value) && pick(value, STREET) !== undefined) sources = [value];
  else sources = objectsOf(asList(value, 'addresses', ['addresses']), 'addresses');
  return sources.map((address, i) => {
    const at = `addresses[${i}]`;
    const out: Fields = {};
    const kind = readToken(address, ['addressType', 'type', 'kind'], `${at}.kind`);
    set(out, 'kind', (kind === undefined ? undefined : fromWise(ADDRESS_KINDS, kind)) ?? (i === 0 ? 'home' : 'postal'));
    set(out, 'street', readText(address, STREET, `${at}.street`));
    set(out, 'houseNumber', readText(address, ['houseNumber', 'number', 'huisnummer'], `${at}.houseNumber`));
    set(out, 'houseNumberSuffix', readText(address, ['houseNumberAddition', 'houseNumberSuffix', 'addition', 'toevoeging'], `${at}.houseNumberSuffix`));
    set(out, 'postalCode', readText(address, ['zipCode', 'postalCode', 'postcode', 'zip'], `${at}.postalCode`));
    set(out, 'city', readText(address, ['city', 'place', 'town', 'woonplaats'], `${at}.city`));
    const country = readToken(address, ['countryCode', 'country', 'land'], `${at}.country`);
    if (country !== undefined) set(out, 'country', countryFromWise(country) ?? fail(`${at}.country`, 'is not a country code'));
    return out;
  });
}

/** Membership from a `membership` (or `subscription`) object, or written flat on the patron. */
function membershipFields(patron: JsonObject): Fields {
  const nested = pick(patron, ['membership', 'subscription']);
  const source = isObject(nested) ? nested : patron;
  const out: Fields = {};
  set(out, 'subscription', readText(source, isObject(nested) ? ['subscriptionType', 'type', 'name'] : ['subscriptionType', 'subscription', 'membershipType'], 'membership.subscription'));
  set(out, 'status', readCode(source, ['status', 'membershipStatus'], 'membership.status', MEMBERSHIP_STATUSES));
  set(out, 'validUntil', readDate(source, ['endDate', 'validUntil', 'expiryDate', 'expirationDate'], 'membership.validUntil'));
  set(out, 'branchId', readText(source, ['branchId', 'homeBranchId', 'homeBranch', 'branch'], 'membership.branchId'));
  return out;
}

function bankAccountFields(source: JsonObject): Fields {
  const out: Fields = {};
  set(out, 'iban', readToken(source, ['iban', 'IBAN', 'accountNumber'], 'bankAccount.iban')?.replace(/\s+/g, '').toUpperCase());
  set(out, 'bic', readToken(source, ['bic', 'BIC'], 'bankAccount.bic')?.toUpperCase());
  set(out, 'holder', readText(source, ['accountHolder', 'holder', 'accountName'], 'bankAccount.holder'));
  return out;
}

function mandateFields(source: JsonObject | undefined): Fields | undefined {
  if (source === undefined) return undefined;
  const out: Fields = {};
  set(out, 'mandateId', readText(source, ['mandateId', 'id', 'reference'], 'directDebitMandate.mandateId'));
  set(out, 'signedOn', readDate(source, ['signatureDate', 'signedOn', 'dateOfSignature'], 'directDebitMandate.signedOn'));
  return out;
}

function interestFields(patron: JsonObject): string[] | undefined {
  const list = readList(patron, ['interests'], 'interests');
  return list
    ?.map((item, i) => (typeof item === 'string' ? item : fail(`interests[${i}]`, 'is not text')))
    .filter((item) => item.trim() !== '');
}

/** Consents as a list of { type, granted, date } (or keyed by type); unknown types are ignored. */
function consentFields(value: unknown): Fields | undefined {
  if (value === undefined) return undefined;
  const entries: [string, JsonObject][] =
    isObject(value) && !['items', 'content', 'data', 'results', 'consents'].some((key) => Array.isArray(value[key]))
      ? Object.entries(value).map(([type, consent]): [string, JsonObject] => [type, isObject(consent) ? consent : fail(`consents.${type}`, 'is not an object')])
      : objectsOf(asList(value, 'consents', ['consents']), 'consents').map((consent, i): [string, JsonObject] => [readToken(consent, ['type', 'name', 'code'], `consents[${i}].type`) ?? fail(`consents[${i}].type`, 'is missing'), consent]);
  const out: Fields = {};
  for (const [type, consent] of entries) {
    const name = fromWise(CONSENT_TYPES, type);
    if (name === undefined) continue;
    const at = `consents.${name}`;
    const granted = readBoolean(consent, ['granted', 'given', 'value', 'consent'], `${at}.granted`) ?? fail(`${at}.granted`, 'is missing');
    const date = readToken(consent, ['date', 'on', 'changedOn', 'timestamp'], `${at}.on`) ?? fail(`${at}.on`, 'is missing');
    out[name] = { granted, on: normaliseDateTime(date) ?? fail(`${at}.on`, 'is not a date-time') };
  }
  return out;
}
