import fc from 'fast-check';
import { csvField, readCsv, writeCsv } from './csv-writer';

describe('CSV (RFC 4180) with formula neutralisation', () => {
  it.each([
    ['=HYPERLINK("http://x","klik")', `"'=HYPERLINK(""http://x"",""klik"")"`],
    ['+31 6 1234', "'+31 6 1234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['gewoon', 'gewoon'],
    ['a,b', '"a,b"'],
    ['regel\r\nregel', '"regel\r\nregel"'],
  ])('writes %j as %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('writes numbers as numbers (a negative amount is no formula) and nothing for absent values', () => {
    expect(csvField(-250)).toBe('-250');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('reads back what it wrote, whatever the text (neutralised values keep their apostrophe)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (rows) => {
        const read = readCsv(writeCsv(['a', 'b'], rows));
        expect(read[0]).toEqual(['a', 'b']);
        expect(read.slice(1)).toEqual(rows.map((row) => row.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value))));
      }),
    );
  });
});
