/**
 * ISO 20022 external return reason codes (ExternalReturnReason1Code) that come back on SEPA direct debits,
 * in Dutch, for the lending system's fee line and the officer's console.
 */
export const RETURN_REASONS_DUTCH: Readonly<Record<string, string>> = {
  AC01: 'rekeningnummer onjuist',
  AC04: 'rekening opgeheven',
  AC06: 'rekening geblokkeerd',
  AC13: 'rekening van een consument, niet geschikt voor deze incasso',
  AG01: 'incasso niet toegestaan op deze rekening',
  AG02: 'ongeldige bewerkingscode of bestandsformaat',
  AM04: 'onvoldoende saldo',
  AM05: 'dubbele incasso',
  BE05: 'incassant niet herkend door de bank',
  CNOR: 'bank van de incassant niet bereikbaar',
  DNOR: 'bank van de rekeninghouder niet bereikbaar',
  FF01: 'ongeldig bestandsformaat',
  FOCR: 'terugbetaald na een verzoek tot annulering',
  MD01: 'geen machtiging',
  MD02: 'gegevens van de machtiging ontbreken of zijn onjuist',
  MD06: 'terugboeking op verzoek van de rekeninghouder',
  MD07: 'rekeninghouder overleden',
  MS02: 'geweigerd door de rekeninghouder',
  MS03: 'reden niet opgegeven',
  RC01: 'BIC onjuist',
  RR01: 'rekening of identificatie van de rekeninghouder ontbreekt (wettelijke reden)',
  RR02: 'naam of adres van de rekeninghouder ontbreekt (wettelijke reden)',
  RR03: 'naam of adres van de incassant ontbreekt (wettelijke reden)',
  RR04: 'wettelijke reden',
  SL01: 'specifieke dienst van de bank',
};

/**
 * The Dutch text for a return reason code ("AM04" → "onvoldoende saldo"). An unknown code gives a sentence
 * naming it; a code that is no ISO code at all (anything but 1 to 4 letters and digits) is not repeated.
 */
export function returnReasonDutch(code: string | undefined): string {
  const normalised = (code ?? '').trim().toUpperCase();
  const known = RETURN_REASONS_DUTCH[normalised];
  if (known !== undefined) return known;
  if (normalised === '') return 'teruggeboekt zonder opgegeven reden';
  if (/^[A-Z0-9]{1,4}$/.test(normalised)) return `teruggeboekt met redencode ${normalised} (onbekende code)`;
  return 'teruggeboekt met een onleesbare redencode';
}
