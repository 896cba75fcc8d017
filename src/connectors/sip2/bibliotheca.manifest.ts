import { ConnectorManifest } from '../sdk/connector';

/** Bibliotheca: the payment terminal's software, a SIP2 client of the gateway. */
export const bibliothecaManifest: ConnectorManifest = {
  id: 'bibliotheca',
  displayName: 'Bibliotheca (betaalautomaat, SIP2)',
  protocol: 'sip2',
  capabilities: ['inbound'],
};
