/** The data categories of the field catalog: the vocabulary of policies, the console and reports. */
export type DataCategory = 'identity' | 'contact' | 'financial' | 'circulation' | 'preference' | 'consent';

export const DATA_CATEGORIES: readonly DataCategory[] = [
  'identity',
  'contact',
  'financial',
  'circulation',
  'preference',
  'consent',
];

/**
 * Category of each top-level member field. The catalog gives every nested path the category of its
 * top-level field; a new top-level field without an entry here fails the catalog's construction.
 */
export const TOP_LEVEL_CATEGORY: Readonly<Record<string, DataCategory>> = {
  memberId: 'identity',
  cardNumber: 'identity',
  libraryId: 'identity',
  name: 'identity',
  birthDate: 'identity',
  gender: 'identity',
  email: 'contact',
  phone: 'contact',
  addresses: 'contact',
  notificationChannel: 'preference',
  membership: 'circulation',
  bankAccount: 'financial',
  directDebitMandate: 'financial',
  balanceCents: 'financial',
  loans: 'circulation',
  holds: 'circulation',
  fees: 'financial',
  interests: 'preference',
  consents: 'consent',
};
