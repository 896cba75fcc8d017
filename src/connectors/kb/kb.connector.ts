import axios, { AxiosInstance } from 'axios';
import { writeLookupAgency } from '../../mapping/ncip/ncip-lookup-agency';
import { fromNcipRegistration, RegistrationContext, RegistrationService, toNcipRegistration } from '../../mapping/ncip/ncip-registration';
import { NcipWriteFailed } from '../../mapping/ncip/ncip-xml';
import { toLookupUserResponse } from '../../mapping/ncip/ncip-lookup-user-response';
import { USER_ELEMENT_TYPES } from '../../mapping/ncip/ncip-schemes';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { MappingFailed } from '../sdk/connector-errors';
import { connectorErrorFromHttp } from '../sdk/http-error.mapper';
import { checkRegistrationAnswer, readNcipAnswer } from './kb-answer';
import { kbManifest } from './kb.manifest';
import { KbSettings } from './kb.settings';

/** The purpose that answers the KB's LookupUser (see NcipLookupService). */
export const KB_ANSWER_PURPOSE = 'single-identity';

export const NCIP_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Purposes whose release deregisters the member; every other purpose registers or updates it. */
const DEREGISTRATION_PURPOSES: ReadonlySet<string> = new Set(['online-deregistration']);

/**
 * The KB's online library over NCIP 2.02 (HTTP POST of XML). Registrations are UpdateUser messages the KB
 * applies as create-or-update, deregistrations DeleteUser; both name the library by its agency id. The
 * delivery id travels as Idempotency-Key: NCIP 2.02 has no message id, and the body must stay byte-exact.
 */
export class KbConnector implements Connector {
  readonly manifest = kbManifest;
  private readonly http: AxiosInstance;

  constructor(private readonly settings: KbSettings) {
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      headers: { Authorization: `Bearer ${settings.apiKey.reveal()}`, 'Content-Type': NCIP_CONTENT_TYPE, Accept: 'application/xml, text/xml' },
      maxRedirects: 0,
      // Answers are read as text and checked here: a partner's malformed XML is a protocol error.
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
  }

  /** Whether a LookupUser must carry the member's PIN (KB_PIN_REQUIRED). */
  get pinRequired(): boolean {
    return this.settings.pinRequired === 'true';
  }

  /** Who the gateway is in NCIP: its agency id, and the KB's. */
  get ncipContext(): RegistrationContext {
    return { partner: this.manifest.id, agencyId: this.settings.agencyId, partnerAgencyId: this.settings.partnerAgencyId };
  }

  prepare(payload: ReleasedPayload): PreparedMessage {
    const service: RegistrationService = DEREGISTRATION_PURPOSES.has(payload.origin.purpose) ? 'DeleteUser' : 'UpdateUser';
    try {
      return { contentType: NCIP_CONTENT_TYPE, body: toNcipRegistration(service, payload.fields, this.ncipContext), route: { method: 'POST', service } };
    } catch (error) {
      if (error instanceof NcipWriteFailed) throw new MappingFailed(this.manifest.id, error.message);
      throw error;
    }
  }

  /** single-identity answers the KB's LookupUser: previewed as the LookupUserResponse for a request asking every element. */
  prepareAnswer(payload: ReleasedPayload): PreparedMessage | undefined {
    if (payload.origin.purpose !== KB_ANSWER_PURPOSE) return undefined;
    const card = typeof payload.fields.cardNumber === 'string' ? payload.fields.cardNumber : '(het kaartnummer uit de vraag)';
    try {
      const body = toLookupUserResponse(payload.fields, { elements: new Set(USER_ELEMENT_TYPES), userIdentifier: card, agencies: { from: this.settings.agencyId, to: this.settings.partnerAgencyId } }, this.ncipContext);
      return { contentType: NCIP_CONTENT_TYPE, body, route: { method: 'POST', service: 'LookupUserResponse' } };
    } catch (error) {
      if (error instanceof NcipWriteFailed) throw new MappingFailed(this.manifest.id, error.message);
      throw error;
    }
  }

  /** The inverse of prepare, for the conformance suite's round trip. */
  read(message: PreparedMessage): Record<string, unknown> {
    return fromNcipRegistration(message.body).fields;
  }

  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    let answer: string;
    try {
      const response = await this.http.post<string>('', message.body, {
        headers: { 'Content-Type': message.contentType, 'Idempotency-Key': context.deliveryId },
        signal: context.signal,
      });
      answer = response.data;
    } catch (error) {
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
    checkRegistrationAnswer(this.manifest.id, message.route.service ?? 'UpdateUser', answer);
    // The KB's answer names the user by the number the gateway sent: nothing of its own to keep.
    return {};
  }

  /** Up when the KB answers a LookupAgency with any NCIP message. */
  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      const response = await this.http.post<string>('', writeLookupAgency(this.settings.agencyId, this.settings.partnerAgencyId), { signal });
      readNcipAnswer(this.manifest.id, response.data);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs).code };
    }
  }
}
