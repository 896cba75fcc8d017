import axios, { AxiosInstance } from 'axios';
import { fromNewsletterSubscriber, toNewsletterSubscriber, unsubscribeReference } from '../../mapping/newsletter/newsletter-subscriber.mapping';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { PartnerProtocolError } from '../sdk/connector-errors';
import { connectorErrorFromHttp } from '../sdk/http-error.mapper';
import { newsletterManifest } from './newsletter.manifest';
import { NewsletterSettings } from './newsletter.settings';

const SUBSCRIBERS = '/v1/subscribers/';
/** The purpose whose release says a member withdrew consent: the subscriber is deleted. */
const UNSUBSCRIBE = 'unsubscribe';

/**
 * The newsletter service (REST/JSON): a subscriber is upserted under the member's pseudonym; only
 * members with newsletter consent ever reach it, because the policy refuses the rest. A withdrawal
 * (the `unsubscribe` purpose, which releases the pseudonym only after consent was withdrawn) deletes it.
 */
export class NewsletterConnector implements Connector {
  readonly manifest = newsletterManifest;
  private readonly http: AxiosInstance;

  constructor(private readonly settings: NewsletterSettings) {
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      headers: { Authorization: `Bearer ${settings.apiKey.reveal()}` },
      maxRedirects: 0,
      // Answers are read as text and checked here: a partner's malformed JSON is a protocol error.
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
  }

  prepare(payload: ReleasedPayload): PreparedMessage {
    if (payload.origin.purpose === UNSUBSCRIBE) {
      return { contentType: 'application/json', body: '', route: { method: 'DELETE', path: `${SUBSCRIBERS}${encodeURIComponent(unsubscribeReference(payload.fields))}` } };
    }
    const subscriber = toNewsletterSubscriber(payload.fields);
    return { contentType: 'application/json', body: JSON.stringify(subscriber), route: { method: 'PUT', path: `${SUBSCRIBERS}${encodeURIComponent(subscriber.reference)}` } };
  }

  /** The inverse of prepare, for the conformance suite's round trip. */
  read(message: PreparedMessage): Record<string, unknown> {
    if (message.route.method === 'DELETE') return { memberId: decodeURIComponent((message.route.path ?? '').slice(SUBSCRIBERS.length)) };
    return fromNewsletterSubscriber(JSON.parse(message.body) as Parameters<typeof fromNewsletterSubscriber>[0]);
  }

  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    try {
      const response = await this.http.request<string>({
        method: message.route.method ?? 'PUT',
        url: message.route.path,
        data: message.body === '' ? undefined : message.body,
        headers: { ...(message.body === '' ? {} : { 'Content-Type': message.contentType }), 'Idempotency-Key': context.deliveryId },
        signal: context.signal,
      });
      const answer = parseAnswer(response.data);
      return typeof answer.subscriberId === 'string' ? { partnerReference: answer.subscriberId } : {};
    } catch (error) {
      throw connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs);
    }
  }

  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      await this.http.get('/v1/health', { signal });
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: connectorErrorFromHttp(this.manifest.id, error, this.settings.timeoutMs).code };
    }
  }
}

function parseAnswer(text: string): Record<string, unknown> {
  try {
    const value: unknown = text === '' ? {} : JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new PartnerProtocolError('newsletter', 'the answer is not a JSON object');
}
