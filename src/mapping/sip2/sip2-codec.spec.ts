import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noteNotRun } from '../../../test/support/databases';
import { sip2Checksum, sip2ChecksumOfText } from './sip2-checksum';
import { formatSip2Date, parseSip2Date } from './sip2-date';
import { Sip2FrameSplitter } from './sip2-frames';
import { FIXED_LENGTHS, STANDARD_FIELD_IDS } from './sip2-layout';
import { encodeSip2, fieldOf, fieldsOf, parseSip2, Sip2Message } from './sip2-message';
import { sip2PatronOf } from './sip2-patron';
import { parseFeePaid, parseLogin, parsePatronInformation, parseScStatus, REQUEST_PARSERS } from './sip2-requests';
import { loginResponse, patronInformationResponse, requestScResend } from './sip2-responses';
import { sharedPath } from '../../../test/support/shared-dir';

const REFERENCE = sharedPath('reference', 'sip2');
const hasReference = existsSync(REFERENCE);

function parsed(text: string | Uint8Array): Sip2Message {
  const result = parseSip2(text);
  if (!result.ok) throw new Error(`${result.problem}: ${result.reason}`);
  return result.message;
}

/** Every reference message: the fixtures one per file, the raw requests one per line. */
function referenceMessages(): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (const name of readdirSync(REFERENCE).filter((file) => file.endsWith('.sip2')).sort()) out.push([name, readFileSync(join(REFERENCE, name))]);
  readFileSync(join(REFERENCE, 'test.txt'), 'latin1')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .forEach((line, index) => out.push([`test.txt:${index + 1}`, Buffer.from(line, 'latin1')]));
  return out;
}

describe('SIP2 codec', () => {
  describe('against the reference messages', () => {
    if (!hasReference) {
      it('is not run without the shared reference folder', () => noteNotRun(`SIP2 codec reference messages: ${REFERENCE} is absent (set SHARED_DIR)`));
      return;
    }

    it('verifies the checksum of every reference message that carries one', () => {
      const checked: string[] = [];
      for (const [name, bytes] of referenceMessages()) {
        const text = bytes.toString('latin1').replace(/[\r\n]+$/, '');
        const match = /AZ([0-9A-F]{4})$/.exec(text);
        if (match === null) continue;
        expect([name, sip2Checksum(bytes.subarray(0, text.length - 4))]).toEqual([name, match[1]]);
        checked.push(name);
      }
      expect(checked.length).toBeGreaterThanOrEqual(9);
    });

    it('parses every reference message, with or without checksum and terminator', () => {
      for (const [name, bytes] of referenceMessages()) {
        const result = parseSip2(bytes);
        expect([name, result.ok]).toEqual([name, true]);
        if (!result.ok) continue;
        expect(result.message.code).toBe(name.endsWith('.sip2') && !name.startsWith('XX') ? name.slice(0, 2) : result.message.code);
        if (result.message.code in REQUEST_PARSERS) {
          const parser = REQUEST_PARSERS[result.message.code as keyof typeof REQUEST_PARSERS] as (m: Sip2Message) => unknown;
          expect(() => parser(result.message)).not.toThrow();
        }
      }
    });

    it('reads the fields of the fixtures and keeps unknown field ids', () => {
      const checkin = parsed(readFileSync(join(REFERENCE, '09.sip2')));
      expect(checkin).toMatchObject({ code: '09', sequence: '1', checksummed: true });
      expect(fieldOf(checkin, 'AB')).toBe('SomeBarcode');
      expect(fieldOf(checkin, 'AO')).toBe('');
      const status = parsed(readFileSync(join(REFERENCE, '98-with-unexpected.sip2')));
      expect(fieldOf(status, 'ZZ')).toBe('SomeUnexpectedFieldValue');
      expect(fieldOf(status, 'BX')).toBe('YYYNYNYYYYYNNNYY');
      expect(parseScStatus(parsed(readFileSync(join(REFERENCE, '99-with-unexpected.sip2'))))).toEqual({ statusCode: '0', maxPrintWidth: '080', protocolVersion: '2.00' });
      const unknown = parsed(readFileSync(join(REFERENCE, 'XX.sip2')));
      expect(unknown).toMatchObject({ code: 'XX', known: false });
      const lines = referenceMessages().filter(([name]) => name.startsWith('test.txt')).map(([, bytes]) => parsed(bytes));
      const login = lines.find((m) => m.code === '93');
      expect(login && parseLogin(login)).toEqual({ uidAlgorithm: '0', pwdAlgorithm: '0', userId: 'LoginUserID', password: 'LoginPassword', locationCode: 'CPLocationCode'.slice(2) });
      const info = lines.find((m) => m.code === '63');
      expect(info && parsePatronInformation(info)).toMatchObject({ language: '000', summary: 'hold', institutionId: 'UWOLS', patronId: 'djfiander' });
    });

    it('knows the fixed part of every message in the machine-readable message list', () => {
      const fields = JSON.parse(readFileSync(join(REFERENCE, 'sip2_fields.json'), 'utf8')) as Array<{ name: string; code?: string; type: string }>;
      const messages = JSON.parse(readFileSync(join(REFERENCE, 'sip2_messages.json'), 'utf8')) as Array<{ message_code: string; fields: { ordered: string[]; delimited: string[] } }>;
      const byName = new Map(fields.map((field) => [field.name, field]));
      const width = (name: string): number => {
        if (name === 'fee_type_fixed') return 2;
        if (name === 'protocol_version') return 4;
        const type = byName.get(name)?.type ?? '';
        if (type === 'timestamp') return 18;
        if (type === 'four_digits_or_blanks') return 4;
        const repeat = /repeat\((\d+), ?\d+\)/.exec(type);
        if (repeat !== null) return Number(repeat[1]);
        if (type.includes('digit >> digit')) return 2;
        return 1;
      };
      for (const message of messages) {
        expect([message.message_code, message.fields.ordered.reduce((sum, name) => sum + width(name), 0)]).toEqual([message.message_code, FIXED_LENGTHS[message.message_code]]);
        for (const name of message.fields.delimited) {
          const code = byName.get(name)?.code;
          if (code !== undefined) expect([name, STANDARD_FIELD_IDS.has(code)]).toEqual([name, true]);
        }
      }
    });
  });

  it('refuses a message whose checksum does not match, and one whose checksum is garbled', () => {
    const good = encodeSip2(loginResponse(true), 3);
    expect(parseSip2(good).ok).toBe(true);
    expect(parseSip2(good.replace('941', '940'))).toMatchObject({ ok: false, problem: 'checksum' });
    expect(parseSip2('9900802.00AY1AZXYZ1\r')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('adds AY and a valid AZ to everything it encodes, and never lets a value break the frame', () => {
    const text = encodeSip2({ code: '36', fixed: ['Y', formatSip2Date(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))], fields: [['AO', 'lib'], ['AA', 'a|b\rc'], ['AF', undefined]] }, 7);
    expect(text).toBe(`36Y20260102   Z030405AOlib|AAa b c|AY7AZ${sip2ChecksumOfText(text.slice(0, -5))}\r`);
    expect(parsed(text)).toMatchObject({ code: '36', sequence: '7', checksummed: true, fields: [{ id: 'AO', value: 'lib' }, { id: 'AA', value: 'a b c' }] });
    expect(encodeSip2(requestScResend())).toMatch(/^96AZ[0-9A-F]{4}\r$/);
    expect(() => encodeSip2({ code: '94', fixed: ['10'], fields: [] })).toThrow(RangeError);
  });

  it('frames on CR, and tolerates LF and CR LF', () => {
    const splitter = new Sip2FrameSplitter();
    expect(splitter.push(Buffer.from('9900802.00\r99008')).map(String)).toEqual(['9900802.00']);
    expect(splitter.pendingBytes).toBe(5);
    expect(splitter.push(Buffer.from('02.00\r\n9300CNa|\n')).map(String)).toEqual(['9900802.00', '9300CNa|']);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('writes and reads SIP2 dates', () => {
    const date = new Date(Date.UTC(2026, 4, 17, 13, 5, 9));
    expect(formatSip2Date(date)).toBe('20260517   Z130509');
    expect(parseSip2Date('20260517   Z130509')).toEqual(date);
    expect(parseSip2Date('20060101    084235')).toEqual(new Date(2006, 0, 1, 8, 42, 35));
    expect(parseSip2Date('garbage')).toBeUndefined();
  });

  it('reads a fee paid with the currency as a fixed field or as BH', () => {
    const fixed = parseFeePaid(parsed('3720260101    1200000401EURBV2.50|AOlib|AA123|BKt1|'));
    expect(fixed).toMatchObject({ feeType: '04', paymentType: '01', currency: 'EUR', amount: '2.50', transactionId: 't1' });
    const delimited = parseFeePaid(parsed('3720260101    1200000401BHEUR|BV2.50|AOlib|AA123|CGf-1|'));
    expect(delimited).toMatchObject({ currency: 'EUR', amount: '2.50', feeId: 'f-1' });
  });

  it('puts only released fields in a patron information response', () => {
    const released = { cardNumber: '2000', name: { firstNames: 'J.', prefix: 'van', lastName: 'Dijk' }, balanceCents: 250, fees: [{ feeId: 'F1', amountCents: 250, status: 'open' }] };
    const patron = sip2PatronOf(released, '2026-01-01');
    const message = parsed(
      encodeSip2(patronInformationResponse({ language: '000', transactionDate: formatSip2Date(new Date()), institutionId: 'lib', patronId: '2000', patron, summary: 'fine' }), 1),
    );
    expect(fieldOf(message, 'AE')).toBe('J. van Dijk');
    expect(fieldOf(message, 'BV')).toBe('2.50');
    expect(fieldsOf(message, 'AV')).toEqual(['F1 EUR 2.50']);
    for (const withheld of ['BD', 'BE', 'BF', 'PB', 'AU', 'AS']) expect(fieldOf(message, withheld)).toBeUndefined();
    // Counts of lists that were not released are blanks, not zeros.
    expect(message.fixed.slice(35)).toBe('            0001        ');

    const full = sip2PatronOf({ ...released, email: 'a@b.nl', phone: '0612345678', birthDate: '1980-02-03', addresses: [{ kind: 'home', street: 'Dorpsstraat', houseNumber: '1', postalCode: '7951 AA', city: 'Staphorst' }] }, '2026-01-01');
    expect(full).toMatchObject({ email: 'a@b.nl', phone: '0612345678', birthDate: '19800203', homeAddress: 'Dorpsstraat 1, 7951 AA Staphorst' });
  });
});
