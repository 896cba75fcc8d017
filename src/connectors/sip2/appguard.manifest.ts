import { ConnectorManifest } from '../sdk/connector';

/** Appguard: the self-service machines' software, a SIP2 client of the gateway. */
export const appguardManifest: ConnectorManifest = {
  id: 'appguard',
  displayName: 'Appguard (zelfbedieningsapparatuur, SIP2)',
  protocol: 'sip2',
  capabilities: ['inbound'],
};
