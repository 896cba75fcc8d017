import { defineConnector } from '../sdk/connector';
import { NewsletterConnector } from './newsletter.connector';
import { newsletterManifest } from './newsletter.manifest';
import { newsletterSettings } from './newsletter.settings';

export const newsletterConnector = defineConnector({
  manifest: newsletterManifest,
  settings: newsletterSettings,
  create: (settings) => new NewsletterConnector(settings),
});
