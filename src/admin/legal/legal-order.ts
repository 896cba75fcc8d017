import { ValidationFailed } from '../../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../../errors/request-body';
import { FieldRule, PolicyDocument } from '../../policy/policy.document';
import { validatePolicyDocument } from '../../policy/policy.validator';

/** How legal orders appear in the ledger: partner 'legal', purpose 'legal-order', the order as the agreement. */
export const LEGAL_PARTNER = 'legal';
export const LEGAL_PURPOSE = 'legal-order';
const LEGAL_BASES = ['legal-obligation', 'public-task'] as const;

/** What the officer records when an order (a vordering of police or justice) asks for a member's data. */
export interface LegalOrder {
  readonly memberId: string;
  readonly authority: string;
  readonly orderReference: string;
  readonly legalBasis: (typeof LEGAL_BASES)[number];
  readonly reason: string;
  readonly fields: readonly FieldRule[];
  /**
   * Until this day ('YYYY-MM-DD', Europe/Amsterdam) the disclosure is left out of the member's own copy of
   * their access report, because telling would harm the investigation (art. 23 AVG, as the order says);
   * it appears after. Absent: the member's copy shows it at once.
   */
  readonly withholdFromMemberUntil?: string;
}

function bounded(body: Record<string, unknown>, key: string, max: number): string {
  const value = requiredString(body, key).trim();
  if (value === '' || value.length > max) throw new ValidationFailed('legal order', [{ path: key, message: `must be 1 to ${max} characters` }]);
  return value;
}

/** POST /api/v1/legal-disclosures: the order, checked; the fields as policy field rules (path, transform). */
export function parseLegalOrder(body: unknown): LegalOrder {
  const request = objectBody(body);
  onlyKeys(request, ['memberId', 'authority', 'orderReference', 'legalBasis', 'reason', 'fields', 'withholdFromMemberUntil']);
  const withhold = request.withholdFromMemberUntil;
  if (withhold !== undefined && (typeof withhold !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(withhold) || Number.isNaN(Date.parse(`${withhold}T00:00:00Z`)))) {
    throw new ValidationFailed('legal order', [{ path: 'withholdFromMemberUntil', message: "must be a day 'YYYY-MM-DD' (the end of the period the order names)" }]);
  }
  const legalBasis = requiredString(request, 'legalBasis');
  if (!(LEGAL_BASES as readonly string[]).includes(legalBasis)) {
    throw new ValidationFailed('legal order', [{ path: 'legalBasis', message: `must be one of ${LEGAL_BASES.join(', ')}` }]);
  }
  if (!Array.isArray(request.fields) || request.fields.length === 0) {
    throw new ValidationFailed('legal order', [{ path: 'fields', message: 'must list at least one field: { path, transform? }' }]);
  }
  const order: LegalOrder = {
    memberId: bounded(request, 'memberId', 64),
    authority: bounded(request, 'authority', 200),
    orderReference: bounded(request, 'orderReference', 100),
    legalBasis: legalBasis as LegalOrder['legalBasis'],
    reason: bounded(request, 'reason', 500),
    fields: request.fields as FieldRule[],
    ...(typeof withhold === 'string' ? { withholdFromMemberUntil: withhold } : {}),
  };
  const checked = validatePolicyDocument(orderPolicy(order, '2000-01-01'));
  if (!checked.ok) {
    throw new ValidationFailed('legal order', checked.violations.map((v) => ({ path: v.path.replace(/^purposes\[0\]\./, ''), message: v.message })));
  }
  return { ...order, fields: checked.document.purposes[0]?.fields ?? [] };
}

/**
 * The order as a one-off sharing policy, in force on one day only: the same engine that guards every
 * partner decides what leaves (only the fields the order names, with their transforms), and the ledger
 * records it like any other disclosure.
 */
export function orderPolicy(order: LegalOrder, day: string): PolicyDocument {
  return {
    partner: LEGAL_PARTNER,
    displayName: order.authority,
    relationship: 'recipient',
    agreement: { reference: order.orderReference, signedOn: day, validFrom: day, validUntil: day },
    purposes: [{ id: LEGAL_PURPOSE, description: order.reason, legalBasis: order.legalBasis, fields: order.fields.map((field) => ({ ...field })) }],
  };
}
