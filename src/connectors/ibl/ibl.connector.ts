import axios, { AxiosInstance } from 'axios';
import { readIso18626 } from '../../mapping/iso18626/iso18626-reader';
import { AgencyId, Iso18626Action, Iso18626ErrorType, MessageInfo, PatronInfo, PhysicalAddress, StatusInfo } from '../../mapping/iso18626/iso18626-types';
import { isoTimestamp, writeRequest, writeRequestingAgencyMessage, writeSupplyingAgencyMessage } from '../../mapping/iso18626/iso18626-writer';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { MappingFailed, PartnerProtocolError, PartnerRejected } from '../sdk/connector-errors';
import { connectorErrorFromHttp } from '../sdk/http-error.mapper';
import { iblManifest } from './ibl.manifest';
import { IblSettings } from './ibl.settings';

export const ISO18626_CONTENT_TYPE = 'application/xml; charset=utf-8';
const AGENCY_TYPE = 'ISIL';

/** The item asked for: bibliographic data, not member data. */
export interface IblItem {
  readonly title: string;
  readonly author?: string;
  readonly isbn?: string;
}

/** What a Request carries besides the patron part. */
export interface IblRequestDetails {
  /** Our request id (requestingAgencyRequestId). */
  readonly requestId: string;
  readonly item: IblItem;
  /** The branch the member picks the item up at (a place of the library's, not of the member). */
  readonly pickupBranchId?: string;
  readonly now?: Date;
}

/** A loan Staphorst supplies, as its status messages name it. */
export interface IblSupplyReference {
  readonly requestingAgencyId: AgencyId;
  readonly requestingAgencyRequestId: string;
  readonly supplyingAgencyRequestId: string;
}

/** The supplier's answer to a message: OK, or ERROR with its type and value. */
export type IblConfirmation = { readonly ok: true } | { readonly ok: false; readonly errorType: Iso18626ErrorType; readonly errorValue: string };

/**
 * The requesting agency's side of ISO 18626 towards the supplying library (IBL_BASE_URL): a Request whose
 * patron part is made from what the `ibl` policy released and only the pseudonym, the initials and the
 * surname of it; RequestingAgencyMessages (Received, ShippedReturn, Cancel, …); each answered by the
 * supplier's confirmation, read here. The supplier's status messages arrive at the gateway's POST /iso18626.
 */
export class IblConnector implements Connector {
  readonly manifest = iblManifest;
  readonly supplyingAgency: AgencyId;
  readonly requestingAgency: AgencyId;
  private readonly http: AxiosInstance;

  constructor(private readonly settings: IblSettings) {
    this.supplyingAgency = { type: AGENCY_TYPE, value: settings.agencyId };
    this.requestingAgency = { type: AGENCY_TYPE, value: settings.libraryAgencyId };
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      headers: { Authorization: `Bearer ${settings.apiKey.reveal()}`, 'Content-Type': ISO18626_CONTENT_TYPE, Accept: 'application/xml, text/xml' },
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      // An ERROR confirmation may come with 400: it is still the supplier's answer, read like a 200.
      validateStatus: (status) => status === 200 || status === 400,
    });
  }

  /** The officer's preview: a Request for a placeholder item, with the patron part as it would leave. */
  prepare(payload: ReleasedPayload): PreparedMessage {
    return this.prepareRequest(payload, { requestId: 'PREVIEW-000001', item: { title: 'Voorbeeldtitel' } });
  }

  /** A Request for one member's wish: the patron part from the release, nothing else of the member. */
  prepareRequest(payload: ReleasedPayload, details: IblRequestDetails): PreparedMessage {
    const patronInfo = patronOf(payload);
    const pickupLocation: PhysicalAddress | undefined = details.pickupBranchId === undefined ? undefined : { line1: details.pickupBranchId };
    const body = writeRequest({
      header: { supplyingAgencyId: this.supplyingAgency, requestingAgencyId: this.requestingAgency, timestamp: isoTimestamp(details.now ?? new Date()), requestingAgencyRequestId: details.requestId },
      bibliographicInfo: {
        title: details.item.title,
        ...(details.item.author !== undefined ? { author: details.item.author } : {}),
        ...(details.item.isbn !== undefined ? { itemIds: [{ code: 'ISBN', identifier: details.item.isbn }] } : {}),
      },
      serviceInfo: { requestType: 'New', requestSubType: 'PatronRequest', serviceType: 'Loan' },
      ...(pickupLocation !== undefined ? { pickupLocation } : {}),
      patronInfo,
    });
    return { contentType: ISO18626_CONTENT_TYPE, body, route: { method: 'POST' } };
  }

  /** A RequestingAgencyMessage about one of our requests: no member data at all. */
  prepareAction(requestId: string, action: Iso18626Action, now = new Date()): PreparedMessage {
    const body = writeRequestingAgencyMessage({
      header: { supplyingAgencyId: this.supplyingAgency, requestingAgencyId: this.requestingAgency, timestamp: isoTimestamp(now), requestingAgencyRequestId: requestId },
      action,
    });
    return { contentType: ISO18626_CONTENT_TYPE, body, route: { method: 'POST' } };
  }

  /** The canonical fields a Request's patron part carries: the inverse of prepare. */
  read(message: PreparedMessage): Record<string, unknown> {
    const read = readIso18626(message.body);
    if (!read.ok || read.message.kind !== 'request') return {};
    const patron = read.message.patronInfo ?? {};
    const name = { ...(patron.givenName !== undefined ? { firstNames: patron.givenName } : {}), ...(patron.surname !== undefined ? { lastName: patron.surname } : {}) };
    return { ...(patron.patronId !== undefined ? { memberId: patron.patronId } : {}), ...(Object.keys(name).length > 0 ? { name } : {}) };
  }

  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await this.send(message.body, context.signal);
    if (!answer.ok) throw new PartnerRejected(this.manifest.id, `${answer.errorType}: ${answer.errorValue}`);
    return {};
  }

  /** POSTs a Request or RequestingAgencyMessage and reads the supplier's confirmation of it. */
  async send(xml: string, signal: AbortSignal): Promise<IblConfirmation> {
    let text: string;
    try {
      text = (await this.http.post<string>('', xml, { signal })).data;
    } catch (error) {
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
    const read = readIso18626(typeof text === 'string' ? text : '');
    if (!read.ok || (read.message.kind !== 'requestConfirmation' && read.message.kind !== 'requestingAgencyMessageConfirmation' && read.message.kind !== 'supplyingAgencyMessageConfirmation')) {
      throw new PartnerProtocolError(this.manifest.id, 'the partner library answered without an ISO 18626 confirmation');
    }
    const confirmation = read.message;
    if (confirmation.confirmationHeader.messageStatus === 'OK') return { ok: true };
    return { ok: false, errorType: confirmation.errorData?.errorType ?? 'BadlyFormedMessage', errorValue: confirmation.errorData?.errorValue ?? '' };
  }

  /** Sends a RequestingAgencyMessage (Received, ShippedReturn, Cancel, …) and reads its confirmation. */
  async sendAction(requestId: string, action: Iso18626Action, signal: AbortSignal): Promise<IblConfirmation> {
    return this.send(this.prepareAction(requestId, action).body, signal);
  }

  /**
   * As the supplying agency (issue 16): a SupplyingAgencyMessage about a loan the partner library asked
   * Staphorst for (their request id, ours as supplyingAgencyRequestId). No patron data at all.
   */
  prepareStatus(loan: IblSupplyReference, messageInfo: MessageInfo, statusInfo: Omit<StatusInfo, 'lastChange'>, now = new Date()): PreparedMessage {
    const timestamp = isoTimestamp(now);
    const body = writeSupplyingAgencyMessage({
      header: {
        supplyingAgencyId: this.requestingAgency,
        requestingAgencyId: loan.requestingAgencyId,
        timestamp,
        requestingAgencyRequestId: loan.requestingAgencyRequestId,
        supplyingAgencyRequestId: loan.supplyingAgencyRequestId,
      },
      messageInfo,
      statusInfo: { ...statusInfo, lastChange: timestamp },
    });
    return { contentType: ISO18626_CONTENT_TYPE, body, route: { method: 'POST' } };
  }

  /** Sends a SupplyingAgencyMessage to the partner library (IBL_BASE_URL) and reads its confirmation. */
  async sendStatus(loan: IblSupplyReference, messageInfo: MessageInfo, statusInfo: Omit<StatusInfo, 'lastChange'>, signal: AbortSignal): Promise<IblConfirmation> {
    return this.send(this.prepareStatus(loan, messageInfo, statusInfo).body, signal);
  }

  /** ISO 18626 has no status call: the endpoint answering at all (without a server error) is 'up'. */
  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      const response = await this.http.get('', { signal, validateStatus: () => true });
      return response.status >= 500 ? { status: 'down', detail: `HTTP ${response.status}` } : { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs).code };
    }
  }
}

/** The patron part: the pseudonym, the initials and the surname (prefix and last name) the policy released; nothing else. */
function patronOf(payload: ReleasedPayload): PatronInfo {
  const fields = payload.fields as { memberId?: unknown; name?: { firstNames?: unknown; prefix?: unknown; lastName?: unknown } };
  if (typeof fields.memberId !== 'string' || fields.memberId === '') throw new MappingFailed(iblManifest.id, 'the release holds no pseudonym for the patron');
  const name = fields.name ?? {};
  const surname = [name.prefix, name.lastName].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  return {
    patronId: fields.memberId,
    ...(typeof name.firstNames === 'string' && name.firstNames !== '' ? { givenName: name.firstNames } : {}),
    ...(surname !== '' ? { surname } : {}),
  };
}
