import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/**
 * OVERIJSSEL_ENDPOINT_URL, OVERIJSSEL_USERNAME, OVERIJSSEL_PASSWORD (secret), OVERIJSSEL_TIMEOUT_MS.
 * The library's account at the province's card service goes in HTTP Basic authentication, not in the
 * envelope: the envelope is prepared once, kept sealed in the outbox and sent byte for byte.
 */
export const overijsselSettings = {
  endpointUrl: { kind: 'url', description: "URL of the province's card service endpoint (ProvincialCardPort), e.g. https://pas.example.nl/provinciale-pas" },
  username: { kind: 'text', description: "this library's account name at the province's card service" },
  password: { kind: 'secret', description: "the password of this library's account at the card service", minLength: 12 },
} as const satisfies SettingsSchema;

export type OverijsselSettings = SettingsOf<typeof overijsselSettings & typeof COMMON_SETTINGS>;
