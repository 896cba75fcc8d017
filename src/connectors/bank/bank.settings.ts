import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** BANK_BASE_URL, BANK_API_KEY, the library as creditor, BANK_PAIN_VERSION, BANK_PRE_NOTIFICATION_DAYS. */
export const bankSettings = {
  baseUrl: { kind: 'url', description: "base URL of the bank's corporate file API" },
  apiKey: { kind: 'secret', description: "API key of the bank's file API", minLength: 16 },
  creditorId: { kind: 'text', description: 'the library\'s SEPA creditor identifier (incassant-ID, e.g. NL98ZZZ999999999999)' },
  creditorIban: { kind: 'text', description: "the library's account the collections are credited to (IBAN)" },
  creditorName: { kind: 'text', description: 'the name of the library as creditor', default: 'Bibliotheek Staphorst' },
  creditorBic: { kind: 'text', description: "the BIC of the library's bank (optional in SEPA)", default: '' },
  painVersion: { kind: 'choice', description: 'pain.008 version of the files: 08 (EPC 2023+) or 02 (Dutch guidelines)', choices: ['08', '02'], default: '08' },
  preNotificationDays: { kind: 'integer', description: 'calendar days between the pre-notification to members and the collection', default: 14, min: 1, max: 60 },
} as const satisfies SettingsSchema;

export type BankSettings = SettingsOf<typeof bankSettings & typeof COMMON_SETTINGS>;
