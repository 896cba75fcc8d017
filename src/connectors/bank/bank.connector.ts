import axios, { AxiosInstance } from 'axios';
import { debitFromRelease, releasedFeeAmounts } from '../../mapping/sepa/debit-from-release';
import { isValidBic, isValidCreditorId, isValidIban } from '../../mapping/sepa/iban';
import { ConnectorSettingsInvalid } from '../sdk/connector-settings';
import { Pain008Version, readPain008, writePain008 } from '../../mapping/sepa/pain008';
import { addTargetDays } from '../../mapping/sepa/target2-calendar';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { MappingFailed, PartnerProtocolError } from '../sdk/connector-errors';
import { connectorErrorFromHttp } from '../sdk/http-error.mapper';
import { bankManifest } from './bank.manifest';
import { BankSettings } from './bank.settings';

const FILES = '/v1/direct-debit-files';
const NOTIFICATIONS = '/v1/notifications';
export const PAIN008_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** The library as creditor, from the settings. */
export interface CreditorSettings {
  readonly name: string;
  readonly iban: string;
  readonly bic?: string;
  readonly creditorId: string;
  readonly painVersion: Pain008Version;
  readonly preNotificationDays: number;
}

/** The bank's answer to an uploaded file. */
export interface UploadReceipt {
  readonly fileId: string;
  readonly replayed: boolean;
}

/**
 * The bank's corporate file API: pain.008 files uploaded with an API key and the collection's id as
 * Idempotency-Key (a repeat is answered, never booked twice), camt.054 notifications listed and fetched.
 * `prepare` writes one member's debit as a one-transaction file — the officer's preview of what the bank
 * would get for that member; real collections are made by the collection service, many members a file.
 */
export class BankConnector implements Connector {
  readonly manifest = bankManifest;
  readonly creditor: CreditorSettings;
  private readonly http: AxiosInstance;

  constructor(private readonly settings: BankSettings) {
    // A wrong creditor identity stops the start, naming the variable: the bank would refuse every file.
    const problems = [
      ...(isValidCreditorId(settings.creditorId) ? [] : ['BANK_CREDITOR_ID is not a SEPA creditor identifier with valid check digits (e.g. NL57ZZZ999999999999)']),
      ...(isValidIban(settings.creditorIban) ? [] : ['BANK_CREDITOR_IBAN is not a valid IBAN']),
      ...(settings.creditorBic === '' || isValidBic(settings.creditorBic) ? [] : ['BANK_CREDITOR_BIC is not a valid BIC']),
    ];
    if (problems.length > 0) throw new ConnectorSettingsInvalid(bankManifest.id, problems);
    this.creditor = {
      name: settings.creditorName,
      iban: settings.creditorIban,
      ...(settings.creditorBic === '' ? {} : { bic: settings.creditorBic }),
      creditorId: settings.creditorId,
      painVersion: settings.painVersion as Pain008Version,
      preNotificationDays: settings.preNotificationDays,
    };
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      headers: { Authorization: `Bearer ${settings.apiKey.reveal()}` },
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
  }

  prepare(payload: ReleasedPayload): PreparedMessage {
    const due = releasedFeeAmounts(payload.fields).reduce((sum, cents) => sum + cents, 0);
    const debit = debitFromRelease(payload.fields, { amountCents: due }, 'PREVIEW-000001', 'RCUR', `${this.creditor.name} contributie`);
    if (!debit.ok) throw new MappingFailed(this.manifest.id, debit.gap === 'no-mandate' ? 'the release holds no account and mandate to collect from' : 'the release holds no amount due');
    const today = new Date().toISOString().slice(0, 10);
    const body = writePain008(
      {
        messageId: 'PREVIEW',
        createdAt: new Date(),
        initiatingPartyName: this.creditor.name,
        creditor: this.creditor,
        requestedCollectionDate: addTargetDays(today, 5),
        transactions: [debit.transaction],
      },
      this.creditor.painVersion,
    );
    return { contentType: PAIN008_CONTENT_TYPE, body, route: { method: 'POST', path: FILES } };
  }

  /** The canonical fields a file carries (its first transaction), for the conformance round trip. */
  read(message: PreparedMessage): Record<string, unknown> {
    const [transaction] = readPain008(message.body).transactions;
    if (transaction === undefined) return {};
    return {
      bankAccount: { iban: transaction.debtor.iban, ...(transaction.debtor.bic === undefined ? {} : { bic: transaction.debtor.bic }), holder: transaction.debtor.name },
      directDebitMandate: { mandateId: transaction.mandate.id, signedOn: transaction.mandate.signedOn },
    };
  }

  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    const receipt = await this.upload(message.body, context.deliveryId, context.signal);
    return { partnerReference: receipt.fileId };
  }

  /** Uploads a pain.008 file; the key makes a repeat harmless (the bank answers it, books nothing twice). */
  async upload(file: string, idempotencyKey: string, signal: AbortSignal): Promise<UploadReceipt> {
    try {
      const response = await this.http.post<string>(FILES, file, { headers: { 'Content-Type': PAIN008_CONTENT_TYPE, 'Idempotency-Key': idempotencyKey }, signal });
      const answer = parseObject(response.data);
      if (typeof answer.fileId !== 'string') throw new PartnerProtocolError(this.manifest.id, 'the bank accepted the file without naming it (no fileId)');
      return { fileId: answer.fileId, replayed: response.headers['idempotent-replayed'] === 'true' || answer.duplicate === true };
    } catch (error) {
      if (error instanceof PartnerProtocolError) throw error;
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
  }

  /** The bank's notifications after one (all when absent), oldest first. */
  async notifications(after: string | undefined, signal: AbortSignal): Promise<Array<{ id: string; fileId?: string }>> {
    try {
      const response = await this.http.get<string>(NOTIFICATIONS, { params: after === undefined ? {} : { after }, signal });
      const list = parseObject(response.data).notifications;
      if (!Array.isArray(list)) throw new PartnerProtocolError(this.manifest.id, 'the notification list is not a list');
      return list.filter((entry): entry is { id: string; fileId?: string } => typeof (entry as { id?: unknown }).id === 'string');
    } catch (error) {
      if (error instanceof PartnerProtocolError) throw error;
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
  }

  /** One notification: a camt.054 document, as text. */
  async notification(id: string, signal: AbortSignal): Promise<string> {
    try {
      return (await this.http.get<string>(`${NOTIFICATIONS}/${encodeURIComponent(id)}`, { signal })).data;
    } catch (error) {
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
  }

  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      await this.http.get(NOTIFICATIONS, { params: { after: 'health' }, signal });
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs).code };
    }
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = text === '' ? {} : JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new PartnerProtocolError(bankManifest.id, 'the bank answered with something other than a JSON object');
}
