/**
 * Account names are what the audit trail shows as author, approver and recorder, so two accounts must
 * never look alike. A name is taken in Unicode NFKC (so 'ｆ.jansen' is 'f.jansen'), may hold no control,
 * format or separator characters other than the plain space (no zero-width space, no right-to-left
 * mark, no soft hyphen), and is unique without regard to case: its key is the NFKC form in lower case.
 */
export type NameCheck = { readonly ok: true; readonly name: string; readonly key: string } | { readonly ok: false; readonly message: string };

/** Control (Cc), format (Cf: zero-width, bidi marks), line and paragraph separators, unassigned and private use. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cn}\p{Co}\p{Cs}]/u;
/** Spaces other than U+0020 (no-break, en, em, ideographic …) look like a space and are not one. */
const ODD_SPACE = /[^\S ]|[\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;

export function checkAccountName(raw: string): NameCheck {
  const name = raw.normalize('NFKC');
  if (INVISIBLE.test(name)) return { ok: false, message: 'name must not hold control, format or zero-width characters' };
  if (ODD_SPACE.test(name)) return { ok: false, message: 'name may hold plain spaces only' };
  if (name.trim() !== name || name.length === 0) return { ok: false, message: 'name must not start or end with white space' };
  if (/ {2}/.test(name)) return { ok: false, message: 'name must not hold two spaces in a row' };
  if (name.length > 100) return { ok: false, message: 'name must be at most 100 characters' };
  return { ok: true, name, key: accountNameKey(name) };
}

/** The key two names share when they may not both exist: NFKC, lower case (full case folding of the locale-free kind). */
export function accountNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}
