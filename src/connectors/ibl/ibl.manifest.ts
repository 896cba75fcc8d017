import { ConnectorManifest } from '../sdk/connector';

/**
 * Other Dutch libraries, interlibrary loan over ISO 18626. A Request is sent for one member's wish by the
 * interlibrary-loan service (POST /api/v1/partners/ibl/requests), not through the outbox, so the connector
 * has no 'send' capability: 'export' (a request the library makes on purpose) and 'inbound' (the
 * supplier's status messages arrive at POST /iso18626).
 */
export const iblManifest: ConnectorManifest = {
  id: 'ibl',
  displayName: 'Andere bibliotheken (IBL, ISO 18626)',
  protocol: 'iso18626',
  capabilities: ['export', 'inbound'],
};
