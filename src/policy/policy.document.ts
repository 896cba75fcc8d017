import { ConsentName } from '../domain/member';

/** The transforms a policy may apply to a field on its way out. */
export type Transform = 'copy' | 'year' | 'age-band' | 'postcode4' | 'initials' | 'last4' | 'pseudonym';
export const TRANSFORMS: readonly Transform[] = ['copy', 'year', 'age-band', 'postcode4', 'initials', 'last4', 'pseudonym'];

export type Relationship = 'processor' | 'joint-controller' | 'recipient';
export type LegalBasis = 'consent' | 'contract' | 'legal-obligation' | 'public-task' | 'legitimate-interest';

export interface FieldRule {
  path: string;
  transform?: Transform;
  when?: Record<string, string | boolean | number>;
}

export interface Purpose {
  id: string;
  description: string;
  legalBasis: LegalBasis;
  requiresConsent?: ConsentName;
  retentionDays?: number;
  fields: FieldRule[];
}

export interface Agreement {
  reference: string;
  signedOn?: string;
  validFrom: string;
  validUntil?: string;
}

/** One partner's sharing policy (contracts/sharing-policy.schema.json, v1). */
export interface PolicyDocument {
  partner: string;
  displayName: string;
  relationship: Relationship;
  agreement: Agreement;
  purposes: Purpose[];
}
