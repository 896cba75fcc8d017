import { Client, createClientAsync, WSSecurity } from 'soap';
import { MEMBER_LOOKUP_PATH } from '../../mapping/overijssel/card-service.contract';
import { MemberLookupAnswer, readMemberLookupAnswer } from '../../mapping/overijssel/member-lookup-answer';

/** An Overijssel library's account at the gateway: a partner credential bound to 'overijssel'. */
export interface LibraryCredential {
  readonly username: string;
  readonly password: string;
}

export interface LookupResult {
  readonly status: number;
  /** The answer envelope as it arrived. */
  readonly envelope: string;
  readonly answer: MemberLookupAnswer;
}

type LookupMethod = (args: { CardNumber: string }) => Promise<unknown[]>;

function responseOf(error: unknown): { status: number; data: string } | undefined {
  const response = error !== null && typeof error === 'object' ? (error as { response?: { status?: unknown; data?: unknown } }).response : undefined;
  return typeof response?.status === 'number' && typeof response.data === 'string' ? { status: response.status, data: response.data } : undefined;
}

/**
 * Another Overijssel library at its desk, on loopback: a `soap` package client built from the WSDL the
 * gateway serves at `/soap/overijssel?wsdl`, sending MemberLookup with a WS-Security UsernameToken
 * (PasswordText). Used by the tests and the demo.
 */
export class MemberLookupClient {
  private constructor(
    private readonly client: Client,
    private readonly method: LookupMethod,
  ) {}

  static async connect(gatewayBaseUrl: string, credential: LibraryCredential): Promise<MemberLookupClient> {
    const endpoint = `${gatewayBaseUrl}${MEMBER_LOOKUP_PATH}`;
    const client = await createClientAsync(`${endpoint}?wsdl`, { disableCache: true, customDeserializer: { date: (text: string) => text } }, endpoint);
    client.setSecurity(new WSSecurity(credential.username, credential.password, { passwordType: 'PasswordText', hasTimeStamp: false }));
    const method = (client as unknown as Record<string, unknown>).MemberLookupAsync;
    if (typeof method !== 'function') throw new Error('the served WSDL has no MemberLookup operation');
    return new MemberLookupClient(client, (args) => (method as LookupMethod).call(client, args));
  }

  /** Looks a card up; a SOAP fault is an answer too (kind 'fault'), not an exception. */
  async lookup(cardNumber: string): Promise<LookupResult> {
    try {
      const [, raw] = await this.method({ CardNumber: cardNumber });
      const envelope = typeof raw === 'string' ? raw : '';
      return { status: 200, envelope, answer: readMemberLookupAnswer(envelope) };
    } catch (error) {
      const response = responseOf(error);
      if (response === undefined) throw error;
      return { status: response.status, envelope: response.data, answer: readMemberLookupAnswer(response.data) };
    }
  }

  /** The envelope the client sent last (with its UsernameToken): what a library's SOAP stack writes. */
  lastRequest(): string {
    const last = (this.client as unknown as { lastRequest?: unknown }).lastRequest;
    return typeof last === 'string' ? last : '';
  }
}
