import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** Settings of the Wise connector, read from HKA_BASE_URL, HKA_API_ID, HKA_API_KEY… */
export const hkaSettings = {
  baseUrl: { kind: 'url', description: 'base URL of the Wise Rest-API, e.g. https://bibliotheek.hostedwise.nl/restapi' },
  apiId: { kind: 'text', description: 'API-ID of the application, published by OCLC' },
  apiKey: { kind: 'secret', description: 'API-KEY of this Wise system, from which the WISE_KEY is calculated' },
  application: { kind: 'text', description: 'ApplicationName that OCLC registered with the API-ID', default: 'bieb-gateway' },
  staffUser: { kind: 'text', description: 'staff user (Wise Manager) that the gateway logs in as' },
  staffPassword: { kind: 'secret', description: "the staff user's password" },
  libraryId: { kind: 'text', description: 'library organisation (instantie) id in Wise, e.g. STA' },
} as const satisfies SettingsSchema;

export type HkaSettings = SettingsOf<typeof hkaSettings & typeof COMMON_SETTINGS>;
