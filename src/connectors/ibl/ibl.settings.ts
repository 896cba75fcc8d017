import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** IBL_BASE_URL, IBL_API_KEY (secret), IBL_AGENCY_ID (the supplying library), IBL_LIBRARY_AGENCY_ID (ours), IBL_TIMEOUT_MS. */
export const iblSettings = {
  baseUrl: { kind: 'url', description: "URL of the supplying library's ISO 18626 endpoint (messages are POSTed to it)" },
  apiKey: { kind: 'secret', description: "bearer token the supplying library issued to this library for its ISO 18626 endpoint", minLength: 16 },
  agencyId: { kind: 'text', description: "the supplying library's agency id (its ISIL), written as supplyingAgencyId" },
  libraryAgencyId: { kind: 'text', description: "this library's agency id (its ISIL), written as requestingAgencyId" },
} as const satisfies SettingsSchema;

export type IblSettings = SettingsOf<typeof iblSettings & typeof COMMON_SETTINGS>;
