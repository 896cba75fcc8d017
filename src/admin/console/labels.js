// Plain-language names of fields, purposes, transforms and roles, and the diff told as sentences.
import { language } from './i18n.js';

const pick = (pair) => (language() === 'en' ? pair[1] : pair[0]);

const FIELDS = {
  memberId: ['lidnummer', 'membership number'], cardNumber: ['pasnummer', 'card number'], libraryId: ['vestiging', 'home library'],
  name: ['naam', 'name'], 'name.firstNames': ['voornamen', 'first names'], 'name.initials': ['voorletters', 'initials'], 'name.prefix': ['tussenvoegsel', 'name prefix'],
  'name.lastName': ['achternaam', 'last name'], birthDate: ['geboortedatum', 'date of birth'], gender: ['geslacht', 'gender'],
  email: ['e-mail', 'e-mail'], phone: ['telefoon', 'phone'], 'addresses[]': ['adressen', 'addresses'], 'addresses[].kind': ['soort adres', 'address kind'],
  'addresses[].street': ['straat', 'street'], 'addresses[].houseNumber': ['huisnummer', 'house number'], 'addresses[].houseNumberSuffix': ['toevoeging', 'house number suffix'],
  'addresses[].postalCode': ['postcode', 'postcode'], 'addresses[].city': ['woonplaats', 'city'], 'addresses[].country': ['land', 'country'],
  notificationChannel: ['berichtvoorkeur', 'notification channel'], membership: ['lidmaatschap', 'membership'], 'membership.subscription': ['abonnement', 'subscription'],
  'membership.status': ['status lidmaatschap', 'membership status'], 'membership.validUntil': ['geldig tot', 'valid until'], 'membership.branchId': ['vestiging lidmaatschap', 'membership branch'],
  bankAccount: ['bankrekening', 'bank account'], 'bankAccount.iban': ['IBAN', 'IBAN'], 'bankAccount.bic': ['BIC', 'BIC'], 'bankAccount.holder': ['rekeninghouder', 'account holder'],
  directDebitMandate: ['incassomachtiging', 'direct debit mandate'], 'directDebitMandate.mandateId': ['machtigingskenmerk', 'mandate id'], 'directDebitMandate.signedOn': ['machtiging getekend op', 'mandate signed on'],
  balanceCents: ['openstaand saldo', 'balance owed'], 'loans[]': ['leningen', 'loans'], 'loans[].title': ['titel lening', 'loan title'], 'loans[].author': ['auteur lening', 'loan author'],
  'loans[].dueOn': ['inleverdatum', 'due date'], 'loans[].itemId': ['exemplaarnummer lening', 'loan item id'], 'loans[].recordId': ['titelnummer lening', 'loan record id'],
  'loans[].medium': ['soort materiaal', 'loan medium'], 'loans[].branchId': ['vestiging lening', 'loan branch'], 'holds[].title': ['titel reservering', 'hold title'],
  'holds[].recordId': ['titelnummer reservering', 'hold record id'], 'holds[].placedOn': ['datum reservering', 'hold placed on'], 'holds[].status': ['status reservering', 'hold status'],
  'holds[].pickupBranchId': ['afhaalvestiging', 'pickup branch'], 'fees[].feeId': ['kostenkenmerk', 'fee id'], 'fees[].on': ['datum kosten', 'fee date'],
  'fees[].description': ['omschrijving kosten', 'fee description'], 'fees[].status': ['status kosten', 'fee status'], 'loans[].loanedOn': ['uitleendatum', 'loan date'], 'holds[]': ['reserveringen', 'holds'], 'fees[]': ['kosten', 'fees'],
  'fees[].amountCents': ['bedrag', 'amount'], 'interests[]': ['interesses', 'interests'], consents: ['toestemmingen', 'consents'],
};

const PURPOSES = {
  lending: ['uitlenen', 'lending'], reminders: ['herinneringen', 'reminders'], payments: ['betalingen', 'payments'], consents: ['toestemmingen', 'consents'],
  newsletter: ['nieuwsbrief', 'newsletter'], 'single-identity': ['inloggen bij de online bibliotheek', 'signing in to the online library'],
  'online-registration': ['aanmelding bij de online bibliotheek', 'registration with the online library'], 'online-deregistration': ['afmelding bij de online bibliotheek', 'deregistration from the online library'],
  registration: ['aanmelding', 'registration'], deregistration: ['afmelding', 'deregistration'], 'member-lookup': ['opvragen van lidgegevens', 'member lookup'],
  'interlibrary-loan': ['interbibliothecair leenverkeer', 'interlibrary loan'], 'customer-research': ['klantonderzoek', 'customer research'],
  'direct-debit': ['automatische incasso', 'direct debit'], 'fee-payment': ['betalen van kosten', 'fee payment'], 'self-service': ['zelfbediening', 'self-service'],
  circulation: ['lenen aan de zelfbedieningszuil', 'loans at a self-service machine'], unsubscribe: ['afmelding nieuwsbrief', 'newsletter unsubscribe'],
  removal: ['afmelding bij het panel', 'removal from the panel'],
  'legal-order': ['vordering van politie of justitie', 'order of police or justice'],
};

const CONSENTS = {
  directDebit: ['automatische incasso', 'direct debit'], newsletter: ['nieuwsbrief', 'newsletter'], researchPanel: ['Biebpanel', 'research panel'],
  loanHistory: ['leengeschiedenis bewaren', 'keeping the loan history'],
};

// Every consent has its own fields in the member: whether it is given, and since when.
for (const [name, [nl, en]] of Object.entries(CONSENTS)) {
  FIELDS[`consents.${name}`] = [`toestemming ${nl}`, `consent: ${en}`];
  FIELDS[`consents.${name}.granted`] = [`toestemming ${nl} gegeven`, `consent given: ${en}`];
  FIELDS[`consents.${name}.on`] = [`datum toestemming ${nl}`, `date of consent: ${en}`];
}

const TRANSFORMS = {
  copy: ['volledig', 'full'], year: ['alleen het jaar', 'year only'], 'age-band': ['leeftijdsgroep', 'age band'], postcode4: ['4 cijfers', '4 digits'],
  initials: ['initialen', 'initials'], last4: ['laatste 4 tekens', 'last four'], pseudonym: ['pseudoniem', 'pseudonym'],
  inferred: ['af te leiden uit wat wel of niet gedeeld wordt', 'given away by what is or is not shared'],
};

const RELATIONSHIPS = {
  processor: ['verwerker', 'processor'], 'joint-controller': ['gezamenlijk verwerkingsverantwoordelijke', 'joint controller'], recipient: ['ontvanger', 'recipient'],
};

const LEGAL_BASES = {
  consent: ['toestemming', 'consent'], contract: ['overeenkomst', 'contract'], 'legal-obligation': ['wettelijke verplichting', 'legal obligation'],
  'public-task': ['publieke taak', 'public task'], 'legitimate-interest': ['gerechtvaardigd belang', 'legitimate interest'],
};

const CATEGORIES = {
  identity: ['Identiteit', 'Identity'], contact: ['Contactgegevens', 'Contact details'], financial: ['Financieel', 'Financial'],
  circulation: ['Uitlening en lidmaatschap', 'Lending and membership'], preference: ['Voorkeuren', 'Preferences'], consent: ['Toestemmingen', 'Consents'],
};

const SETTINGS = {
  displayName: ['naam van de partner', "partner's name"], relationship: ['AVG-rol', 'GDPR role'], 'agreement.reference': ['kenmerk overeenkomst', 'agreement reference'],
  'agreement.signedOn': ['overeenkomst getekend op', 'agreement signed on'], 'agreement.validFrom': ['overeenkomst geldig vanaf', 'agreement valid from'],
  'agreement.validUntil': ['overeenkomst geldig tot', 'agreement valid until'], description: ['omschrijving', 'description'], legalBasis: ['grondslag', 'legal basis'],
  requiresConsent: ['vereiste toestemming', 'consent required'], retentionDays: ['bewaartermijn (dagen)', 'retention (days)'],
  sendOn: ['vanzelf verstuurd', 'sent by itself'],
};

/** Lifecycle events of the system of record, as the review says them (sendOn). */
const EVENTS = {
  joined: ['als een lid zich inschrijft', 'when a member joins'],
  changed: ['als iets wat hiervoor gedeeld wordt verandert', 'when something shared for it changes'],
  left: ['als een lid opzegt', 'when a member leaves'],
  erased: ['als een lid vraagt vergeten te worden', 'when a member asks to be forgotten'],
  'consent-granted': ['als een lid toestemming geeft', 'when a member gives consent'],
  'consent-withdrawn': ['als een lid toestemming intrekt', 'when a member withdraws consent'],
};

/** "wordt verstuurd als een lid opzegt of als …"; for no events: only when asked. */
export function triggerText(events) {
  if (!Array.isArray(events) || events.length === 0) return pick(['wordt alleen op verzoek verstuurd', 'is sent only when asked']);
  return pick(['wordt verstuurd ', 'is sent ']) + events.map((event) => named(EVENTS, event)).join(pick([' of ', ' or ']));
}

const named = (table, key) => (Object.hasOwn(table, key) ? pick(table[key]) : key);
export const fieldLabel = (path) => named(FIELDS, path);
export const purposeLabel = (id) => named(PURPOSES, id);
export const transformLabel = (transform) => named(TRANSFORMS, transform ?? 'copy');
export const relationshipLabel = (relationship) => named(RELATIONSHIPS, relationship);
export const categoryLabel = (category) => named(CATEGORIES, category);
export const legalBasisLabel = (basis) => named(LEGAL_BASES, basis);
export const settingLabel = (setting) => named(SETTINGS, setting);
export const consentLabel = (consent) => named(CONSENTS, consent);
export const CONSENT_NAMES = Object.keys(CONSENTS);

export function conditionText(when) {
  if (when === null || when === undefined) return pick(['geen voorwaarde', 'no condition']);
  return Object.entries(when).map(([path, value]) => `${fieldLabel(path)} = ${String(value)}`).join(pick([' en ', ' and ']));
}

const show = (value) => (value === null || value === undefined ? pick(['(geen)', '(none)']) : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The semantic diff of two versions as sentences, grouped under headings. */
export function diffSentences(diff) {
  const groups = [];
  if (diff.settingsChanged.length > 0) {
    groups.push({
      heading: pick(['Partner en overeenkomst', 'Partner and agreement']),
      lines: diff.settingsChanged.map((s) => `${settingLabel(s.setting)}: ${show(s.from)} → ${show(s.to)}`),
    });
  }
  for (const purpose of diff.purposes) {
    const name = purposeLabel(purpose.purpose);
    const lines = [];
    if (purpose.change === 'added') lines.push(pick([`Nieuw doel: ${name}`, `New purpose: ${name}`]));
    if (purpose.change === 'added' && Array.isArray(purpose.sendOn) && purpose.sendOn.length > 0) lines.push(`${name} ${triggerText(purpose.sendOn)}`);
    if (purpose.change === 'removed') lines.push(pick([`Doel vervalt: ${name} — er wordt hiervoor niets meer gedeeld`, `Purpose dropped: ${name} — nothing is shared for it any more`]));
    for (const field of purpose.fieldsAdded) {
      const how = (field.transform ?? 'copy') === 'copy' ? '' : ` (${transformLabel(field.transform)})`;
      lines.push(pick([`${fieldLabel(field.path)}: voortaan gedeeld voor ${name}${how}`, `${fieldLabel(field.path)}: now shared for ${name}${how}`]));
      const tested = Object.keys(field.when ?? {});
      if (tested.length > 0) {
        const fields = tested.map(fieldLabel).join(pick([' en ', ' and ']));
        lines.push(pick([`Let op: ${name} verraadt zo ${fields} van elk lid met ${fieldLabel(field.path)} — of het veld meekomt, zegt het de partner`, `Note: ${name} thereby gives away ${fields} of every member with ${fieldLabel(field.path)} — whether the field arrives tells the partner`]));
      }
    }
    if (purpose.change !== 'removed') {
      for (const field of purpose.fieldsRemoved) {
        lines.push(pick([`${fieldLabel(field.path)}: niet langer gedeeld voor ${name}`, `${fieldLabel(field.path)}: no longer shared for ${name}`]));
      }
    }
    for (const change of purpose.transformsChanged) {
      lines.push(`${fieldLabel(change.path)}: ${transformLabel(change.from)} → ${transformLabel(change.to)}`);
    }
    for (const change of purpose.conditionsChanged) {
      lines.push(`${fieldLabel(change.path)}: ${conditionText(change.from)} → ${conditionText(change.to)}`);
      // A condition gives away the field it tests: whether the guarded field arrives tells the partner its value.
      const tested = Object.keys(change.to ?? {});
      if (tested.length > 0) {
        const fields = tested.map(fieldLabel).join(pick([' en ', ' and ']));
        lines.push(pick([`Let op: ${name} verraadt zo ${fields} van elk lid met ${fieldLabel(change.path)} — of het veld meekomt, zegt het de partner`, `Note: ${name} thereby gives away ${fields} of every member with ${fieldLabel(change.path)} — whether the field arrives tells the partner`]));
      }
    }
    for (const setting of purpose.settingsChanged) {
      if (setting.setting === 'sendOn') {
        lines.push(pick([`${name} ${triggerText(setting.to)} (was: ${triggerText(setting.from)})`, `${name} ${triggerText(setting.to)} (was: ${triggerText(setting.from)})`]));
        continue;
      }
      lines.push(`${settingLabel(setting.setting)}: ${show(setting.from)} → ${show(setting.to)}`);
    }
    groups.push({ heading: name.charAt(0).toUpperCase() + name.slice(1), lines });
  }
  return groups;
}
