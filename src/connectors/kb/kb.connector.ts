import { writeLookupAgency } from '../../mapping/ncip/ncip-lookup-agency';
import { fromNcipRegistration, RegistrationContext, RegistrationService, toNcipRegistration } from '../../mapping/ncip/ncip-registration';
import { NcipWriteFailed } from '../../mapping/ncip/ncip-xml';
import { toLookupUserResponse } from '../../mapping/ncip/ncip-lookup-user-response';
import { USER_ELEMENT_TYPES } from '../../mapping/ncip/ncip-schemes';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { MappingFailed } from '../sdk/connector-errors';
import { connectorErrorFromFailure, connectorErrorFromStatus } from '../sdk/http-error.mapper';
import { PlainAnswer, PlainHttp } from '../sdk/plain-http';
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
  private readonly http: PlainHttp;

  constructor(private readonly settings: KbSettings) {
    // Answers are read as text and checked here: a partner's malformed XML is a protocol error.
    this.http = new PlainHttp(settings.baseUrl, settings.timeoutMs);
  }

  /** One POST of NCIP to the KB; a non-2xx answer or none at all is a typed connector error. */
  private async post(body: string, signal: AbortSignal, headers: Readonly<Record<string, string>> = {}): Promise<string> {
    let answer: PlainAnswer;
    try {
      answer = await this.http.exchange({
        method: 'POST',
        path: '',
        headers: { Authorization: `Bearer ${this.settings.apiKey.reveal()}`, 'Content-Type': NCIP_CONTENT_TYPE, Accept: 'application/xml, text/xml', ...headers },
        body: Buffer.from(body, 'utf8'),
        signal,
      });
    } catch (error) {
      throw connectorErrorFromFailure(this.manifest.id, error, signal, this.settings.timeoutMs);
    }
    if (answer.status < 200 || answer.status >= 300) throw connectorErrorFromStatus(this.manifest.id, answer.status);
    return answer.text;
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
    const answer = await this.post(message.body, context.signal, { 'Content-Type': message.contentType, 'Idempotency-Key': context.deliveryId });
    checkRegistrationAnswer(this.manifest.id, message.route.service ?? 'UpdateUser', answer);
    // The KB's answer names the user by the number the gateway sent: nothing of its own to keep.
    return {};
  }

  /** Up when the KB answers a LookupAgency with any NCIP message. */
  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      readNcipAnswer(this.manifest.id, await this.post(writeLookupAgency(this.settings.agencyId, this.settings.partnerAgencyId), signal));
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: connectorErrorFromFailure(this.manifest.id, error, signal, this.settings.timeoutMs).code };
    }
  }
}
