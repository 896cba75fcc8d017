import { Member } from '../../domain/member';
import { ReleasedPayload } from '../../policy/released-payload';
import { circulationRefusalOf, loanOutcomeOf, returnOutcomeOf, wiseReturnBody } from '../../mapping/wise/wise-circulation';
import { patronIdsOf, WiseDelta } from '../../mapping/wise/wise-delta';
import { PATRON_PLACEHOLDER, wiseRequestFor } from '../../mapping/wise/wise-request';
import { patronIdForCard } from '../../mapping/wise/wise-search';
import { wiseToFields } from '../../mapping/wise/wise-to-fields';
import { wiseToMember } from '../../mapping/wise/wise-to-member';
import { LoanOutcome, ReturnOutcome } from '../sdk/circulation';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, MemberReference, PreparedMessage, MemberPart } from '../sdk/connector';
import { MappingFailed, MemberNotFound, PartnerProtocolError } from '../sdk/connector-errors';
import { prepareForPartner } from '../sdk/sendable';
import { hkaManifest } from './hka.manifest';
import { HkaSettings } from './hka.settings';
import { WiseTransport, WiseTransportOptions } from './wise.transport';

const METHODS = new Set(['POST', 'PUT'] as const);
/** Wise's refusals of a loan or a return: answers to the machine, not failures of the lending system. */
const CIRCULATION_REFUSALS = [403, 404, 409, 422];

function segment(value: string): string {
  return encodeURIComponent(value);
}

function isMethod(value: string | undefined): value is 'POST' | 'PUT' {
  return METHODS.has(value as 'POST' | 'PUT');
}

/** A day before any library's records: the delta feed since then lists every patron. */
const EVERYONE_SINCE = '1900-01-01';

/**
 * The lending system, OCLC Wise: the source of members (lookup by card number or patron id, with
 * loans, holds and fees; a daily delta feed of updated and deleted patrons) and the receiver of
 * payments made at a terminal, consent changes and patron updates, as the `hka` policy releases them.
 */
export class HkaConnector implements Connector {
  readonly manifest = hkaManifest;
  private readonly transport: WiseTransport;
  private readonly library: string;

  constructor(
    private readonly settings: HkaSettings,
    options: WiseTransportOptions = {},
  ) {
    this.transport = new WiseTransport(hkaManifest.id, settings, options);
    this.library = segment(settings.libraryId);
  }

  /** Released fields → a Wise request; the route names the patron by a placeholder only. */
  prepare(payload: ReleasedPayload): PreparedMessage {
    const request = wiseRequestFor(payload.origin.purpose, payload.fields, this.settings.libraryId);
    return { contentType: 'application/json', body: request.body, route: { method: request.method, path: request.path } };
  }

  /** The canonical fields a prepared message carries: the inverse of prepare. */
  read(message: PreparedMessage): Record<string, unknown> {
    return wiseToFields(this.parseBody(message.body));
  }

  /** Sends the prepared body unchanged, with the delivery id as Idempotency-Key so that Wise ignores a repeat. */
  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await this.send(message, context);
    const reference = typeof answer.data === 'object' && answer.data !== null && 'reference' in answer.data ? answer.data.reference : undefined;
    return typeof reference === 'string' ? { partnerReference: reference } : {};
  }

  /**
   * A loan at a self-service machine: the payload released for the `circulation` purpose (the patron's
   * id and the one item) goes to Wise's loan endpoint byte for byte; Wise answers with the title and
   * due date, or refuses (blocked patron, unknown copy, copy on loan to someone else).
   */
  async checkout(payload: ReleasedPayload, context: DeliveryContext): Promise<LoanOutcome> {
    const message = prepareForPartner(this, payload);
    if (message.route.path?.endsWith('/loan') !== true) throw new MappingFailed(this.manifest.id, `the purpose '${payload.origin.purpose}' does not register loans`);
    const items = wiseToFields(this.parseBody(message.body)).loans;
    const item = Array.isArray(items) && items.length === 1 ? (items[0] as Record<string, unknown>).itemId : undefined;
    if (typeof item !== 'string') throw new MappingFailed(this.manifest.id, 'a checkout names exactly one item');
    const answer = await this.send(message, context, CIRCULATION_REFUSALS);
    if (answer.status >= 300) return this.refusal(answer.status, answer.data);
    return loanOutcomeOf(answer.data, item);
  }

  /** A return: only the item's barcode goes to Wise, and only item data is read from its answer. */
  async checkin(itemId: string, context: DeliveryContext): Promise<ReturnOutcome> {
    const answer = await this.transport.call({
      method: 'POST',
      path: `/library/${this.library}/checkin`,
      body: wiseReturnBody(itemId),
      contentType: 'application/json',
      headers: { 'Idempotency-Key': context.deliveryId },
      signal: this.transport.deadline(context.signal),
      answers: CIRCULATION_REFUSALS,
    });
    if (answer.status >= 300) return { ok: false, refusal: circulationRefusalOf(answer.status, answer.data) ?? 'item-unknown' };
    return returnOutcomeOf(answer.data, itemId);
  }

  /** The member as Wise knows it: patron information plus loans, holds and fees, as a canonical member. */
  async lookup(reference: MemberReference, signal: AbortSignal, parts?: ReadonlySet<MemberPart>): Promise<Member> {
    const deadline = this.transport.deadline(signal);
    const get = async (path: string): Promise<unknown> => (await this.transport.call({ method: 'GET', path, signal: deadline, notFound: 'member' })).data;
    const { patronId, patron } = await this.findPatron(reference, get);
    const base = `/patron/${segment(patronId)}/library/${this.library}`;
    // Only the lists asked for: a member's lifecycle for the KB needs the patron alone (one request, not four).
    const part = (name: MemberPart): Promise<unknown> => (parts === undefined || parts.has(name) ? get(`${base}/${name}`) : Promise.resolve([]));
    const [loans, holds, fees] = await Promise.all([part('loans'), part('holds'), part('fees')]);
    return wiseToMember(patron, { loans: loans ?? [], holds: holds ?? [], fees: fees ?? [] }, { libraryId: this.settings.libraryId });
  }

  /**
   * Wise checks the PIN (Wise keeps PINs; the gateway never does): POST /library/{libraryId}/patronauthentication
   * with the card or the patron id and the PIN, answered with whether it is valid. 401/403 mean "not valid".
   */
  async verifyPin(reference: MemberReference, pin: string, signal: AbortSignal): Promise<boolean> {
    const who = 'memberId' in reference ? { patronSystemId: reference.memberId } : { cardNumber: reference.cardNumber };
    const answer = await this.transport.call({
      method: 'POST',
      path: `/library/${this.library}/patronauthentication`,
      body: JSON.stringify({ ...who, pin }),
      contentType: 'application/json',
      signal: this.transport.deadline(signal),
      notFound: 'member',
      answers: [401, 403],
    });
    if (answer.status >= 300) return false;
    const valid = typeof answer.data === 'object' && answer.data !== null && 'valid' in answer.data ? answer.data.valid : undefined;
    if (typeof valid !== 'boolean') throw new PartnerProtocolError(this.manifest.id, 'the PIN check answered without a valid flag');
    return valid;
  }

  /** Patron ids updated (or created) and deleted since the day ('YYYY-MM-DD'), from Wise's delta feed. */
  async pullDelta(since: string, signal: AbortSignal = new AbortController().signal): Promise<WiseDelta> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new MappingFailed(this.manifest.id, 'the delta feed needs a day as YYYY-MM-DD');
    const deadline = this.transport.deadline(signal);
    const feed = async (kind: 'updatedpatron' | 'deletedpatron'): Promise<string[]> => {
      const answer = await this.transport.call({ method: 'GET', path: `/patronmanagement/patron/library/${this.library}/${kind}?date=${since}`, signal: deadline });
      return patronIdsOf(answer.data ?? [], kind);
    };
    const [updated, deleted] = await Promise.all([feed('updatedpatron'), feed('deletedpatron')]);
    return { updated, deleted };
  }

  /**
   * One page of all patron ids: the delta feed since the first day there was (Wise lists every patron
   * updated or created since), with offset and limit. A Wise that ignores the paging parameters answers
   * the whole list, and the page is cut from it here.
   */
  async listMembers(offset: number, limit: number, signal: AbortSignal = new AbortController().signal): Promise<readonly string[]> {
    const answer = await this.transport.call({
      method: 'GET',
      path: `/patronmanagement/patron/library/${this.library}/updatedpatron?date=${EVERYONE_SINCE}&offset=${offset}&limit=${limit}`,
      signal: this.transport.deadline(signal),
    });
    const ids = patronIdsOf(answer.data ?? [], 'updatedpatron');
    return ids.length > limit ? ids.slice(offset, offset + limit) : ids;
  }

  /** Up when a staff login and the cheapest authenticated call (the library's branches) succeed. */
  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      await this.transport.call({ method: 'GET', path: `/library/${this.library}/branch`, signal: this.transport.deadline(signal) });
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : 'unknown failure' };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }

  /** The patron by id, or by card: Wise's card endpoint, and its patron search when that only validates the card. */
  private async findPatron(reference: MemberReference, get: (path: string) => Promise<unknown>): Promise<{ patronId: string; patron: unknown }> {
    const information = (id: string): Promise<unknown> => get(`/patron/${segment(id)}/library/${this.library}/patroninformation`);
    if ('memberId' in reference) return { patronId: reference.memberId, patron: await information(reference.memberId) };
    const patron = await get(`/patron/cardnumber/${segment(reference.cardNumber)}/library/${this.library}`);
    const named = wiseToFields(patron).memberId;
    if (typeof named === 'string') return { patronId: named, patron };
    if (named !== undefined) throw new PartnerProtocolError(this.manifest.id, 'the patron answered with a patronSystemId that is not text');
    const found = patronIdForCard(await get(`/library/${this.library}/patron?offset=0&limit=10&search=${segment(reference.cardNumber)}`), reference.cardNumber);
    if (found === undefined) throw new MemberNotFound(this.manifest.id);
    return { patronId: found, patron: await information(found) };
  }

  /** A prepared message to its Wise route, the patron's id filled in, with the delivery id as Idempotency-Key. */
  private async send(message: PreparedMessage, context: DeliveryContext, answers: readonly number[] = []) {
    const method = message.route.method;
    const template = message.route.path;
    if (!isMethod(method) || template === undefined || !template.startsWith(`/patron/${PATRON_PLACEHOLDER}/`)) {
      throw new MappingFailed(this.manifest.id, 'the message has no Wise route');
    }
    const path = template.replace(PATRON_PLACEHOLDER, segment(this.patronIdOf(message.body)));
    return this.transport.call({
      method,
      path,
      body: message.body,
      contentType: message.contentType,
      headers: { 'Idempotency-Key': context.deliveryId },
      signal: this.transport.deadline(context.signal),
      notFound: 'member',
      answers,
    });
  }

  private refusal(status: number, data: unknown): LoanOutcome {
    const refusal = circulationRefusalOf(status, data);
    if (refusal === undefined) throw new MemberNotFound(this.manifest.id);
    return { ok: false, refusal };
  }

  private parseBody(body: string): unknown {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new MappingFailed(this.manifest.id, 'the prepared body is not JSON');
    }
  }

  private patronIdOf(body: string): string {
    const id = wiseToFields(this.parseBody(body)).memberId;
    if (typeof id !== 'string') throw new MappingFailed(this.manifest.id, 'memberId is needed to address the patron at Wise');
    return id;
  }
}
