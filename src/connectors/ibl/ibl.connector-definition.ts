import { defineConnector } from '../sdk/connector';
import { IblConnector } from './ibl.connector';
import { iblManifest } from './ibl.manifest';
import { iblSettings } from './ibl.settings';

export const iblConnector = defineConnector({
  manifest: iblManifest,
  settings: iblSettings,
  create: (settings) => new IblConnector(settings),
});
