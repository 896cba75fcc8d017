import { ConnectorManifest } from '../sdk/connector';

/** The KB's online library: the gateway registers members (NCIP UpdateUser/DeleteUser) and answers its LookupUser. */
export const kbManifest: ConnectorManifest = {
  id: 'kb',
  displayName: 'Koninklijke Bibliotheek — online bibliotheek',
  protocol: 'ncip',
  capabilities: ['send', 'inbound'],
};
