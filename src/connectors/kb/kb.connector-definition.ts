import { defineConnector } from '../sdk/connector';
import { KbConnector } from './kb.connector';
import { kbManifest } from './kb.manifest';
import { kbSettings } from './kb.settings';

export const kbConnector = defineConnector({
  manifest: kbManifest,
  settings: kbSettings,
  create: (settings) => new KbConnector(settings),
});
