/**
 * The lending system's (OCLC Wise) JSON as the gateway writes it. Reading is more liberal (see
 * wise-to-fields.ts for the other names each field may go by). Every field is optional because a
 * request body carries only what the sharing policy released.
 */
export interface WiseAddress {
  addressType?: string;
  street?: string;
  houseNumber?: string;
  houseNumberAddition?: string;
  zipCode?: string;
  city?: string;
  countryCode?: string;
}

export interface WiseMembership {
  subscriptionType?: string;
  status?: string;
  endDate?: string;
  branchId?: string;
}

export interface WiseBankAccount {
  iban?: string;
  bic?: string;
  accountHolder?: string;
}

export interface WiseMandate {
  mandateId?: string;
  signatureDate?: string;
}

export interface WiseConsent {
  type: string;
  granted?: boolean;
  date?: string;
}

export interface WisePatron {
  patronSystemId?: string;
  cardNumber?: string;
  libraryId?: string;
  firstName?: string;
  initials?: string;
  /** The Dutch tussenvoegsel ('van der'). */
  middleName?: string;
  lastName?: string;
  dateOfBirth?: string;
  gender?: string;
  emailAddress?: string;
  phoneNumber?: string;
  addresses?: WiseAddress[];
  notificationPreference?: string;
  membership?: WiseMembership;
  /** Outstanding fees in euro cents. */
  balance?: number;
  bankAccount?: WiseBankAccount;
  directDebitMandate?: WiseMandate;
  interests?: string[];
  consents?: WiseConsent[];
}

export interface WiseLoan {
  itemBarcode?: string;
  titleId?: string;
  title?: string;
  author?: string;
  material?: string;
  branchId?: string;
  loanDate?: string;
  dueDate?: string;
}

export interface WiseHold {
  titleId?: string;
  title?: string;
  holdDate?: string;
  status?: string;
  pickupBranchId?: string;
}

export interface WiseFee {
  feeId?: string;
  date?: string;
  description?: string;
  /** In euro cents. */
  amount?: number;
  status?: string;
}

/** A patron with its loans, holds and fees in one document: the body of a patron update. */
export interface WisePatronDocument extends WisePatron {
  loans?: WiseLoan[];
  holds?: WiseHold[];
  fees?: WiseFee[];
}

/** A patron as the Wise API serves it: patron information and, from their own endpoints, loans, holds and fees. */
export interface WisePatronRecord {
  patron: WisePatron;
  loans: WiseLoan[];
  holds: WiseHold[];
  fees: WiseFee[];
}
