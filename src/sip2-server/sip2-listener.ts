import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AccountEvents } from '../auth/account-events';
import { Authenticator } from '../auth/authenticator';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { ConnectorSettingsInvalid, readSettings } from '../connectors/sdk/connector-settings';
import { readFileSync } from 'node:fs';
import { Sip2Server } from '../connectors/sip2/sip2.server';
import { SIP2_SETTINGS_PREFIX, Sip2ServerSettings, sip2ServerSettings } from '../connectors/sip2/sip2-server.settings';
import { Sip2TerminalConnector } from '../connectors/sip2/sip2-terminal.connector';
import { InboundDisclosureService } from '../exchange/inbound-disclosure.service';
import { HealthRegistry } from '../health/health.registry';
import { MemberSource } from '../exchange/member-source';
import { GatewayCounters } from '../metrics/gateway-counters';
import { PinAttempts } from '../exchange/pin-attempts';
import { unaccounted } from './session-disclosure';
import { PaymentReplays } from './payment-replays';
import { Sip2Gateway } from './sip2-gateway';
import { Sip2Session } from './sip2-session';

/** How long one call to the lending system may take during a SIP2 dialog. */
const LENDING_TIMEOUT_MS = 10_000;

/**
 * The SIP2 server in the Nest lifecycle: it listens on SIP2_PORT once the application has started, if
 * at least one SIP2 partner (bibliotheca, appguard) is enabled (CONNECTORS), and closes at shutdown.
 */
@Injectable()
export class Sip2Listener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sip2Server');
  private readonly settings: Sip2ServerSettings;
  private server: Sip2Server | undefined;
  private listeningPort: number | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly connectors: ConnectorHost,
    private readonly authenticator: Authenticator,
    private readonly members: MemberSource,
    private readonly disclosures: InboundDisclosureService,
    private readonly health: HealthRegistry,
    private readonly accountEvents: AccountEvents,
    private readonly pinAttempts: PinAttempts,
    private readonly payments: PaymentReplays,
    private readonly counters: GatewayCounters,
  ) {
    this.settings = readSettings(SIP2_SETTINGS_PREFIX, sip2ServerSettings, config.connectorEnv.reveal());
  }

  /** The port the server listens on, when it runs. */
  port(): number | undefined {
    return this.listeningPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const terminals = this.terminals();
    if (terminals.length === 0) return;
    const gateway = this.gateway();
    this.server = new Sip2Server(
      {
        host: this.settings.host,
        port: this.config.sip2Port,
        idleTimeoutMs: this.settings.idleTimeoutMs,
        maxMessageBytes: this.settings.maxMessageBytes,
        loginTimeoutMs: this.settings.loginTimeoutMs,
        maxConnections: this.settings.maxConnections,
        maxConnectionsPerAccount: this.settings.maxConnectionsPerAccount,
        ...this.tls(),
      },
      () => new Sip2Session(gateway),
      { disconnected: (reason) => this.logger.warn(`sip2 connection closed: ${reason}`) },
    );
    const server = this.server;
    this.counters.countSip2Sessions(() => server.connectionCount);
    // A disabled account's machines are cut off at once on this instance (others find out at their next message).
    this.unsubscribe = this.accountEvents.subscribe((event) => {
      if (event.kind === 'disabled') this.server?.closeConnectionsOf(event.accountId);
    });
    // A port that cannot be bound takes the SIP2 server down, not the whole gateway: /health says so.
    let failure: string | undefined;
    this.health.register({
      name: 'sip2-server',
      critical: false,
      check: () => Promise.resolve(this.listeningPort !== undefined ? { status: 'up' as const } : { status: 'down' as const, info: { detail: failure ?? 'not listening' } }),
    });
    try {
      this.listeningPort = await this.server.listen();
      this.logger.log(`SIP2 server${this.settings.tlsCert === '' ? '' : ' over TLS'} on port ${this.listeningPort} for ${terminals.map((t) => t.manifest.id).join(', ')}`);
    } catch (error) {
      failure = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'listen failed';
      this.logger.error(`SIP2 server cannot listen on port ${this.config.sip2Port}: ${failure}`);
      await this.server.close();
      this.server = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.server?.close();
    this.server = undefined;
    this.listeningPort = undefined;
  }

  /** SIP2_TLS_CERT and SIP2_TLS_KEY (both or neither): the listener speaks TLS, as vendors' machines connect. */
  private tls(): { tls?: { cert: Buffer; key: Buffer } } {
    const { tlsCert, tlsKey } = this.settings;
    if (tlsCert === '' && tlsKey === '') return {};
    if (tlsCert === '' || tlsKey === '') throw new ConnectorSettingsInvalid('sip2', ['SIP2_TLS_CERT and SIP2_TLS_KEY go together: give both PEM files, or neither']);
    try {
      return { tls: { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } };
    } catch (error) {
      throw new ConnectorSettingsInvalid('sip2', [`SIP2_TLS_CERT or SIP2_TLS_KEY cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`]);
    }
  }

  private terminals(): Sip2TerminalConnector[] {
    return this.connectors.enabled().filter((connector): connector is Sip2TerminalConnector => connector instanceof Sip2TerminalConnector);
  }

  private gateway(): Sip2Gateway {
    return {
      settings: this.settings,
      logger: this.logger,
      timeoutMs: LENDING_TIMEOUT_MS,
      authenticate: (name, secret) => this.authenticator.authenticateCredential(name, secret),
      stillValid: (principal) => this.authenticator.stillValid(principal),
      profile: (partner) => this.terminals().find((terminal) => terminal.manifest.id === partner)?.profile,
      memberByCard: (card, signal) => this.members.byCard(card, signal),
      verifyPin: (card, pin, signal) => this.members.verifyPin(card, pin, signal),
      pinLocked: (card) => this.pinAttempts.locked(card),
      payOnce: (account, card, transactionId, book) => this.payments.once(account, card, transactionId, LENDING_TIMEOUT_MS, book),
      // A patron session may answer from the release several times (64 with any item list, 24), and a
      // payment sends all of it: the ledger records every released field, once per patron session
      // (a release after a loan or a return records only fields the session had not recorded yet).
      release: (question, accounted) => this.disclosures.answer(question, (payload) => ({ answer: payload, fields: unaccounted(payload, accounted) })),
      lendingConnector: () => this.connectors.get(this.settings.paymentsPartner),
      now: () => new Date(),
      counted: (code, outcome) => this.counters.sip2Message(code, outcome),
    };
  }
}
