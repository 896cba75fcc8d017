import { ConnectorManifest } from '../sdk/connector';

/** The research panel: a CSV file of the members who opted in, uploaded over SFTP by an export job. */
export const biebpanelManifest: ConnectorManifest = {
  id: 'biebpanel',
  displayName: 'Biebpanel (klantonderzoek)',
  protocol: 'csv',
  capabilities: ['export'],
};
