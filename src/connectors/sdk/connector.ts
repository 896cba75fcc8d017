import { Member } from '../../domain/member';
import { ReleasedPayload } from '../../policy/released-payload';
import { LoanOutcome, ReturnOutcome } from './circulation';
import { SettingsOf, SettingsSchema } from './connector-settings';

/** … 'export': the partner gets files of many members, made by a job (a collection, a panel export), not messages per member. */
export type Capability = 'send' | 'lookup' | 'pull' | 'inbound' | 'circulate' | 'export';
export type Protocol = 'rest' | 'soap' | 'ncip' | 'sip2' | 'iso18626' | 'sepa' | 'csv';

/** What a connector is: validated by the registry and served by GET /api/v1/partners. */
export interface ConnectorManifest {
  /** The partner id: equal to the `partner` of its sharing policy. */
  readonly id: string;
  readonly displayName: string;
  readonly protocol: Protocol;
  readonly capabilities: readonly Capability[];
}

/**
 * A message in the partner's wire format, made by a connector's `prepare` from a ReleasedPayload and
 * nothing else. It is what the outbox keeps (encrypted) until it is delivered.
 */
export interface PreparedMessage {
  /** e.g. 'application/json', 'application/xml', 'text/csv'. */
  readonly contentType: string;
  /** The exact bytes (as text) that go to the partner. */
  readonly body: string;
  /** Protocol routing that is not member data: HTTP method and path, SOAP action, file name… */
  readonly route: Readonly<Record<string, string>>;
}

/** What the partner answered to a delivery: its own reference, never member data. */
export interface DeliveryReceipt {
  readonly partnerReference?: string;
}

export interface DeliveryContext {
  /** Stable across retries of one delivery: partners use it to ignore a repeat. */
  readonly deliveryId: string;
  readonly signal: AbortSignal;
}

/**
 * The lists of a member a source may load separately (each is a request of its own at Wise). A lookup
 * given `parts` loads only those; a member loaded so lacks the others (their lists are empty) and may
 * only be shown to policies that release none of them. Absent: everything.
 */
export type MemberPart = 'loans' | 'holds' | 'fees';
export const MEMBER_PARTS: readonly MemberPart[] = ['loans', 'holds', 'fees'];

/** How a lookup names the member at the partner. */
export type MemberReference = { readonly memberId: string } | { readonly cardNumber: string };

export interface ConnectorHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

/** One partner behind one interface. A connector never sees a member except through a ReleasedPayload. */
export interface Connector {
  readonly manifest: ConnectorManifest;
  /** Maps the released payload to the partner's wire format. Pure; throws MappingFailed. */
  prepare(payload: ReleasedPayload): PreparedMessage;
  /**
   * For a purpose that answers the partner's own questions (the KB's LookupUser, the province's
   * MemberLookup): the answer as the partner would receive it, for the officer's preview; undefined for
   * a purpose that is sent. Pure; nothing is sent.
   */
  prepareAnswer?(payload: ReleasedPayload): PreparedMessage | undefined;
  /** The canonical fields a prepared message carries: the inverse of prepare, for the conformance round trip. */
  read(message: PreparedMessage): Record<string, unknown>;
  /** Sends a prepared message. Throws PartnerUnavailable, PartnerTimeout, PartnerRejected… */
  deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt>;
  /** For a partner that is a source of members (capability 'lookup'): the canonical member. */
  lookup?(reference: MemberReference, signal: AbortSignal, parts?: ReadonlySet<MemberPart>): Promise<Member>;
  /**
   * For a system of record that keeps members' PINs: whether the PIN is the member's. The PIN is passed
   * on and forgotten, never stored or logged; an unknown member is MemberNotFound.
   */
  verifyPin?(reference: MemberReference, pin: string, signal: AbortSignal): Promise<boolean>;
  /** For a system of record (capability 'pull'): the members changed and removed since a day. */
  pullDelta?(since: string, signal: AbortSignal): Promise<{ readonly updated: readonly string[]; readonly deleted: readonly string[] }>;
  /**
   * For a system of record (capability 'pull'): one page of the ids of all its members, in a stable order
   * (an initial cycle reads them page by page). Fewer than `limit` ids: the last page.
   */
  listMembers?(offset: number, limit: number, signal: AbortSignal): Promise<readonly string[]>;
  /**
   * For a lending system (capability 'circulate'): registers the loan of the one item in the released
   * payload's `loans` to the member it names. A refusal by the lending system is an outcome, not an error;
   * an unreachable or failing lending system throws like `deliver`.
   */
  checkout?(payload: ReleasedPayload, context: DeliveryContext): Promise<LoanOutcome>;
  /** For a lending system (capability 'circulate'): registers the return of an item. No member data goes out. */
  checkin?(itemId: string, context: DeliveryContext): Promise<ReturnOutcome>;
  health(signal: AbortSignal): Promise<ConnectorHealth>;
  close?(): Promise<void>;
}

/** Settings every connector has besides its own. */
export const COMMON_SETTINGS = {
  timeoutMs: { kind: 'integer', description: 'how long to wait for the partner, in milliseconds', default: 5000, min: 50, max: 120000 },
} as const satisfies SettingsSchema;

/** A connector as the registry knows it: manifest, settings schema, factory. One per partner folder. */
export interface ConnectorDefinition<S extends SettingsSchema = SettingsSchema> {
  readonly manifest: ConnectorManifest;
  readonly settings: S;
  create(settings: SettingsOf<S & typeof COMMON_SETTINGS>): Connector;
}

/** Keeps the settings type of a definition while checking its shape. */
export function defineConnector<S extends SettingsSchema>(definition: ConnectorDefinition<S>): ConnectorDefinition<S> {
  return definition;
}
