import { accountNameKey, checkAccountName } from './account-name';

describe('account names: no two may look alike', () => {
  it('takes names in NFKC and keys them without regard to case', () => {
    expect(checkAccountName('ｆ.Jansen')).toEqual({ ok: true, name: 'f.Jansen', key: 'f.jansen' });
    expect(accountNameKey('F.JANSEN')).toBe(accountNameKey('f.jansen'));
    expect(accountNameKey('ﬁ.jansen')).toBe(accountNameKey('fi.jansen'));
    expect(checkAccountName('Anne-Marie de Vries')).toMatchObject({ ok: true, name: 'Anne-Marie de Vries' });
  });

  it.each([
    ['a zero-width space', 'f.jansen\u200b'],
    ['a zero-width joiner', 'f.jan\u200dsen'],
    ['a right-to-left override', '\u202ef.jansen'],
    ['a soft hyphen', 'f.jan\u00adsen'],
    ['a control character', 'f.jansen\u0007'],
    ['a line separator', 'f.jansen\u2028'],
    ['a private-use character', 'f.jansen\ue000'],
    ['leading white space', ' f.jansen'],
    ['two spaces in a row', 'f.  jansen'],
    ['nothing', ''],
  ])('refuses %s', (_case, name) => {
    expect(checkAccountName(name).ok).toBe(false);
  });
});
