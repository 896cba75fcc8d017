import fc from 'fast-check';
import { formatCents, identifierProblems, isSepaLatin, parseAmountCents, sepaName, toSepaLatin } from './sepa-text';
import { withoutPrologInstructions } from './sepa-xml';

describe('the SEPA Latin character set', () => {
  it('converts names as banks may: accents dropped, letters spelled out, typographic marks to plain ones, the rest to spaces', () => {
    expect(toSepaLatin('Daniëlle Çelik-Ørsted')).toBe('Danielle Celik-Orsted');
    expect(toSepaLatin('Straße & Söhne')).toBe('Strasse + Sohne');
    expect(toSepaLatin('“De Boekenwurm” – ’s-Hertogenbosch')).toBe("'De Boekenwurm' - 's-Hertogenbosch");
    expect(toSepaLatin('  a\t\tb\nc  ')).toBe('a b c');
    expect(toSepaLatin('Łódź Æbeltoft Œuvre')).toBe('Lodz AEbeltoft OEuvre');
    expect(toSepaLatin('李 <x> @ #')).toBe('x');
    expect(toSepaLatin('ﬁne ＡＢＣ')).toBe('fine ABC');
  });

  it('always yields SEPA Latin text without leading, trailing or double spaces, and leaves SEPA text as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const converted = toSepaLatin(text);
        expect(isSepaLatin(converted)).toBe(true);
        expect(converted).toBe(converted.trim());
        expect(converted).not.toContain('  ');
        expect(toSepaLatin(converted)).toBe(converted);
        expect(sepaName(text).length).toBeLessThanOrEqual(70);
      }),
    );
  });

  it('checks identifiers: length, character set, no leading or trailing / or space, no //', () => {
    expect(identifierProblems('BIEB-2026/03-000001', 'id')).toEqual([]);
    expect(identifierProblems("A-?:().,'+ /Z", 'id')).toEqual([]);
    expect(identifierProblems('x'.repeat(36), 'id')).toEqual([{ path: 'id', rule: 'length', message: 'is longer than 35 characters' }]);
    expect(identifierProblems('x'.repeat(31), 'id', 30).map((p) => p.rule)).toEqual(['length']);
    for (const bad of ['a//b', '/ab', 'ab/', ' ab', 'ab ', 'a_b', 'a&b', 'aë']) expect([bad, identifierProblems(bad, 'id').map((p) => p.rule)]).toEqual([bad, ['charset']]);
  });
});

describe('amounts in cents', () => {
  it('writes two decimals and reads decimals exactly, without floating point', () => {
    expect([0, 5, 100, 1234, 99_999_999_999].map(formatCents)).toEqual(['0.00', '0.05', '1.00', '12.34', '999999999.99']);
    expect(['12.34', '12.3', '12', '+12.340', '0.1', '.5', ' 7.00 ', '999999999.99'].map(parseAmountCents)).toEqual([1234, 1230, 1200, 1234, 10, 50, 700, 99_999_999_999]);
    for (const bad of ['12.345', '-1.00', '1,00', '1e3', '', '.', 'abc', '9'.repeat(20)]) expect([bad, parseAmountCents(bad)]).toEqual([bad, undefined]);
    expect(() => formatCents(-1)).toThrow(RangeError);
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it('reads back every amount it writes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => expect(parseAmountCents(formatCents(cents))).toBe(cents)));
  });
});

describe('processing instructions before the root element', () => {
  it('drops them and keeps the declaration, comments, a DTD and everything from the root on', () => {
    expect(withoutPrologInstructions('<?xml version="1.0"?>\n<?Standards x?>\n<?valid true?>\n<r><?p?></r>')).toBe('<?xml version="1.0"?>\n<r><?p?></r>');
    expect(withoutPrologInstructions('\uFEFF<?xml version="1.0"?><!-- c --><?a?><r/>')).toBe('\uFEFF<?xml version="1.0"?><!-- c --><r/>');
    expect(withoutPrologInstructions('<?a?><!DOCTYPE r [<!ENTITY x "y">]><?b?><r/>')).toBe('<!DOCTYPE r [<!ENTITY x "y">]><?b?><r/>');
    expect(withoutPrologInstructions('<?xml-stylesheet href="x"?><r/>')).toBe('<r/>');
    expect(withoutPrologInstructions('<?unterminated <r/>')).toBe('<?unterminated <r/>');
  });
});
