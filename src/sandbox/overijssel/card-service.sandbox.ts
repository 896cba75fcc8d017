import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { CARD_SERVICE_PATH } from '../../mapping/overijssel/card-service.contract';
import { readProvinceRequest } from '../../mapping/overijssel/province-request';
import { ServiceFault, soapFaultEnvelope } from '../../mapping/overijssel/soap-fault';
import { cardServiceWsdl } from '../../connectors/overijssel/provincial-card-service.wsdl';
import { SoapAnswer, SoapService } from '../../connectors/overijssel/soap-service';
import { PartnerSandbox, ReceivedMessage, SandboxFault } from '../partner-sandbox';
import { ProvincialCardRegister } from './provincial-card.register';
import { closeServer, listenOnLoopback } from '../support/loopback-http';

/** The account the simulated card service expects from the gateway (HTTP Basic); it lives on loopback only. */
export const SANDBOX_ACCOUNT = { username: 'bibliotheek-staphorst', password: 'sandbox-provinciale-pas-0001' } as const;

const BASIC = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT.username}:${SANDBOX_ACCOUNT.password}`).toString('base64')}`;
const SERVER_FAULT: ServiceFault = { faultCode: 'Server', code: 'SERVICE_UNAVAILABLE', message: 'The card service is temporarily unavailable' };
const CLIENT_FAULT: ServiceFault = { faultCode: 'Client', code: 'INVALID_REQUEST', message: 'The card service refuses this request' };
const UNAUTHENTICATED: ServiceFault = { faultCode: 'Client', code: 'AUTHENTICATION_FAILED', message: 'Unknown library account' };
const MALFORMED: ServiceFault = { faultCode: 'Client', code: 'MALFORMED_ENVELOPE', message: 'The request is not a card service envelope' };

/**
 * The province's card service simulated on loopback: a SOAP service (the `soap` package's server, from the
 * same WSDL as the connector) that accepts RegisterMember, DeregisterMember and UpdateMemberStatus,
 * records every request byte for byte, applies each Idempotency-Key once (a repeat gets the first answer)
 * and can be switched to faults: a soap:Server fault (500), a soap:Client fault, a broken envelope, slowness.
 */
export class OverijsselSandbox implements PartnerSandbox {
  readonly partner = 'overijssel';
  readonly register = new ProvincialCardRegister();
  private readonly log: ReceivedMessage[] = [];
  private readonly answered = new Map<string, SoapAnswer>();
  private fault: SandboxFault = { kind: 'none' };
  private server: Server | undefined;
  private soap: SoapService | undefined;
  private baseUrl = '';

  async start(): Promise<void> {
    this.soap = await SoapService.start(CARD_SERVICE_PATH, 'ProvincialCardService', 'ProvincialCardPort', this.register.operations());
    const server = createServer((req, res) => void this.serve(req, res));
    const url = await listenOnLoopback(server, 0);
    this.server = server;
    this.baseUrl = url;
  }

  settings(): Readonly<Record<string, string>> {
    return { OVERIJSSEL_ENDPOINT_URL: `${this.baseUrl}${CARD_SERVICE_PATH}`, OVERIJSSEL_USERNAME: SANDBOX_ACCOUNT.username, OVERIJSSEL_PASSWORD: SANDBOX_ACCOUNT.password };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** Every envelope POSTed, in order, also the refused and faulted ones. */
  received(): readonly ReceivedMessage[] {
    return [...this.log];
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

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CARD_SERVICE_PATH) return void res.writeHead(404).end();
    if (req.method === 'GET' && url.searchParams.has('wsdl')) return void res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(cardServiceWsdl({ ProvincialCardService: `${this.baseUrl}${CARD_SERVICE_PATH}` }));
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const earlier = key === undefined ? undefined : this.answered.get(key);
    this.log.push({ body, ...(key !== undefined ? { idempotencyKey: key } : {}), duplicate: earlier !== undefined });
    this.reply(res, await this.answer(req, body, key, earlier));
  }

  private async answer(req: IncomingMessage, body: string, key: string | undefined, earlier: SoapAnswer | undefined): Promise<SoapAnswer> {
    const fault = this.fault;
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault.kind === 'error500') return { status: 500, body: soapFaultEnvelope(SERVER_FAULT) };
    if (fault.kind === 'reject400') return { status: 500, body: soapFaultEnvelope(CLIENT_FAULT) };
    if (fault.kind === 'malformed-json') return { status: 200, body: '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Regis' };
    if (req.headers.authorization !== BASIC) return { status: 401, body: soapFaultEnvelope(UNAUTHENTICATED) };
    if (earlier !== undefined) return earlier;
    try {
      readProvinceRequest(body); // safe XML and the card service's shape, before the soap package parses it
    } catch {
      return { status: 500, body: soapFaultEnvelope(MALFORMED) };
    }
    const answer = await (this.soap as SoapService).process(body);
    if (key !== undefined && answer.status < 300) this.answered.set(key, answer);
    return answer;
  }

  private reply(res: ServerResponse, answer: SoapAnswer): void {
    res.writeHead(answer.status, { 'Content-Type': 'text/xml; charset=utf-8' }).end(answer.body);
  }
}
