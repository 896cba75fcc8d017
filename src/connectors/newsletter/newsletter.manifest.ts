import { ConnectorManifest } from '../sdk/connector';

export const newsletterManifest: ConnectorManifest = {
  id: 'newsletter',
  displayName: 'Nieuwsbriefdienst',
  protocol: 'rest',
  capabilities: ['send'],
};
