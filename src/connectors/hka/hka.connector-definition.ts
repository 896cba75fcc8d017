import { defineConnector } from '../sdk/connector';
import { HkaConnector } from './hka.connector';
import { hkaManifest } from './hka.manifest';
import { hkaSettings } from './hka.settings';

/** The lending-system connector as the registry knows it. */
export const hkaConnector = defineConnector({
  manifest: hkaManifest,
  settings: hkaSettings,
  create: (settings) => new HkaConnector(settings),
});
