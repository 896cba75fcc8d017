import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { ncipProblem, writeProblemMessage } from '../../mapping/ncip/ncip-problem';
import { NCIP_NAMESPACE, readXml } from '../../mapping/ncip/ncip-xml';
import { PartnerSandbox, ReceivedMessage, SandboxDefinition, SandboxFault } from '../partner-sandbox';
import { GatewayAnswer, GatewayTarget, LookupQuestion, sendLookupUser } from './kb-gateway-client';
import { KbAnswer, KbRegister } from './kb-register';
import { closeServer, listenOnLoopback } from '../support/loopback-http';

/** The bearer token the simulated KB expects, and the agency ids on both sides; loopback only. */
const SANDBOX_API_KEY = 'sandbox-kb-ncip-key-0001';
export const KB_SANDBOX_AGENCY = 'KB';
export const LIBRARY_SANDBOX_AGENCY = 'NL-STAPHORST-SANDBOX';
const MAX_BODY_BYTES = 1_048_576;

/** A message as the simulated KB received it: also which service, and its schema errors when checked. */
export interface KbReceivedMessage extends ReceivedMessage {
  readonly service: string;
  readonly schemaErrors?: readonly string[];
}

/** Checks a message against ncip_v2_02.xsd and returns its errors (tests install xmllint-wasm's). */
export type SchemaCheck = (xml: string) => Promise<readonly string[]>;

type Entry = { -readonly [K in keyof KbReceivedMessage]: KbReceivedMessage[K] };

/**
 * The KB's online library on loopback, speaking NCIP 2.02 over HTTP: POST /ncip takes registrations
 * (UpdateUser, DeleteUser) and LookupAgency, checks them (structure always; the XSD when a schema check
 * is installed — xmllint-wasm is a test dependency, so production builds run without), records them,
 * and can play the KB's client side: a LookupUser to the gateway.
 */
export class KbSandbox implements PartnerSandbox {
  readonly partner = 'kb';
  readonly register = new KbRegister(KB_SANDBOX_AGENCY, LIBRARY_SANDBOX_AGENCY);
  private server: Server | undefined;
  private baseUrl = '';
  private fault: SandboxFault = { kind: 'none' };
  private schemaCheck: SchemaCheck | undefined;
  private readonly log: Entry[] = [];
  private readonly answered = new Map<string, KbAnswer>();

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    const url = await listenOnLoopback(server, 0);
    this.server = server;
    this.baseUrl = `${url}/ncip`;
  }

  settings(): Readonly<Record<string, string>> {
    return { KB_BASE_URL: this.baseUrl, KB_API_KEY: SANDBOX_API_KEY, KB_AGENCY_ID: LIBRARY_SANDBOX_AGENCY, KB_PARTNER_AGENCY_ID: KB_SANDBOX_AGENCY };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** Registrations received, byte for byte (health checks, LookupAgency, left out). */
  received(): readonly KbReceivedMessage[] {
    return this.log.filter((entry) => entry.service !== 'LookupAgency').map((entry) => ({ ...entry }));
  }

  setFault(fault: SandboxFault): void {
    this.fault = fault;
  }

  reset(): void {
    this.log.length = 0;
    this.answered.clear();
    this.register.clear();
    this.fault = { kind: 'none' };
  }

  /** From now on, refuse (400, a Problem) any message the check finds invalid; undefined turns it off. */
  checkSchemaWith(check: SchemaCheck | undefined): void {
    this.schemaCheck = check;
  }

  /** The KB asks the gateway about a card, as the online library does at login. */
  lookupUser(gateway: GatewayTarget, question: LookupQuestion): Promise<GatewayAnswer> {
    return sendLookupUser(gateway, question, { kb: KB_SANDBOX_AGENCY, library: LIBRARY_SANDBOX_AGENCY });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/ncip') return this.reply(res, { status: 404, body: '' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return this.reply(res, { status: 413, body: '' });
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const earlier = key === undefined ? undefined : this.answered.get(key);
    // Everything that arrives is recorded, also what is then refused or faulted.
    const entry: Entry = { body, service: serviceOf(body), duplicate: earlier !== undefined, ...(key !== undefined ? { idempotencyKey: key } : {}) };
    this.log.push(entry);
    const fault = this.fault;
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault.kind === 'error500') return this.reply(res, { status: 500, body: '' });
    if (fault.kind === 'reject400') return this.reply(res, { status: 400, body: writeProblemMessage([ncipProblem('invalidMessageSyntax', { detail: 'refused by the sandbox (reject400)' })]) });
    if (fault.kind === 'malformed-json') return this.reply(res, { status: 200, body: `<ns1:NCIPMessage xmlns:ns1="${NCIP_NAMESPACE}"><ns1:UpdateUserResponse>` });
    if (req.headers.authorization !== `Bearer ${SANDBOX_API_KEY}`) {
      return this.reply(res, { status: 401, body: writeProblemMessage([ncipProblem('systemAuthenticationFailed')]) });
    }
    if (earlier !== undefined) return this.reply(res, earlier);
    if (this.schemaCheck !== undefined) {
      entry.schemaErrors = await this.schemaCheck(body);
      if (entry.schemaErrors.length > 0) return this.reply(res, { status: 400, body: writeProblemMessage([ncipProblem('invalidMessageSyntax', { detail: 'not valid against ncip_v2_02.xsd' })]) });
    }
    const answer = this.register.answer(body);
    if (key !== undefined && answer.status < 500) this.answered.set(key, answer);
    this.reply(res, answer);
  }

  private reply(res: ServerResponse, answer: KbAnswer): void {
    res.writeHead(answer.status, { 'Content-Type': 'application/xml; charset=utf-8' }).end(answer.body);
  }
}

/** The service element a body carries ('' when it is not readable NCIP). */
function serviceOf(body: string): string {
  try {
    return readXml(body).children[0]?.name ?? '';
  } catch {
    return '';
  }
}

export const kbSandbox: SandboxDefinition = {
  partner: 'kb',
  create: () => new KbSandbox(),
};
