import { defineConnector } from '../sdk/connector';
import { BiebpanelConnector } from './biebpanel.connector';
import { biebpanelManifest } from './biebpanel.manifest';
import { biebpanelSettings } from './biebpanel.settings';

export const biebpanelConnector = defineConnector({
  manifest: biebpanelManifest,
  settings: biebpanelSettings,
  create: (settings) => new BiebpanelConnector(settings),
});
