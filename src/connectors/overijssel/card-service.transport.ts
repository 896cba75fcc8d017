import axios, { AxiosInstance, AxiosResponse } from 'axios';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ProvinceOperation, soapActionOf } from '../../mapping/overijssel/card-service.contract';
import { ProvinceAnswer, readProvinceAnswer } from '../../mapping/overijssel/province-answer';
import { ConnectorError, PartnerProtocolError, PartnerRejected, PartnerUnavailable } from '../sdk/connector-errors';
import { connectorErrorFromHttp } from '../sdk/http-error.mapper';
import { OverijsselSettings } from './overijssel.settings';

export interface CardServiceCall {
  readonly operation: ProvinceOperation;
  /** The prepared envelope: sent unchanged. */
  readonly envelope: string;
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

/** SOAP 1.1 and 1.2 codes for "the service failed, the message may succeed later". */
const TRANSIENT_FAULTS = new Set(['Server', 'Receiver']);

/**
 * HTTP to the province's card service: POSTs a prepared SOAP 1.1 envelope with its SOAPAction, the
 * library's account in HTTP Basic authentication and the delivery id as Idempotency-Key, and turns the
 * answer into a provincial reference or a typed error. A soap:Server fault is transient (retried), a
 * soap:Client fault is the partner refusing this message (PartnerRejected); neither URLs nor bodies nor
 * fault strings reach an error message.
 */
export class CardServiceTransport {
  private readonly http: AxiosInstance;
  private readonly agents = { http: new Agent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(
    private readonly partner: string,
    private readonly settings: OverijsselSettings,
  ) {
    this.http = axios.create({
      timeout: settings.timeoutMs,
      auth: { username: settings.username, password: settings.password.reveal() },
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
    });
  }

  /** Sends one operation; resolves with the province's reference for it. */
  async send(call: CardServiceCall): Promise<string> {
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.post(this.settings.endpointUrl, call.envelope, {
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapActionOf(call.operation)}"`, 'Idempotency-Key': call.idempotencyKey },
        signal: call.signal,
      });
    } catch (error) {
      throw connectorErrorFromHttp(this.partner, error, this.settings.timeoutMs);
    }
    const answer = this.read(response, call.operation);
    if (answer?.kind === 'acknowledged' && response.status < 300) return answer.provincialReference;
    throw this.errorFor(response.status, answer);
  }

  /** The WSDL at `?wsdl`: a cheap GET that proves the service answers. */
  async wsdl(signal: AbortSignal): Promise<string> {
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.get(`${this.settings.endpointUrl}?wsdl`, { signal });
    } catch (error) {
      throw connectorErrorFromHttp(this.partner, error, this.settings.timeoutMs);
    }
    if (response.status !== 200 || typeof response.data !== 'string') throw this.errorFor(response.status, undefined);
    return response.data;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private read(response: AxiosResponse<unknown>, operation: ProvinceOperation): ProvinceAnswer | undefined {
    try {
      return typeof response.data === 'string' ? readProvinceAnswer(response.data, operation) : undefined;
    } catch {
      return undefined; // not a SOAP answer: judged by its HTTP status below
    }
  }

  private errorFor(status: number, answer: ProvinceAnswer | undefined): ConnectorError {
    if (answer?.kind === 'fault') {
      const reason = `soap:${answer.faultCode || 'Fault'}${answer.code !== undefined ? ` ${answer.code}` : ''}`;
      return TRANSIENT_FAULTS.has(answer.faultCode) ? new PartnerUnavailable(this.partner, reason) : new PartnerRejected(this.partner, reason);
    }
    if (status >= 500 || status === 429 || status === 408) return new PartnerUnavailable(this.partner, `HTTP ${status}`);
    if (status >= 400) return new PartnerRejected(this.partner, `HTTP ${status}`);
    return new PartnerProtocolError(this.partner, 'the answer is not a SOAP acknowledgement or fault');
  }
}
