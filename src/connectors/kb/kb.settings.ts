import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** KB_BASE_URL, KB_API_KEY (secret), KB_AGENCY_ID, KB_PARTNER_AGENCY_ID, KB_TIMEOUT_MS. */
export const kbSettings = {
  baseUrl: { kind: 'url', description: "URL of the KB's NCIP endpoint (registrations are POSTed to it)" },
  apiKey: { kind: 'secret', description: 'bearer token the KB issued to the library for its NCIP endpoint', minLength: 16 },
  agencyId: { kind: 'text', description: "the library's NCIP agency id (its ISIL), written as FromAgencyId and on user ids" },
  partnerAgencyId: { kind: 'text', description: "the KB's NCIP agency id (ToAgencyId)", default: 'KB' },
  pinRequired: { kind: 'choice', description: "whether a LookupUser must carry the member's PIN (AuthenticationInput of type PIN or Password)", choices: ['true', 'false'], default: 'false' },
} as const satisfies SettingsSchema;

export type KbSettings = SettingsOf<typeof kbSettings & typeof COMMON_SETTINGS>;
