/** One field that left the gateway: its catalog path and the transform applied to it. Never its value. */
export interface DisclosedField {
  path: string;
  transform: string;
}

/** What a caller hands the ledger for one disclosure of member data to a partner. */
export interface DisclosureRecord {
  memberId: string;
  partner: string;
  purpose: string;
  policyVersion: number;
  /** Content hash of the policy version that decided what left. */
  policyHash: string;
  /** Reference of the processing agreement (or legal order) the disclosure rests on. */
  agreementReference: string;
  fields: DisclosedField[];
  /** Delivery or exchange id, when the disclosure went through the outbox. */
  exchangeId?: string;
}
