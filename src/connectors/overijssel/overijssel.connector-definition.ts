import { defineConnector } from '../sdk/connector';
import { OverijsselConnector } from './overijssel.connector';
import { overijsselManifest } from './overijssel.manifest';
import { overijsselSettings } from './overijssel.settings';

export const overijsselConnector = defineConnector({
  manifest: overijsselManifest,
  settings: overijsselSettings,
  create: (settings) => new OverijsselConnector(settings),
});
