import { Connector, ConnectorHealth, ConnectorManifest, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { MappingFailed } from '../sdk/connector-errors';
import { Sip2Profile } from './sip2-profile';

/**
 * A partner that logs into the gateway's SIP2 server (a payment terminal, a self-service machine). It
 * is inbound only: the gateway answers it and never sends to it, so prepare/read/deliver refuse. Its
 * profile says which policy purpose and which messages its login grants.
 */
export class Sip2TerminalConnector implements Connector {
  constructor(
    readonly manifest: ConnectorManifest,
    readonly profile: Sip2Profile,
  ) {}

  prepare(): PreparedMessage {
    throw new MappingFailed(this.manifest.id, 'a SIP2 terminal is answered on the SIP2 server, never sent to');
  }

  read(): Record<string, unknown> {
    throw new MappingFailed(this.manifest.id, 'a SIP2 terminal is answered on the SIP2 server, never sent to');
  }

  deliver(): Promise<DeliveryReceipt> {
    return Promise.reject(new MappingFailed(this.manifest.id, 'a SIP2 terminal is answered on the SIP2 server, never sent to'));
  }

  /** Nothing to call: the terminal calls the gateway. Its reachability is the SIP2 server's (GET /health). */
  health(): Promise<ConnectorHealth> {
    return Promise.resolve({ status: 'up' });
  }
}
