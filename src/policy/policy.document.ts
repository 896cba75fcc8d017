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

export const LIFECYCLE_EVENTS = ['joined', 'changed', 'left', 'erased', 'consent-granted', 'consent-withdrawn'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface Purpose {
  id: string;
  description: string;
  legalBasis: LegalBasis;
  requiresConsent?: ConsentName;
  retentionDays?: number;
  /** Lifecycle events that send this purpose by themselves (absent: only when asked). */
  sendOn?: LifecycleEvent[];
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
