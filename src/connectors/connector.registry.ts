import { bankConnector } from './bank/bank.connector-definition';
import { biebpanelConnector } from './biebpanel/biebpanel.connector-definition';
import { iblConnector } from './ibl/ibl.connector-definition';
import { hkaConnector } from './hka/hka.connector-definition';
import { kbConnector } from './kb/kb.connector-definition';
import { newsletterConnector } from './newsletter/newsletter.connector-definition';
import { overijsselConnector } from './overijssel/overijssel.connector-definition';
import { ConnectorDefinition } from './sdk/connector';
import { appguardConnector } from './sip2/appguard.connector-definition';
import { bibliothecaConnector } from './sip2/bibliotheca.connector-definition';

/**
 * Every partner connector of the gateway. Adding a partner: its folder under src/connectors/, one line
 * here, one policy document under policies/ (docs/adding-a-connector.md).
 */
export const CONNECTOR_DEFINITIONS: readonly ConnectorDefinition[] = [
  hkaConnector,
  newsletterConnector,
  bibliothecaConnector,
  appguardConnector,
  overijsselConnector,
  kbConnector,
  bankConnector,
  biebpanelConnector,
  iblConnector,
];
