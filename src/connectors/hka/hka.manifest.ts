import { ConnectorManifest } from '../sdk/connector';

/** The lending system: OCLC Wise (formerly HKA), the library's system of record for members. */
export const hkaManifest: ConnectorManifest = {
  id: 'hka',
  displayName: 'OCLC Wise (uitleensysteem, voorheen HKA)',
  protocol: 'rest',
  capabilities: ['send', 'lookup', 'pull', 'circulate'],
};
