import { PartnerSandbox, ReceivedMessage, SandboxDefinition, SandboxFault } from '../partner-sandbox';
import { Sip2Client, Sip2ClientOptions } from './sip2-client';

/**
 * A simulated SIP2 terminal (payment terminal or self-service machine). The partner is the client
 * here: the gateway is the SIP2 server, so there is nothing to listen on and no connector settings to
 * point anywhere. The sandbox opens terminals (`terminal(port)`) and records every message they
 * receive from the gateway; the one fault it can play is a slow terminal (a delay before each request).
 */
export class Sip2TerminalSandbox implements PartnerSandbox {
  private readonly messages: ReceivedMessage[] = [];
  private readonly clients = new Set<Sip2Client>();
  private fault: SandboxFault = { kind: 'none' };

  constructor(readonly partner: string) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  settings(): Readonly<Record<string, string>> {
    return {};
  }

  /** A terminal connected to the gateway's SIP2 server, recording what it receives. */
  async terminal(options: Omit<Sip2ClientOptions, 'onReceived' | 'delayMs'>): Promise<Sip2Client> {
    const client = await Sip2Client.connect({
      ...options,
      onReceived: (raw) => this.messages.push({ body: raw, duplicate: false }),
      delayMs: () => (this.fault.kind === 'slow' ? this.fault.ms : 0),
    });
    this.clients.add(client);
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.close()));
    this.clients.clear();
  }

  /** What the simulated terminals received from the gateway, in order. */
  received(): readonly ReceivedMessage[] {
    return [...this.messages];
  }

  /** Only 'slow' and 'none' apply to a client: a terminal has no HTTP answers to fault. */
  setFault(fault: SandboxFault): void {
    if (fault.kind !== 'none' && fault.kind !== 'slow') throw new Error(`a SIP2 terminal cannot play the fault '${fault.kind}': it is the client`);
    this.fault = fault;
  }

  reset(): void {
    this.messages.length = 0;
    this.fault = { kind: 'none' };
  }
}

/** The simulated payment terminal (Bibliotheca). */
export const bibliothecaSandbox: SandboxDefinition = { partner: 'bibliotheca', create: () => new Sip2TerminalSandbox('bibliotheca') };

/** The simulated self-service machine (Appguard). */
export const appguardSandbox: SandboxDefinition = { partner: 'appguard', create: () => new Sip2TerminalSandbox('appguard') };
