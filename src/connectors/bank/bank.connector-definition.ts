import { defineConnector } from '../sdk/connector';
import { BankConnector } from './bank.connector';
import { bankManifest } from './bank.manifest';
import { bankSettings } from './bank.settings';

export const bankConnector = defineConnector({
  manifest: bankManifest,
  settings: bankSettings,
  create: (settings) => new BankConnector(settings),
});
