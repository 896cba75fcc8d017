import { catalogField } from '../../src/domain/field-catalog';
import { ValidMember } from '../../src/domain/member';
import { validateMember } from '../../src/domain/member.validator';

/** A value no mapping would produce by itself: if it reaches a partner, a withheld field leaked. */
export const CANARY = 'KANARIE7X9';

/** Canary forms that fit the contract's formats and patterns (free text, e-mail, card number, IBAN). */
const FORMS = [`${CANARY}-vrij`, `${CANARY}@example.org`, `${CANARY}`, `NL00${CANARY}0000`];

/**
 * The member with every withheld text leaf that can hold a canary set to one (the member stays valid
 * under the contract). Returns the member and the paths that were planted.
 */
export function plantCanaries(member: ValidMember, withheld: readonly string[]): { member: ValidMember; planted: string[] } {
  let current = structuredClone(member) as unknown as Record<string, unknown>;
  const planted: string[] = [];
  for (const path of withheld) {
    const field = catalogField(path);
    if (field === undefined || field.kind !== 'string' || field.enumValues !== undefined) continue;
    for (const form of FORMS) {
      const attempt = structuredClone(current);
      plant(attempt, path.split('.'), form);
      if (validateMember(attempt).ok) {
        current = attempt;
        planted.push(path);
        break;
      }
    }
  }
  const checked = validateMember(current);
  if (!checked.ok) throw new Error('canary member is invalid');
  return { member: checked.member, planted };
}

function plant(target: unknown, segments: readonly string[], value: string): void {
  if (target === null || typeof target !== 'object') return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const key = head.replace('[]', '');
  const record = target as Record<string, unknown>;
  if (!(key in record)) return;
  const repeated = head.endsWith('[]');
  if (rest.length === 0) {
    if (repeated && Array.isArray(record[key])) record[key] = (record[key] as unknown[]).map((item) => (typeof item === 'string' ? value : item));
    else if (typeof record[key] === 'string') record[key] = value;
    return;
  }
  const items = repeated ? (Array.isArray(record[key]) ? (record[key] as unknown[]) : []) : [record[key]];
  for (const item of items) plant(item, rest, value);
}
