import { ConnectorManifest } from '../sdk/connector';

export const overijsselManifest: ConnectorManifest = {
  id: 'overijssel',
  displayName: 'Overijsselse Bibliotheken (Rijnbrink) — provinciale pas',
  protocol: 'soap',
  capabilities: ['send', 'inbound'],
};
