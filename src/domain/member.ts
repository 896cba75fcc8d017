/**
 * The canonical library member (contracts/member.schema.json, v1) as a TypeScript type.
 * Every connector maps its partner's wire format to and from this shape.
 */
export type ConsentName = 'directDebit' | 'newsletter' | 'researchPanel' | 'loanHistory';
export const CONSENT_NAMES: readonly ConsentName[] = ['directDebit', 'newsletter', 'researchPanel', 'loanHistory'];

export interface Consent {
  granted: boolean;
  /** ISO 8601 date-time at which the member made the choice. */
  on: string;
}

export interface MemberName {
  firstNames?: string;
  initials?: string;
  prefix?: string;
  lastName: string;
}

export interface Address {
  kind: 'home' | 'postal';
  street: string;
  houseNumber: string;
  houseNumberSuffix?: string;
  postalCode: string;
  city: string;
  country?: string;
}

export interface Membership {
  subscription?: string;
  status?: 'active' | 'blocked' | 'cancelled';
  validUntil?: string;
  branchId?: string;
}

export interface BankAccount {
  iban: string;
  bic?: string;
  holder?: string;
}

export interface DirectDebitMandate {
  mandateId: string;
  signedOn: string;
}

export interface Loan {
  itemId: string;
  recordId?: string;
  title?: string;
  author?: string;
  medium?: string;
  branchId?: string;
  loanedOn?: string;
  dueOn?: string;
}

export interface Hold {
  recordId: string;
  title?: string;
  placedOn?: string;
  status?: 'active' | 'in-transport' | 'ready' | 'loaned' | 'cancelled';
  pickupBranchId?: string;
}

export interface Fee {
  feeId: string;
  on?: string;
  description?: string;
  amountCents: number;
  status?: 'open' | 'paid' | 'waived';
}

export interface Member {
  memberId: string;
  cardNumber: string;
  libraryId: string;
  name: MemberName;
  birthDate?: string;
  gender?: 'M' | 'V' | 'X';
  email?: string;
  phone?: string;
  addresses?: Address[];
  notificationChannel?: 'email' | 'sms' | 'post';
  membership?: Membership;
  bankAccount?: BankAccount;
  directDebitMandate?: DirectDebitMandate;
  balanceCents?: number;
  loans?: Loan[];
  holds?: Hold[];
  fees?: Fee[];
  interests?: string[];
  consents?: Partial<Record<ConsentName, Consent>>;
}

declare const validated: unique symbol;
/** A member that passed {@link validateMember}: no unknown keys, every value of the contract's type. */
export type ValidMember = Member & { readonly [validated]: true };
