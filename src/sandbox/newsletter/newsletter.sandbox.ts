import { PartnerSandbox, ReceivedMessage, SandboxDefinition, SandboxFault } from '../partner-sandbox';
import { RecordedRequest, RecordingHttpServer, SandboxAnswer } from '../support/recording-http-server';

/** The API key the simulated newsletter service expects; it lives on loopback only. */
const SANDBOX_API_KEY = 'sandbox-newsletter-key-0001';

/**
 * A simulated newsletter service: PUT /v1/subscribers/{reference} upserts a subscriber, DELETE removes
 * one (204, also when it was not there: an unsubscribe that is repeated still succeeds).
 */
export class NewsletterSandbox implements PartnerSandbox {
  readonly partner = 'newsletter';
  readonly http = new RecordingHttpServer((request) => this.answer(request), `Bearer ${SANDBOX_API_KEY}`);
  private readonly subscribers = new Map<string, unknown>();
  private baseUrl = '';

  async start(): Promise<void> {
    this.baseUrl = await this.http.start();
  }

  settings(): Readonly<Record<string, string>> {
    return { NEWSLETTER_BASE_URL: this.baseUrl, NEWSLETTER_API_KEY: SANDBOX_API_KEY };
  }

  async stop(): Promise<void> {
    await this.http.stop();
  }

  received(): readonly ReceivedMessage[] {
    return this.http.received().filter((request) => request.method !== 'GET');
  }

  setFault(fault: SandboxFault): void {
    this.http.setFault(fault);
  }

  reset(): void {
    this.http.reset();
  }

  subscriberCount(): number {
    return this.subscribers.size;
  }

  isSubscribed(reference: string): boolean {
    return this.subscribers.has(reference);
  }

  private answer(request: RecordedRequest): SandboxAnswer {
    if (request.method === 'GET' && request.path === '/v1/health') return { status: 200, body: { status: 'ok' } };
    const match = /^\/v1\/subscribers\/([^/?]+)$/.exec(request.path);
    if (match?.[1] !== undefined && request.method === 'DELETE') {
      this.subscribers.delete(decodeURIComponent(match[1]));
      return { status: 204, body: undefined };
    }
    if (request.method !== 'PUT' || match?.[1] === undefined) return { status: 404, body: { code: 'NOT_FOUND' } };
    let subscriber: unknown;
    try {
      subscriber = JSON.parse(request.body);
    } catch {
      return { status: 400, body: { code: 'MALFORMED_JSON' } };
    }
    if (subscriber === null || typeof subscriber !== 'object' || typeof (subscriber as { email?: unknown }).email !== 'string') {
      return { status: 422, body: { code: 'EMAIL_REQUIRED' } };
    }
    const reference = decodeURIComponent(match[1]);
    this.subscribers.set(reference, subscriber);
    return { status: 200, body: { subscriberId: `nl-${reference.slice(0, 12)}` } };
  }
}

export const newsletterSandbox: SandboxDefinition = {
  partner: 'newsletter',
  create: () => new NewsletterSandbox(),
};
