import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConnectorHost } from '../connectors/connector-host';
import { IblConfirmation, IblConnector, IblSupplyReference } from '../connectors/ibl/ibl.connector';
import { GatewayError, NotFound } from '../errors/gateway-error';
import { Iso18626Action, Iso18626ErrorType, Iso18626Request, Iso18626Status, MessageInfo, ReasonForMessage } from '../mapping/iso18626/iso18626-types';
import { IllSupplyEntity } from './ill-supply.entity';

const SEND_TIMEOUT_MS = 30_000;

/** The statuses the library's operator sets through the API. */
export const SUPPLY_STATUSES = ['ExpectToSupply', 'WillSupply', 'Loaned', 'Unfilled'] as const satisfies readonly Iso18626Status[];
export type SupplyApiStatus = (typeof SUPPLY_STATUSES)[number];

/** A supplied loan's state: the last status we sent, or what the requesting library's action made it. */
export type SupplyState = 'RequestReceived' | SupplyApiStatus | 'Received' | 'ShippedReturn' | 'LoanCompleted' | 'Cancelled';

const CLOSED: readonly SupplyState[] = ['Unfilled', 'LoanCompleted', 'Cancelled'];
const BEFORE_LOAN: readonly SupplyState[] = ['RequestReceived', 'ExpectToSupply', 'WillSupply'];

/** Which of the operator's statuses may follow each state (repeating the current one is allowed too). */
const OPERATOR: Readonly<Record<SupplyState, readonly SupplyApiStatus[]>> = {
  RequestReceived: ['ExpectToSupply', 'WillSupply', 'Loaned', 'Unfilled'],
  ExpectToSupply: ['WillSupply', 'Loaned', 'Unfilled'],
  WillSupply: ['ExpectToSupply', 'Loaned', 'Unfilled'],
  Loaned: [],
  Unfilled: [],
  Received: [],
  ShippedReturn: [],
  LoanCompleted: [],
  Cancelled: [],
};

export interface SupplyHistoryEntry {
  readonly at: string;
  readonly by: 'library' | 'requester';
  /** 'Request', an action of theirs (Received, …) or a status of ours (Loaned, …). */
  readonly event: string;
  readonly state: SupplyState;
  readonly messageStatus?: 'OK' | 'ERROR';
  readonly errorType?: string;
}

/** A supplied loan as the API shows it: of the patron only their patron id (null once closed). */
export interface IllSupplyView {
  readonly supplyId: string;
  readonly requestingAgencyId: string;
  readonly requestingAgencyRequestId: string;
  readonly item: { readonly title: string; readonly author?: string; readonly isbn?: string; readonly recordId?: string };
  readonly patronId: string | null;
  readonly state: SupplyState;
  readonly history: readonly SupplyHistoryEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the inbound endpoint confirms: OK, or ERROR with its type and the path it is about. */
export type SupplyOutcome = { readonly ok: true } | { readonly ok: false; readonly errorType: Iso18626ErrorType; readonly errorValue: string };

function view(row: IllSupplyEntity): IllSupplyView {
  return {
    supplyId: row.id,
    requestingAgencyId: row.requestingAgencyId,
    requestingAgencyRequestId: row.requestingAgencyRequestId,
    item: {
      title: row.itemTitle,
      ...(row.itemAuthor !== null ? { author: row.itemAuthor } : {}),
      ...(row.itemIsbn !== null ? { isbn: row.itemIsbn } : {}),
      ...(row.itemRecordId !== null ? { recordId: row.itemRecordId } : {}),
    },
    patronId: row.patronId,
    state: row.state as SupplyState,
    history: JSON.parse(row.history) as SupplyHistoryEntry[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Surname and initials for the pickup slip: nothing else of the name. */
function slipName(surname: string | undefined, givenName: string | undefined): string | null {
  const initials = (givenName ?? '')
    .split(/[\s.]+/u)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}.`)
    .join('');
  const name = [(surname ?? '').trim(), initials].filter((part) => part !== '').join(', ');
  return name === '' ? null : name.slice(0, 200);
}

function fits(value: string | undefined, max: number): value is string {
  return value !== undefined && value.length <= max;
}

/**
 * Interlibrary loan as the supplying agency (issue 16): the partner library's Request for one of
 * Staphorst's items is kept as a supply (their ids, the item, the state, their patron id and a name for the
 * pickup slip — never their contact details); the operator's statuses go out as SupplyingAgencyMessages to
 * the partner library (IBL_BASE_URL); their Received, ShippedReturn and Cancel are confirmed, and a
 * ShippedReturn closes the loan with LoanCompleted, after which the patron data is forgotten.
 *
 * The item is not checked against the catalogue: the Wise connector (hka) has no call that looks an item
 * up, so any item is accepted and the operator answers Unfilled when it is not on the shelf.
 */
@Injectable()
export class IllSupplies implements OnApplicationShutdown {
  private readonly logger = new Logger('IllSupplies');
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async list(): Promise<IllSupplyView[]> {
    const rows = await this.dataSource.getRepository(IllSupplyEntity).find({ order: { createdAt: 'DESC' }, take: 500 });
    return rows.map(view);
  }

  async get(supplyId: string): Promise<IllSupplyView> {
    return view(await this.row(supplyId));
  }

  /** A Request from the partner library: stored (only what handling the loan needs) and confirmed. */
  async request(message: Iso18626Request): Promise<SupplyOutcome> {
    const ibl = this.connector();
    const header = message.header;
    if (header.supplyingAgencyId !== undefined && header.supplyingAgencyId.value !== ibl.requestingAgency.value) {
      return { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'request/header/supplyingAgencyId' };
    }
    // Status messages go to the one partner library the gateway knows (IBL_BASE_URL): a Request from another cannot be answered.
    if (header.requestingAgencyId.value !== ibl.supplyingAgency.value) return { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'request/header/requestingAgencyId' };
    if (!fits(header.requestingAgencyRequestId, 128) || header.requestingAgencyId.type.length > 64 || header.requestingAgencyId.value.length > 128) {
      return { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'request/header/requestingAgencyRequestId' };
    }
    const bib = message.bibliographicInfo;
    if (bib.title === undefined || bib.title.trim() === '' || bib.title.length > 500) return { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'request/bibliographicInfo/title' };
    const isbn = bib.itemIds?.find((id) => id.code.toUpperCase() === 'ISBN')?.identifier;
    const patron = message.patronInfo;
    const now = new Date().toISOString();
    const row: IllSupplyEntity = {
      id: `BGW-SUP-${randomUUID()}`,
      requestingAgencyType: header.requestingAgencyId.type,
      requestingAgencyId: header.requestingAgencyId.value,
      requestingAgencyRequestId: header.requestingAgencyRequestId,
      itemTitle: bib.title,
      itemAuthor: fits(bib.author, 500) ? bib.author : null,
      itemIsbn: fits(isbn, 32) ? isbn : null,
      itemRecordId: fits(bib.supplierUniqueRecordId, 128) ? bib.supplierUniqueRecordId : null,
      state: 'RequestReceived',
      patronId: fits(patron?.patronId, 128) ? patron.patronId : null,
      patronName: slipName(patron?.surname, patron?.givenName),
      history: JSON.stringify([{ at: now, by: 'requester', event: 'Request', state: 'RequestReceived', messageStatus: 'OK' } satisfies SupplyHistoryEntry]),
      createdAt: now,
      updatedAt: now,
    };
    const key = this.key(row.requestingAgencyType, row.requestingAgencyId, row.requestingAgencyRequestId);
    return this.exclusive(key, async () => {
      const repository = this.dataSource.getRepository(IllSupplyEntity);
      const existing = await repository.findOneBy({ requestingAgencyType: row.requestingAgencyType, requestingAgencyId: row.requestingAgencyId, requestingAgencyRequestId: row.requestingAgencyRequestId });
      const duplicate: SupplyOutcome = { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'request/header/requestingAgencyRequestId (a request with this id was received before)' };
      if (existing !== null) return duplicate;
      try {
        await repository.insert(row);
      } catch {
        return duplicate;
      }
      this.logger.log(`interlibrary loan ${row.id} to supply for ${row.requestingAgencyId}`);
      return { ok: true };
    });
  }

  /** POST …/supplies/{id}/status: a SupplyingAgencyMessage to the partner library, when the state allows it. */
  async setStatus(supplyId: string, status: SupplyApiStatus): Promise<IllSupplyView> {
    const ibl = this.connector();
    const first = await this.row(supplyId);
    return this.exclusive(this.key(first.requestingAgencyType, first.requestingAgencyId, first.requestingAgencyRequestId), async () => {
      const row = await this.row(supplyId);
      const state = row.state as SupplyState;
      if (status !== state && !OPERATOR[state].includes(status)) throw new GatewayError('ILL_STATUS_NOT_NOW', `${status} is not possible in state ${state}`, 409, { state });
      const reason: ReasonForMessage = state === 'RequestReceived' ? 'RequestResponse' : 'StatusChange';
      const info: MessageInfo = { reasonForMessage: reason, ...(status === 'Unfilled' ? { reasonUnfilled: 'NotAvailableForILL' } : {}) };
      const confirmation = await this.send(ibl, row, info, status);
      if (!confirmation.ok) {
        await this.append(row, { by: 'library', event: status, state, messageStatus: 'ERROR', errorType: confirmation.errorType });
        throw new GatewayError('ILL_STATUS_REFUSED', `the requesting library refused ${status}: ${confirmation.errorType}`, 409, { errorType: confirmation.errorType });
      }
      await this.append(row, { by: 'library', event: status, state: status, messageStatus: 'OK' }, status === 'Unfilled');
      return view(await this.row(supplyId));
    });
  }

  /**
   * A RequestingAgencyMessage about a loan we supply: Received, ShippedReturn (then LoanCompleted, sent
   * after the confirmation, and the patron data forgotten), Cancel (before the loan: Cancelled; after it:
   * refused with a CancelResponse N), StatusRequest and Notification.
   */
  async action(agency: { type: string; value: string }, theirRequestId: string, action: Iso18626Action): Promise<SupplyOutcome> {
    const unknown: SupplyOutcome = { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'requestingAgencyMessage/header/requestingAgencyRequestId' };
    const notNow: SupplyOutcome = { ok: false, errorType: 'UnrecognisedDataValue', errorValue: 'requestingAgencyMessage/action' };
    if (theirRequestId.length > 128 || agency.type.length > 64 || agency.value.length > 128) return unknown;
    this.connector(); // the status messages that answer go through it: refused up front when it is not enabled
    return this.exclusive(this.key(agency.type, agency.value, theirRequestId), async () => {
      const row = await this.dataSource.getRepository(IllSupplyEntity).findOneBy({ requestingAgencyType: agency.type, requestingAgencyId: agency.value, requestingAgencyRequestId: theirRequestId });
      if (row === null) return unknown;
      const state = row.state as SupplyState;
      switch (action) {
        case 'Received':
          if (state !== 'Loaned' && state !== 'Received') return this.refuse(row, action, notNow);
          await this.append(row, { by: 'requester', event: action, state: 'Received', messageStatus: 'OK' });
          return { ok: true };
        case 'ShippedReturn':
          if (state !== 'Loaned' && state !== 'Received') return this.refuse(row, action, notNow);
          await this.append(row, { by: 'requester', event: action, state: 'ShippedReturn', messageStatus: 'OK' });
          this.after(row.id, 'LoanCompleted', { reasonForMessage: 'StatusChange' });
          return { ok: true };
        case 'Cancel':
          if (CLOSED.includes(state)) return this.refuse(row, action, notNow);
          await this.append(row, { by: 'requester', event: action, state, messageStatus: 'OK' });
          if (BEFORE_LOAN.includes(state)) this.after(row.id, 'Cancelled', { reasonForMessage: 'CancelResponse', answerYesNo: 'Y' });
          else this.after(row.id, state, { reasonForMessage: 'CancelResponse', answerYesNo: 'N' });
          return { ok: true };
        case 'StatusRequest':
          await this.append(row, { by: 'requester', event: action, state, messageStatus: 'OK' });
          this.after(row.id, state, { reasonForMessage: 'StatusRequestResponse' });
          return { ok: true };
        case 'Notification':
          await this.append(row, { by: 'requester', event: action, state, messageStatus: 'OK' });
          return { ok: true };
        default:
          await this.append(row, { by: 'requester', event: action, state, messageStatus: 'ERROR', errorType: 'UnsupportedActionType' });
          return { ok: false, errorType: 'UnsupportedActionType', errorValue: 'requestingAgencyMessage/action' };
      }
    });
  }

  /** The status message that answers their action, sent after our confirmation of it (never inside it). */
  private after(supplyId: string, state: SupplyState, info: MessageInfo): void {
    const closes = state === 'LoanCompleted' || state === 'Cancelled';
    const work = new Promise((resolve) => setTimeout(resolve, 0)).then(async () => {
      const first = await this.row(supplyId);
      return this.exclusive(this.key(first.requestingAgencyType, first.requestingAgencyId, first.requestingAgencyRequestId), async () => {
        const row = await this.row(supplyId);
        // The loan is closed on our side whether or not the message arrives: the patron data goes now.
        if (closes) await this.dataSource.getRepository(IllSupplyEntity).update({ id: row.id }, { state, patronId: null, patronName: null, updatedAt: new Date().toISOString() });
        let confirmation: IblConfirmation;
        try {
          confirmation = await this.send(this.connector(), row, info, state as Iso18626Status);
        } catch (error) {
          const code = error instanceof GatewayError ? error.code : 'SEND_FAILED';
          this.logger.warn(`interlibrary loan ${supplyId}: ${state} not delivered (${code})`);
          await this.append(await this.row(supplyId), { by: 'library', event: state, state, errorType: code });
          return;
        }
        await this.append(await this.row(supplyId), { by: 'library', event: state, state, messageStatus: confirmation.ok ? 'OK' : 'ERROR', ...(confirmation.ok ? {} : { errorType: confirmation.errorType }) });
      });
    });
    const tracked = work.catch((error: unknown) => this.logger.warn(`interlibrary loan ${supplyId}: ${error instanceof Error ? error.message : String(error)}`));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async send(ibl: IblConnector, row: IllSupplyEntity, info: MessageInfo, status: Iso18626Status): Promise<IblConfirmation> {
    const loan: IblSupplyReference = {
      requestingAgencyId: { type: row.requestingAgencyType, value: row.requestingAgencyId },
      requestingAgencyRequestId: row.requestingAgencyRequestId,
      supplyingAgencyRequestId: row.id,
    };
    return ibl.sendStatus(loan, info, { status }, AbortSignal.timeout(SEND_TIMEOUT_MS));
  }

  private async refuse(row: IllSupplyEntity, action: Iso18626Action, outcome: SupplyOutcome): Promise<SupplyOutcome> {
    await this.append(row, { by: 'requester', event: action, state: row.state as SupplyState, messageStatus: 'ERROR', errorType: 'UnrecognisedDataValue' });
    return outcome;
  }

  /** One more history entry and the state after it; `forget` nulls the patron data (the loan is closed). */
  private async append(row: IllSupplyEntity, entry: Omit<SupplyHistoryEntry, 'at'>, forget = false): Promise<void> {
    const current = await this.row(row.id);
    const at = new Date().toISOString();
    const history = [...(JSON.parse(current.history) as SupplyHistoryEntry[]), { at, ...entry }];
    await this.dataSource
      .getRepository(IllSupplyEntity)
      .update({ id: row.id }, { state: entry.state, history: JSON.stringify(history), updatedAt: at, ...(forget ? { patronId: null, patronName: null } : {}) });
  }

  private async row(supplyId: string): Promise<IllSupplyEntity> {
    const row = supplyId.length > 64 ? null : await this.dataSource.getRepository(IllSupplyEntity).findOneBy({ id: supplyId });
    if (row === null) throw new NotFound('ILL_SUPPLY_UNKNOWN', `no interlibrary loan supplied as '${supplyId.slice(0, 80)}'`);
    return row;
  }

  private key(type: string, agency: string, requestId: string): string {
    return JSON.stringify([type, agency, requestId]);
  }

  /** Runs one loan's work after the work already queued for it. */
  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }

  private connector(): IblConnector {
    const ibl = this.connectors.enabled().find((connector): connector is IblConnector => connector instanceof IblConnector);
    if (ibl === undefined) throw new GatewayError('CONNECTOR_DISABLED', 'the interlibrary loan connector (ibl) is not enabled on this gateway (CONNECTORS)', 409);
    return ibl;
  }
}
