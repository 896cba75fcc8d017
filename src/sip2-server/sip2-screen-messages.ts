import { CirculationRefusal } from '../connectors/sdk/circulation';
import { PinVerdict } from '../exchange/member-source';

/** What the terminals show (AF), in Dutch: the library's own words, one place to change them. */
export const MESSAGES = {
  loginFirst: 'Log eerst in (93)',
  notAllowed: 'Dit bericht is niet toegestaan voor deze terminal',
  unknownPatron: 'Pas onbekend',
  unavailable: 'Het uitleensysteem is niet bereikbaar; probeer het later opnieuw',
  noCirculation: 'Uitlenen en innemen lopen niet via de gateway: het uitleensysteem biedt daarvoor geen koppeling',
  notAgreed: 'Uitlenen is niet toegestaan door het deelbeleid van het uitleensysteem',
  blocked: 'Pas geblokkeerd',
  ended: 'Uw lidmaatschap is afgelopen; kom langs bij de balie',
  noItem: 'Geen exemplaar gescand',
  lent: 'Geleend, veel plezier ermee',
  returned: 'Ingeleverd, dank u wel',
  notOnLoan: 'Ingeleverd; dit exemplaar stond niet uitgeleend',
  holdWaiting: 'Ingeleverd; dit exemplaar is gereserveerd: leg het apart',
} as const;

/** What the machine is told when the lending system refuses a loan or a return. */
export const REFUSED: Readonly<Record<CirculationRefusal, string>> = {
  'item-unknown': 'Exemplaar onbekend; vraag het aan een medewerker',
  'item-unavailable': 'Dit exemplaar kan niet worden geleend; vraag het aan een medewerker',
  'patron-blocked': MESSAGES.blocked,
  refused: 'Het uitleensysteem weigerde; vraag het aan een medewerker',
};

/** What the terminal is told when a PIN does not pass (no patron data is sent then). */
export const PIN_REFUSED: Readonly<Record<Exclude<PinVerdict, 'valid'> | 'required', string>> = {
  required: 'Voer uw pincode in',
  invalid: 'Pincode onjuist',
  locked: 'Te vaak een onjuiste pincode; probeer het later opnieuw',
  unsupported: 'Pincode kan niet worden gecontroleerd',
};
