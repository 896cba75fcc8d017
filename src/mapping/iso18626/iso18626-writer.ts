import { Iso18626FieldRefused } from './iso18626-errors';
import {
  ACTIONS,
  ACTIONS_V1_2,
  AgencyId,
  BibliographicInfo,
  ConfirmationHeader,
  DeliveryInfo,
  ERROR_TYPES,
  ErrorData,
  ISO18626_NAMESPACE,
  Iso18626Message,
  Iso18626Request,
  Iso18626Version,
  MessageHeader,
  PatronInfo,
  PhysicalAddress,
  REASONS_FOR_MESSAGE,
  REQUEST_SUB_TYPES,
  REQUEST_TYPES,
  RequestConfirmation,
  RequestingAgencyMessage,
  RequestingAgencyMessageConfirmation,
  SERVICE_TYPES,
  STATUSES,
  STATUSES_V1_2,
  SupplyingAgencyMessage,
  SupplyingAgencyMessageConfirmation,
} from './iso18626-types';

/**
 * Writes ISO 18626 messages, strictly: every document is valid against the chosen schema (v1.2 by default,
 * the version the public implementations — ReShare mod-rs, Index Data's crosslink — exchange today; 2021-2
 * on request). A missing required field, a value over the gateway's bound, a code outside its list or a
 * key the writer does not know is refused with Iso18626FieldRefused naming the path, never the value.
 */

export interface Iso18626WriteOptions {
  readonly version?: Iso18626Version;
}

/** Bounds the gateway holds itself to (the schema has none): identifiers, short texts, notes, patron fields. */
export const ISO18626_LIMITS = {
  id: 128,
  code: 64,
  text: 500,
  note: 2000,
  patronId: 64,
  surname: 100,
  givenName: 40,
  email: 254,
  phone: 32,
  addressLine: 200,
} as const;

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** An xs:dateTime in UTC with milliseconds, as the writer expects timestamps. */
export function isoTimestamp(date: Date): string {
  return date.toISOString();
}

interface Node {
  readonly name: string;
  readonly text?: string;
  readonly children?: ReadonlyArray<Node | undefined>;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

function render(node: Node, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const children = (node.children ?? []).filter((child): child is Node => child !== undefined);
  if (node.children === undefined) {
    out.push(`${indent}<${node.name}>${escapeXml(node.text ?? '')}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}>`);
  for (const child of children) render(child, depth + 1, out);
  out.push(`${indent}</${node.name}>`);
}

function el(name: string, ...children: ReadonlyArray<Node | undefined>): Node {
  return { name, children };
}

/** A checked text: refused when missing (if required), too long, empty or not XML-safe. */
class Writer {
  constructor(readonly version: Iso18626Version) {}

  text(path: string, value: string | undefined, max: number, required = false): string | undefined {
    if (value === undefined) {
      if (required) throw new Iso18626FieldRefused(path, 'missing');
      return undefined;
    }
    if (typeof value !== 'string') throw new Iso18626FieldRefused(path, 'invalid');
    if (value.trim() === '') {
      if (required) throw new Iso18626FieldRefused(path, 'missing');
      throw new Iso18626FieldRefused(path, 'invalid');
    }
    if ([...value].length > max) throw new Iso18626FieldRefused(path, 'too-long');
    if (NOT_XML.test(value)) throw new Iso18626FieldRefused(path, 'invalid');
    return value;
  }

  leaf(path: string, name: string, value: string | undefined, max: number, required = false): Node | undefined {
    const text = this.text(`${path}/${name}`, value, max, required);
    return text === undefined ? undefined : { name, text };
  }

  dateTime(path: string, name: string, value: string | undefined, required = false): Node | undefined {
    const text = this.text(`${path}/${name}`, value, 40, required);
    if (text === undefined) return undefined;
    if (!DATE_TIME.test(text) || Number.isNaN(Date.parse(text))) throw new Iso18626FieldRefused(`${path}/${name}`, 'invalid');
    return { name, text };
  }

  code<T extends string>(path: string, name: string, value: T | undefined, allowed: readonly T[], required = false): Node | undefined {
    if (value === undefined) {
      if (required) throw new Iso18626FieldRefused(`${path}/${name}`, 'missing');
      return undefined;
    }
    if (!allowed.includes(value)) throw new Iso18626FieldRefused(`${path}/${name}`, 'invalid');
    return { name, text: value };
  }

  only(path: string, value: object | undefined, keys: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== 'object' || value === null) throw new Iso18626FieldRefused(path, 'invalid');
    for (const key of Object.keys(value)) {
      if (!keys.includes(key) && (value as Record<string, unknown>)[key] !== undefined) throw new Iso18626FieldRefused(`${path}/${key}`, 'not-allowed');
    }
  }

  agency(path: string, name: string, agency: AgencyId | undefined, required: boolean): Node | undefined {
    if (agency === undefined) {
      if (required) throw new Iso18626FieldRefused(`${path}/${name}`, 'missing');
      return undefined;
    }
    this.only(`${path}/${name}`, agency, ['type', 'value']);
    const here = `${path}/${name}`;
    return el(name, this.leaf(here, 'agencyIdType', agency.type, ISO18626_LIMITS.code, true), this.leaf(here, 'agencyIdValue', agency.value, ISO18626_LIMITS.id, true));
  }

  get v12(): boolean {
    return this.version === '1.2';
  }

  /** The header of a Request (and, per version, of the agency messages). */
  header(path: string, header: MessageHeader | undefined, kind: 'request' | 'supplyingAgencyMessage' | 'requestingAgencyMessage'): Node {
    if (header === undefined) throw new Iso18626FieldRefused(path, 'missing');
    this.only(path, header, ['supplyingAgencyId', 'requestingAgencyId', 'multipleItemRequestId', 'timestamp', 'requestingAgencyRequestId', 'supplyingAgencyRequestId']);
    const here = `${path}/header`;
    const supplyingRequired = this.v12 || kind !== 'request';
    // v1.2 requires multipleItemRequestId in every header (empty when there is none, as ReShare and crosslink write it);
    // 2021-2 has it in a Request's header only, optional.
    const multiple = this.v12
      ? { name: 'multipleItemRequestId', text: this.text(`${here}/multipleItemRequestId`, header.multipleItemRequestId, ISO18626_LIMITS.id) ?? '' }
      : kind === 'request'
        ? this.leaf(here, 'multipleItemRequestId', header.multipleItemRequestId, ISO18626_LIMITS.id)
        : undefined;
    if (!this.v12 && kind !== 'request' && header.multipleItemRequestId !== undefined) throw new Iso18626FieldRefused(`${here}/multipleItemRequestId`, 'not-in-version');
    if (!this.v12 && kind === 'request' && header.supplyingAgencyRequestId !== undefined) throw new Iso18626FieldRefused(`${here}/supplyingAgencyRequestId`, 'not-in-version');
    return el(
      'header',
      this.agency(here, 'supplyingAgencyId', header.supplyingAgencyId, supplyingRequired),
      this.agency(here, 'requestingAgencyId', header.requestingAgencyId, true),
      multiple,
      this.dateTime(here, 'timestamp', header.timestamp, true),
      this.leaf(here, 'requestingAgencyRequestId', header.requestingAgencyRequestId, ISO18626_LIMITS.id, true),
      this.leaf(here, 'supplyingAgencyRequestId', header.supplyingAgencyRequestId, ISO18626_LIMITS.id),
    );
  }

  physicalAddress(path: string, address: PhysicalAddress | undefined): Node | undefined {
    if (address === undefined) return undefined;
    this.only(path, address, ['line1', 'line2', 'locality', 'postalCode', 'country']);
    const fields = [
      this.leaf(path, 'line1', address.line1, ISO18626_LIMITS.addressLine),
      this.leaf(path, 'line2', address.line2, ISO18626_LIMITS.addressLine),
      this.leaf(path, 'locality', address.locality, ISO18626_LIMITS.addressLine),
      this.leaf(path, 'postalCode', address.postalCode, 16),
      this.leaf(path, 'country', address.country, 3),
    ];
    if (fields.every((field) => field === undefined)) throw new Iso18626FieldRefused(path, 'missing');
    return el('address', el('physicalAddress', ...fields));
  }

  bibliographic(path: string, info: BibliographicInfo | undefined): Node {
    if (info === undefined) throw new Iso18626FieldRefused(path, 'missing');
    this.only(path, info, ['supplierUniqueRecordId', 'title', 'author', 'subtitle', 'seriesTitle', 'edition', 'volume', 'itemIds']);
    const t = ISO18626_LIMITS.text;
    const ids = (info.itemIds ?? []).map((id, index) => {
      const here = `${path}/bibliographicItemId[${index}]`;
      this.only(here, id, ['code', 'identifier']);
      const identifier = this.leaf(here, 'bibliographicItemIdentifier', id.identifier, ISO18626_LIMITS.id, true);
      const code = this.leaf(here, 'bibliographicItemIdentifierCode', id.code, ISO18626_LIMITS.code, true);
      // 2021-2 swapped the two, to the order the standard's text gives.
      return this.v12 ? el('bibliographicItemId', identifier, code) : el('bibliographicItemId', code, identifier);
    });
    const fields = [
      this.leaf(path, 'supplierUniqueRecordId', info.supplierUniqueRecordId, ISO18626_LIMITS.id),
      this.leaf(path, 'title', info.title, t),
      this.leaf(path, 'author', info.author, t),
      this.leaf(path, 'subtitle', info.subtitle, t),
      this.leaf(path, 'seriesTitle', info.seriesTitle, t),
      this.leaf(path, 'edition', info.edition, t),
      this.leaf(path, 'volume', info.volume, ISO18626_LIMITS.code),
    ];
    if (fields.every((field) => field === undefined) && ids.length === 0) throw new Iso18626FieldRefused(`${path}/title`, 'missing');
    return el('bibliographicInfo', ...fields, ...ids);
  }

  patron(path: string, patron: PatronInfo | undefined): Node | undefined {
    if (patron === undefined) return undefined;
    this.only(path, patron, ['patronId', 'surname', 'givenName', 'email', 'phone', 'address']);
    const L = ISO18626_LIMITS;
    const electronic = (type: string, value: string | undefined, max: number): Node | undefined => {
      const text = this.text(`${path}/${type}`, value, max);
      if (text === undefined) return undefined;
      if (type === 'email' && !/^[^\s@]+@[^\s@]+$/.test(text)) throw new Iso18626FieldRefused(`${path}/email`, 'invalid');
      return el('address', el('electronicAddress', { name: 'electronicAddressType', text: type }, { name: 'electronicAddressData', text }));
    };
    const address = this.physicalAddress(`${path}/address`, patron.address);
    return el(
      'patronInfo',
      this.leaf(path, 'patronId', patron.patronId, L.patronId),
      this.leaf(path, 'surname', patron.surname, L.surname),
      this.leaf(path, 'givenName', patron.givenName, L.givenName),
      electronic('email', patron.email, L.email),
      electronic('phone', patron.phone, L.phone),
      address,
    );
  }

  request(request: Iso18626Request): Node {
    const path = 'request';
    this.only(path, request, ['kind', 'header', 'bibliographicInfo', 'publicationInfo', 'serviceInfo', 'pickupLocation', 'patronInfo']);
    const publication = request.publicationInfo;
    this.only(`${path}/publicationInfo`, publication, ['publisher', 'publicationDate', 'placeOfPublication']);
    const service = request.serviceInfo;
    // 2021-2 requires serviceInfo; v1.2 allows leaving it out.
    if (service === undefined && !this.v12) throw new Iso18626FieldRefused(`${path}/serviceInfo`, 'missing');
    this.only(`${path}/serviceInfo`, service, ['requestType', 'requestSubType', 'serviceType', 'needBeforeDate', 'note']);
    const s = `${path}/serviceInfo`;
    return el(
      'request',
      this.header(path, request.header, 'request'),
      this.bibliographic(`${path}/bibliographicInfo`, request.bibliographicInfo),
      publication === undefined
        ? undefined
        : el(
            'publicationInfo',
            this.leaf(`${path}/publicationInfo`, 'publisher', publication.publisher, ISO18626_LIMITS.text),
            this.leaf(`${path}/publicationInfo`, 'publicationDate', publication.publicationDate, ISO18626_LIMITS.code),
            this.leaf(`${path}/publicationInfo`, 'placeOfPublication', publication.placeOfPublication, ISO18626_LIMITS.text),
          ),
      service === undefined
        ? undefined
        : el(
            'serviceInfo',
            this.code(s, 'requestType', service.requestType, REQUEST_TYPES),
            this.code(s, 'requestSubType', service.requestSubType, REQUEST_SUB_TYPES),
            this.code(s, 'serviceType', service.serviceType, SERVICE_TYPES, true),
            this.dateTime(s, 'needBeforeDate', service.needBeforeDate),
            this.leaf(s, 'note', service.note, ISO18626_LIMITS.note),
          ),
      request.pickupLocation === undefined ? undefined : el('requestedDeliveryInfo', this.physicalAddress(`${path}/requestedDeliveryInfo/address/physicalAddress`, request.pickupLocation)),
      this.patron(`${path}/patronInfo`, request.patronInfo),
    );
  }

  delivery(path: string, delivery: DeliveryInfo | undefined): Node | undefined {
    if (delivery === undefined) return undefined;
    this.only(path, delivery, ['dateSent', 'itemId', 'sentVia', 'sentToPatron', 'loanCondition']);
    if (delivery.sentToPatron !== undefined && typeof delivery.sentToPatron !== 'boolean') throw new Iso18626FieldRefused(`${path}/sentToPatron`, 'invalid');
    const sentToPatron = delivery.sentToPatron === undefined ? undefined : { name: 'sentToPatron', text: String(delivery.sentToPatron) };
    const itemId = this.leaf(path, 'itemId', delivery.itemId, ISO18626_LIMITS.id);
    const loanCondition = this.leaf(path, 'loanCondition', delivery.loanCondition, ISO18626_LIMITS.code);
    if (this.v12) {
      return el('deliveryInfo', this.dateTime(path, 'dateSent', delivery.dateSent, true), itemId, this.leaf(path, 'sentVia', delivery.sentVia, ISO18626_LIMITS.code), sentToPatron, loanCondition);
    }
    return el('deliveryInfo', this.dateTime(path, 'dateSent', delivery.dateSent, true), itemId, this.leaf(path, 'deliveryMethod', delivery.sentVia, ISO18626_LIMITS.code), sentToPatron, loanCondition);
  }

  supplyingAgencyMessage(message: SupplyingAgencyMessage): Node {
    const path = 'supplyingAgencyMessage';
    this.only(path, message, ['kind', 'header', 'messageInfo', 'statusInfo', 'deliveryInfo']);
    const info = message.messageInfo;
    if (info === undefined) throw new Iso18626FieldRefused(`${path}/messageInfo`, 'missing');
    this.only(`${path}/messageInfo`, info, ['reasonForMessage', 'answerYesNo', 'note', 'reasonUnfilled']);
    const status = message.statusInfo;
    if (status === undefined) throw new Iso18626FieldRefused(`${path}/statusInfo`, 'missing');
    this.only(`${path}/statusInfo`, status, ['status', 'expectedDeliveryDate', 'dueDate', 'lastChange']);
    const m = `${path}/messageInfo`;
    const st = `${path}/statusInfo`;
    if (!this.v12 || STATUSES_V1_2.includes(status.status)) {
      // fine
    } else if (STATUSES.includes(status.status)) {
      throw new Iso18626FieldRefused(`${st}/status`, 'not-in-version');
    }
    return el(
      'supplyingAgencyMessage',
      this.header(path, message.header, 'supplyingAgencyMessage'),
      el(
        'messageInfo',
        this.code(m, 'reasonForMessage', info.reasonForMessage, REASONS_FOR_MESSAGE, true),
        this.code(m, 'answerYesNo', info.answerYesNo, ['Y', 'N']),
        this.leaf(m, 'note', info.note, ISO18626_LIMITS.note),
        this.leaf(m, 'reasonUnfilled', info.reasonUnfilled, ISO18626_LIMITS.code),
      ),
      el(
        'statusInfo',
        this.code(st, 'status', status.status, this.v12 ? STATUSES_V1_2 : STATUSES, true),
        this.dateTime(st, 'expectedDeliveryDate', status.expectedDeliveryDate),
        this.dateTime(st, 'dueDate', status.dueDate),
        this.dateTime(st, 'lastChange', status.lastChange, true),
      ),
      this.delivery(`${path}/deliveryInfo`, message.deliveryInfo),
    );
  }

  requestingAgencyMessage(message: RequestingAgencyMessage): Node {
    const path = 'requestingAgencyMessage';
    this.only(path, message, ['kind', 'header', 'action', 'note']);
    if (this.v12 && ACTIONS.includes(message.action) && !ACTIONS_V1_2.includes(message.action)) throw new Iso18626FieldRefused(`${path}/action`, 'not-in-version');
    return el(
      'requestingAgencyMessage',
      this.header(path, message.header, 'requestingAgencyMessage'),
      this.code(path, 'action', message.action, this.v12 ? ACTIONS_V1_2 : ACTIONS, true),
      this.leaf(path, 'note', message.note, ISO18626_LIMITS.note),
    );
  }

  confirmationHeader(path: string, header: ConfirmationHeader | undefined): Node {
    if (header === undefined) throw new Iso18626FieldRefused(`${path}/confirmationHeader`, 'missing');
    const here = `${path}/confirmationHeader`;
    this.only(here, header, ['supplyingAgencyId', 'requestingAgencyId', 'timestamp', 'requestingAgencyRequestId', 'multipleItemRequestId', 'timestampReceived', 'messageStatus']);
    if (!this.v12 && header.multipleItemRequestId !== undefined) throw new Iso18626FieldRefused(`${here}/multipleItemRequestId`, 'not-in-version');
    return el(
      'confirmationHeader',
      this.agency(here, 'supplyingAgencyId', header.supplyingAgencyId, false),
      this.agency(here, 'requestingAgencyId', header.requestingAgencyId, false),
      this.dateTime(here, 'timestamp', header.timestamp, true),
      this.leaf(here, 'requestingAgencyRequestId', header.requestingAgencyRequestId, ISO18626_LIMITS.id),
      this.v12 ? this.leaf(here, 'multipleItemRequestId', header.multipleItemRequestId, ISO18626_LIMITS.id) : undefined,
      this.dateTime(here, 'timestampReceived', header.timestampReceived, true),
      this.code(here, 'messageStatus', header.messageStatus, ['OK', 'ERROR'], true),
    );
  }

  errorData(path: string, error: ErrorData | undefined, status: string | undefined): Node | undefined {
    if (status === 'ERROR' && error === undefined) throw new Iso18626FieldRefused(`${path}/errorData`, 'missing');
    if (error === undefined) return undefined;
    if (status === 'OK') throw new Iso18626FieldRefused(`${path}/errorData`, 'not-allowed');
    const here = `${path}/errorData`;
    this.only(here, error, ['errorType', 'errorValue']);
    return el('errorData', this.code(here, 'errorType', error.errorType, ERROR_TYPES, true), this.leaf(here, 'errorValue', error.errorValue, ISO18626_LIMITS.text));
  }

  confirmation(message: RequestConfirmation | SupplyingAgencyMessageConfirmation | RequestingAgencyMessageConfirmation): Node {
    const path = message.kind;
    const status = message.confirmationHeader?.messageStatus;
    switch (message.kind) {
      case 'requestConfirmation':
        this.only(path, message, ['kind', 'confirmationHeader', 'errorData']);
        return el(path, this.confirmationHeader(path, message.confirmationHeader), this.errorData(path, message.errorData, status));
      case 'supplyingAgencyMessageConfirmation':
        this.only(path, message, ['kind', 'confirmationHeader', 'reasonForMessage', 'errorData']);
        return el(
          path,
          this.confirmationHeader(path, message.confirmationHeader),
          this.code(path, 'reasonForMessage', message.reasonForMessage, REASONS_FOR_MESSAGE),
          this.errorData(path, message.errorData, status),
        );
      case 'requestingAgencyMessageConfirmation':
        this.only(path, message, ['kind', 'confirmationHeader', 'action', 'errorData']);
        return el(
          path,
          this.confirmationHeader(path, message.confirmationHeader),
          this.code(path, 'action', message.action, this.v12 ? ACTIONS_V1_2 : ACTIONS),
          this.errorData(path, message.errorData, status),
        );
    }
  }
}

/**
 * Any ISO 18626 message as an ISO18626Message document: XML declaration, the namespace as default and
 * as `ill:` for the (qualified) version attribute, two-space indentation, a final newline.
 */
export function writeIso18626(message: Iso18626Message, options: Iso18626WriteOptions = {}): string {
  const version = options.version ?? '1.2';
  const writer = new Writer(version);
  let body: Node;
  switch (message.kind) {
    case 'request':
      body = writer.request(message);
      break;
    case 'supplyingAgencyMessage':
      body = writer.supplyingAgencyMessage(message);
      break;
    case 'requestingAgencyMessage':
      body = writer.requestingAgencyMessage(message);
      break;
    case 'requestConfirmation':
    case 'supplyingAgencyMessageConfirmation':
    case 'requestingAgencyMessageConfirmation':
      body = writer.confirmation(message);
      break;
    default:
      throw new Iso18626FieldRefused('ISO18626Message', 'invalid');
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="${version}">`];
  render(body, 1, out);
  out.push('</ISO18626Message>');
  return `${out.join('\n')}\n`;
}

export function writeRequest(request: Omit<Iso18626Request, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...request, kind: 'request' }, options);
}

export function writeSupplyingAgencyMessage(message: Omit<SupplyingAgencyMessage, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...message, kind: 'supplyingAgencyMessage' }, options);
}

export function writeRequestingAgencyMessage(message: Omit<RequestingAgencyMessage, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...message, kind: 'requestingAgencyMessage' }, options);
}

export function writeRequestConfirmation(message: Omit<RequestConfirmation, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...message, kind: 'requestConfirmation' }, options);
}

export function writeSupplyingAgencyMessageConfirmation(message: Omit<SupplyingAgencyMessageConfirmation, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...message, kind: 'supplyingAgencyMessageConfirmation' }, options);
}

export function writeRequestingAgencyMessageConfirmation(message: Omit<RequestingAgencyMessageConfirmation, 'kind'>, options?: Iso18626WriteOptions): string {
  return writeIso18626({ ...message, kind: 'requestingAgencyMessageConfirmation' }, options);
}
