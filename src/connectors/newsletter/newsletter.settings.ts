import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** NEWSLETTER_BASE_URL, NEWSLETTER_API_KEY (secret), NEWSLETTER_TIMEOUT_MS. */
export const newsletterSettings = {
  baseUrl: { kind: 'url', description: 'base URL of the newsletter service API' },
  apiKey: { kind: 'secret', description: 'API key of the newsletter service', minLength: 16 },
} as const satisfies SettingsSchema;

export type NewsletterSettings = SettingsOf<typeof newsletterSettings & typeof COMMON_SETTINGS>;
