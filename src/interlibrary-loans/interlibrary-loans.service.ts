import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerService } from '../audit/ledger.service';
import { ConnectorHost } from '../connectors/connector-host';
import { IblConfirmation, IblConnector, IblItem } from '../connectors/ibl/ibl.connector';
import { iblManifest } from '../connectors/ibl/ibl.manifest';
import { GatewayError, NotFound, ValidationFailed } from '../errors/gateway-error';
import { MemberSource } from '../exchange/member-source';
import { GatewayCounters } from '../metrics/gateway-counters';
import { IllRequestState, isClosed, nextState } from '../mapping/iso18626/iso18626-state';
import { Iso18626Action, Iso18626Status } from '../mapping/iso18626/iso18626-types';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { IllRequestEntity } from './ill-request.entity';

const PARTNER = iblManifest.id;
const PURPOSE = 'interlibrary-loan';
/** What the Request's patron part carries of the release (ibl.connector.ts): the ledger records these, not what the policy would allow besides. */
const SENT_PATHS = new Set(['memberId', 'name.firstNames', 'name.prefix', 'name.lastName']);
const SEND_TIMEOUT_MS = 30_000;

/** The actions the library takes through the API. */
export const ILL_ACTIONS = ['Received', 'ShippedReturn', 'Cancel'] as const satisfies readonly Iso18626Action[];
export type IllApiAction = (typeof ILL_ACTIONS)[number];

/** States the gateway adds to ISO 18626's: the supplier refused the Request, or it could not be delivered. */
export type IllState = IllRequestState | 'Refused' | 'NotDelivered';

/** One step of a loan's history: who did what, and the state after it. No member data. */
export interface IllHistoryEntry {
  readonly at: string;
  readonly by: 'library' | 'supplier';
  /** 'Request', an action (Received, …) or a supplier status (Loaned, …). */
  readonly event: string;
  readonly state: IllState;
  /** The confirmation our message got, or the one we gave the supplier's. */
  readonly messageStatus?: 'OK' | 'ERROR';
  readonly errorType?: string;
}

export interface IllRequestInput {
  readonly memberId: string;
  readonly supplyingAgencyId?: string;
  readonly item: IblItem;
  readonly pickupBranchId?: string;
}

/** A loan as the API shows it: the member's id and nothing else of the member. */
export interface IllRequestView {
  readonly requestId: string;
  readonly memberId: string;
  readonly supplyingAgencyId: string;
  readonly item: IblItem;
  readonly pickupBranchId: string | null;
  readonly state: IllState;
  readonly errorType: string | null;
  readonly lastMessage: string | null;
  readonly history: readonly IllHistoryEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A loan in the list (GET /api/v1/partners/ibl/requests): the view of one request without its history. */
export type IllRequestSummary = Omit<IllRequestView, 'history'>;

/** How many loans the list shows at most, newest first. */
export const ILL_LIST_LIMIT = 200;

/** The outcome of a supplier's status message, for the confirmation. */
export type SupplierMessageOutcome = { readonly ok: true; readonly state: IllState } | { readonly ok: false; readonly errorType: 'UnrecognisedDataValue'; readonly errorValue: string };

function view(row: IllRequestEntity): IllRequestView {
  return {
    requestId: row.id,
    memberId: row.memberId,
    supplyingAgencyId: row.supplyingAgencyId,
    item: { title: row.itemTitle, ...(row.itemAuthor !== null ? { author: row.itemAuthor } : {}), ...(row.itemIsbn !== null ? { isbn: row.itemIsbn } : {}) },
    pickupBranchId: row.pickupBranchId,
    state: row.state as IllState,
    errorType: row.errorType,
    lastMessage: row.lastMessage,
    history: JSON.parse(row.history) as IllHistoryEntry[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Interlibrary loan as the requesting agency (issue 16): a member's wish becomes an ISO 18626 Request to
 * the supplying library, the patron part only what the `ibl` policy's `interlibrary-loan` purpose releases
 * (and of that the pseudonym, initials and surname), recorded in the ledger before it leaves; the supplier's
 * status messages and our own actions move the loan through ISO 18626's states (nextState).
 *
 * One loan's messages are handled one at a time (in this process): a status the supplier sends right after
 * confirming our message waits until that confirmation is recorded.
 */
@Injectable()
export class InterlibraryLoans {
  private readonly logger = new Logger('InterlibraryLoans');
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly ledger: LedgerService,
    private readonly counters: GatewayCounters,
  ) {}

  /** GET /api/v1/partners/ibl/requests: the newest loans first, at most ILL_LIST_LIMIT, without their history. */
  async list(): Promise<IllRequestSummary[]> {
    const rows = await this.dataSource.getRepository(IllRequestEntity).find({ order: { createdAt: 'DESC', id: 'DESC' }, take: ILL_LIST_LIMIT });
    return rows.map((row) => {
      const { history: _history, ...summary } = view(row);
      return summary;
    });
  }

  async get(requestId: string): Promise<IllRequestView> {
    return view(await this.row(requestId));
  }

  /** POST /api/v1/partners/ibl/requests: the member through the ibl policy, the ledger, then the Request. */
  async request(input: IllRequestInput, requestedBy: string): Promise<IllRequestView> {
    const ibl = this.connector();
    if (input.supplyingAgencyId !== undefined && input.supplyingAgencyId !== ibl.supplyingAgency.value) {
      throw new ValidationFailed('interlibrary loan request', [{ path: 'supplyingAgencyId', message: `this gateway asks one library: '${ibl.supplyingAgency.value}'` }]);
    }
    const member = await this.members.byId(input.memberId, AbortSignal.timeout(SEND_TIMEOUT_MS), new Set());
    let payload;
    try {
      payload = (await this.policies.compiledPolicy(PARTNER)).release(member, PURPOSE);
    } catch (error) {
      if (error instanceof PolicyRefusal) this.counters.refusal(PARTNER, error.code);
      throw error;
    }
    const requestId = `BGW-ILL-${randomUUID()}`;
    const message = ibl.prepareRequest(payload, { requestId, item: input.item, ...(input.pickupBranchId !== undefined ? { pickupBranchId: input.pickupBranchId } : {}) });
    const now = new Date().toISOString();
    const row: IllRequestEntity = {
      id: requestId,
      memberId: member.memberId,
      supplyingAgencyId: ibl.supplyingAgency.value,
      itemTitle: input.item.title,
      itemAuthor: input.item.author ?? null,
      itemIsbn: input.item.isbn ?? null,
      pickupBranchId: input.pickupBranchId ?? null,
      state: 'Requested',
      errorType: null,
      history: '[]',
      lastMessage: null,
      requestedBy,
      createdAt: now,
      updatedAt: now,
    };
    const origin = payload.origin;
    const fields = payload.disclosedFields().filter((field) => SENT_PATHS.has(field.path) || field.transform === 'inferred');
    return this.exclusive(requestId, async () => {
      // The loan and its ledger entry commit together, before a byte leaves.
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(IllRequestEntity).insert(row);
        await this.ledger.record(
          { memberId: member.memberId, partner: PARTNER, purpose: PURPOSE, policyVersion: origin.policyVersion, policyHash: origin.policyHash, agreementReference: origin.agreementReference, fields, exchangeId: requestId },
          manager,
        );
      });
      let confirmation: IblConfirmation;
      try {
        confirmation = await ibl.send(message.body, AbortSignal.timeout(SEND_TIMEOUT_MS));
      } catch (error) {
        const code = error instanceof GatewayError ? error.code : 'SEND_FAILED';
        this.logger.warn(`interlibrary loan ${requestId} not delivered: ${code}`);
        await this.append(requestId, { by: 'library', event: 'Request', state: 'NotDelivered', errorType: code }, code);
        throw error;
      }
      if (!confirmation.ok) {
        await this.append(requestId, { by: 'library', event: 'Request', state: 'Refused', messageStatus: 'ERROR', errorType: confirmation.errorType }, confirmation.errorType);
      } else {
        await this.append(requestId, { by: 'library', event: 'Request', state: 'Requested', messageStatus: 'OK' });
      }
      return view(await this.row(requestId));
    });
  }

  /** POST …/requests/{id}/actions: a RequestingAgencyMessage, if the loan's state allows the action. */
  async act(requestId: string, action: IllApiAction): Promise<IllRequestView> {
    const ibl = this.connector();
    return this.exclusive(requestId, async () => {
      const row = await this.row(requestId);
      const state = row.state as IllState;
      if (state === 'Refused' || state === 'NotDelivered') throw new GatewayError('ILL_ACTION_NOT_NOW', `the request never reached the supplying library (${state})`, 409);
      const transition = nextState(state, { by: 'requester', action });
      if (!transition.ok) throw new GatewayError('ILL_ACTION_NOT_NOW', `${action} is not possible in state ${state} (${transition.reason})`, 409, { state, reason: transition.reason });
      const confirmation = await ibl.sendAction(requestId, action, AbortSignal.timeout(SEND_TIMEOUT_MS));
      if (!confirmation.ok) {
        await this.append(requestId, { by: 'library', event: action, state, messageStatus: 'ERROR', errorType: confirmation.errorType });
        throw new GatewayError('ILL_ACTION_REFUSED', `the supplying library refused ${action}: ${confirmation.errorType}`, 409, { errorType: confirmation.errorType });
      }
      await this.append(requestId, { by: 'library', event: action, state: transition.state, messageStatus: 'OK' });
      return view(await this.row(requestId));
    });
  }

  /** A SupplyingAgencyMessage's status for one of our requests: stored if nextState allows it. */
  async supplierStatus(requestId: string, status: Iso18626Status): Promise<SupplierMessageOutcome> {
    const unknown: SupplierMessageOutcome = { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'supplyingAgencyMessage/header/requestingAgencyRequestId' };
    if (requestId.length > 64) return unknown;
    return this.exclusive(requestId, async () => {
      const row = await this.dataSource.getRepository(IllRequestEntity).findOneBy({ id: requestId });
      if (row === null) return unknown;
      const state = row.state as IllState;
      const refused: SupplierMessageOutcome = { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'supplyingAgencyMessage/statusInfo/status' };
      const transition = state === 'Refused' || state === 'NotDelivered' ? undefined : nextState(state, { by: 'supplier', status });
      if (transition === undefined || !transition.ok) {
        await this.append(requestId, { by: 'supplier', event: status, state, messageStatus: 'ERROR', errorType: 'UnrecognisedDataValue' });
        return refused;
      }
      await this.append(requestId, { by: 'supplier', event: status, state: transition.state, messageStatus: 'OK' });
      if (isClosed(transition.state)) this.logger.log(`interlibrary loan ${requestId} closed: ${transition.state}`);
      return { ok: true, state: transition.state };
    });
  }

  private async append(requestId: string, entry: Omit<IllHistoryEntry, 'at'>, errorType?: string): Promise<void> {
    const repository = this.dataSource.getRepository(IllRequestEntity);
    const row = await this.row(requestId);
    const at = new Date().toISOString();
    const history = [...(JSON.parse(row.history) as IllHistoryEntry[]), { at, ...entry }];
    await repository.update(
      { id: requestId },
      {
        state: entry.state,
        history: JSON.stringify(history),
        lastMessage: `${entry.by === 'library' ? (entry.event === 'Request' ? 'request' : 'requestingAgencyMessage') : 'supplyingAgencyMessage'} ${entry.event} ${entry.messageStatus ?? 'not delivered'}`.slice(0, 200),
        updatedAt: at,
        ...(errorType !== undefined ? { errorType } : {}),
      },
    );
  }

  private async row(requestId: string): Promise<IllRequestEntity> {
    const row = requestId.length > 64 ? null : await this.dataSource.getRepository(IllRequestEntity).findOneBy({ id: requestId });
    if (row === null) throw new NotFound('ILL_REQUEST_UNKNOWN', `no interlibrary loan request '${requestId.slice(0, 80)}'`);
    return row;
  }

  /** Runs one loan's work after the work already queued for it. */
  private async exclusive<T>(requestId: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(requestId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.locks.set(requestId, tail);
    void tail.then(() => {
      if (this.locks.get(requestId) === tail) this.locks.delete(requestId);
    });
    return run;
  }

  private connector(): IblConnector {
    const ibl = this.connectors.enabled().find((connector): connector is IblConnector => connector instanceof IblConnector);
    if (ibl === undefined) throw new GatewayError('CONNECTOR_DISABLED', 'the interlibrary loan connector (ibl) is not enabled on this gateway (CONNECTORS)', 409);
    return ibl;
  }
}
