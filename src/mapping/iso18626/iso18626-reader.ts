import { DEFAULT_XML_LIMITS, UnsafeXml, UnsafeXmlReason, XmlLimits } from '../xml/xml-safety';
import { attributeOf, readXmlTree, XmlElement, XmlNotWellFormed } from '../xml/xml-tree';
import {
  ACTIONS,
  AgencyId,
  BibliographicInfo,
  BibliographicItemId,
  ConfirmationHeader,
  DeliveryInfo,
  ERROR_TYPES,
  ErrorData,
  ISO18626_NAMESPACE,
  Iso18626Action,
  Iso18626ErrorType,
  Iso18626Message,
  Iso18626MessageKind,
  Iso18626Request,
  MESSAGE_KINDS,
  MessageHeader,
  PatronInfo,
  PhysicalAddress,
  PublicationInfo,
  REASONS_FOR_MESSAGE,
  ReasonForMessage,
  REQUEST_SUB_TYPES,
  REQUEST_TYPES,
  SERVICE_TYPES,
  ServiceInfo,
  STATUSES,
} from './iso18626-types';

/**
 * Reads ISO 18626 messages, liberally: the ISO18626Message envelope with any prefix or a bare message
 * element (as mod-rs' fixtures are), any schema version (both share one namespace), elements in either
 * version's order, empty elements taken as absent, elements the gateway does not use ignored. Through the
 * project's hardened XML reader (no DTD, no entities, bounded size and depth).
 *
 * What cannot be read is no exception but a failure value carrying the ISO 18626 errorType and an
 * errorValue that names the element's path (never its content), and what could be read of the header,
 * so the caller answers with an ERROR confirmation (`confirmationFor`).
 */

/** ISO 18626 messages are small; 256 KiB and 32 levels are plenty. */
export const ISO18626_XML_LIMITS: XmlLimits = { maxBytes: 262_144, maxDepth: 32 };

export interface Iso18626ReadSuccess {
  readonly ok: true;
  /** The envelope's version attribute ('1.2', '2021-2', …), absent for a bare message element. */
  readonly version?: string;
  readonly message: Iso18626Message;
}

/** What a confirmation echoes: the ids of the message being answered, as far as they could be read. */
export interface EchoedIds {
  readonly supplyingAgencyId?: AgencyId;
  readonly requestingAgencyId?: AgencyId;
  readonly requestingAgencyRequestId?: string;
  readonly multipleItemRequestId?: string;
}

export interface Iso18626ReadFailure {
  readonly ok: false;
  /** The kind of message it was, when the root said so (then the caller knows which confirmation to send). */
  readonly kind?: Iso18626MessageKind;
  readonly errorType: Iso18626ErrorType;
  /** The path of the offending element; never its value. */
  readonly errorValue: string;
  readonly echo: EchoedIds;
  /** Set when the hardened reader refused the document (DTD, entity, too large, too deep, …). */
  readonly unsafe?: UnsafeXmlReason;
  /** The action or reason of the message when it was readable (a confirmation echoes it). */
  readonly action?: string;
  readonly reasonForMessage?: string;
}

export type Iso18626ReadResult = Iso18626ReadSuccess | Iso18626ReadFailure;

class ReadProblem extends Error {
  constructor(
    readonly errorType: Iso18626ErrorType,
    readonly path: string,
  ) {
    super(`${errorType} at ${path}`);
  }
}

/** A reader over one namespace: empty elements are absent, text is trimmed. */
class Reader {
  constructor(readonly ns: string) {}

  child(element: XmlElement | undefined, name: string): XmlElement | undefined {
    return element?.children.find((child) => child.uri === this.ns && child.local === name);
  }

  children(element: XmlElement | undefined, name: string): XmlElement[] {
    return element?.children.filter((child) => child.uri === this.ns && child.local === name) ?? [];
  }

  text(element: XmlElement | undefined, name: string): string | undefined {
    const found = this.child(element, name);
    if (found === undefined || found.children.length > 0) return undefined;
    const text = found.text.trim();
    return text === '' ? undefined : text;
  }

  required(element: XmlElement | undefined, name: string, path: string): string {
    const text = this.text(element, name);
    if (text === undefined) throw new ReadProblem('BadlyFormedMessage', `${path}/${name}`);
    return text;
  }

  code<T extends string>(element: XmlElement | undefined, name: string, path: string, allowed: readonly T[], required: boolean, unknown: Iso18626ErrorType = 'UnrecognisedDataValue'): T | undefined {
    const text = required ? this.required(element, name, path) : this.text(element, name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) throw new ReadProblem(unknown, `${path}/${name}`);
    return text as T;
  }

  agency(element: XmlElement | undefined, name: string, path: string, required: boolean): AgencyId | undefined {
    const found = this.child(element, name);
    if (found === undefined) {
      if (required) throw new ReadProblem('BadlyFormedMessage', `${path}/${name}`);
      return undefined;
    }
    const type = this.text(found, 'agencyIdType');
    const value = this.text(found, 'agencyIdValue');
    if (type === undefined && value === undefined && !required) return undefined;
    return { type: this.required(found, 'agencyIdType', `${path}/${name}`), value: this.required(found, 'agencyIdValue', `${path}/${name}`) };
  }

  header(message: XmlElement, path: string, supplyingRequired: boolean): MessageHeader {
    const header = this.child(message, 'header');
    const here = `${path}/header`;
    if (header === undefined) throw new ReadProblem('BadlyFormedMessage', here);
    const supplying = this.agency(header, 'supplyingAgencyId', here, supplyingRequired);
    return compact({
      supplyingAgencyId: supplying,
      requestingAgencyId: this.agency(header, 'requestingAgencyId', here, true) as AgencyId,
      multipleItemRequestId: this.text(header, 'multipleItemRequestId'),
      timestamp: this.required(header, 'timestamp', here),
      requestingAgencyRequestId: this.required(header, 'requestingAgencyRequestId', here),
      supplyingAgencyRequestId: this.text(header, 'supplyingAgencyRequestId'),
    });
  }

  physicalAddress(address: XmlElement | undefined): PhysicalAddress | undefined {
    const physical = this.child(address, 'physicalAddress');
    if (physical === undefined) return undefined;
    const read = compact({
      line1: this.text(physical, 'line1'),
      line2: this.text(physical, 'line2'),
      locality: this.text(physical, 'locality'),
      postalCode: this.text(physical, 'postalCode'),
      country: this.text(physical, 'country'),
    });
    return Object.keys(read).length === 0 ? undefined : read;
  }

  request(message: XmlElement): Iso18626Request {
    const path = 'request';
    const header = this.header(message, path, false);
    const bib = this.child(message, 'bibliographicInfo');
    if (bib === undefined) throw new ReadProblem('BadlyFormedMessage', `${path}/bibliographicInfo`);
    const itemIds: BibliographicItemId[] = this.children(bib, 'bibliographicItemId').flatMap((id) => {
      const identifier = this.text(id, 'bibliographicItemIdentifier');
      const code = this.text(id, 'bibliographicItemIdentifierCode');
      return identifier === undefined || code === undefined ? [] : [{ code, identifier }];
    });
    const bibliographicInfo: BibliographicInfo = compact({
      supplierUniqueRecordId: this.text(bib, 'supplierUniqueRecordId'),
      title: this.text(bib, 'title'),
      author: this.text(bib, 'author'),
      subtitle: this.text(bib, 'subtitle'),
      seriesTitle: this.text(bib, 'seriesTitle'),
      edition: this.text(bib, 'edition'),
      volume: this.text(bib, 'volume'),
      itemIds: itemIds.length > 0 ? itemIds : undefined,
    });
    const publication = this.child(message, 'publicationInfo');
    const publicationInfo: PublicationInfo | undefined =
      publication === undefined
        ? undefined
        : compact({ publisher: this.text(publication, 'publisher'), publicationDate: this.text(publication, 'publicationDate'), placeOfPublication: this.text(publication, 'placeOfPublication') });
    const service = this.child(message, 'serviceInfo');
    const s = `${path}/serviceInfo`;
    const serviceInfo: ServiceInfo | undefined =
      service === undefined
        ? undefined
        : compact({
            requestType: this.code(service, 'requestType', s, REQUEST_TYPES, false),
            requestSubType: this.code(service, 'requestSubType', s, REQUEST_SUB_TYPES, false),
            serviceType: this.code(service, 'serviceType', s, SERVICE_TYPES, true) as ServiceInfo['serviceType'],
            needBeforeDate: this.text(service, 'needBeforeDate'),
            note: this.text(service, 'note'),
          });
    const pickupLocation = this.children(message, 'requestedDeliveryInfo')
      .map((info) => this.physicalAddress(this.child(info, 'address')))
      .find((address) => address !== undefined);
    const patron = this.child(message, 'patronInfo');
    let patronInfo: PatronInfo | undefined;
    if (patron !== undefined) {
      const addresses = this.children(patron, 'address');
      const electronic = (type: string): string | undefined =>
        addresses
          .map((address) => this.child(address, 'electronicAddress'))
          .filter((e) => this.text(e, 'electronicAddressType')?.toLowerCase() === type)
          .map((e) => this.text(e, 'electronicAddressData'))
          .find((data) => data !== undefined);
      patronInfo = compact({
        patronId: this.text(patron, 'patronId'),
        surname: this.text(patron, 'surname'),
        givenName: this.text(patron, 'givenName'),
        email: electronic('email'),
        phone: electronic('phone'),
        address: addresses.map((address) => this.physicalAddress(address)).find((address) => address !== undefined),
      });
    }
    return compact({ kind: 'request' as const, header, bibliographicInfo, publicationInfo, serviceInfo, pickupLocation, patronInfo });
  }

  supplyingAgencyMessage(message: XmlElement): Iso18626Message {
    const path = 'supplyingAgencyMessage';
    const header = this.header(message, path, true);
    const info = this.child(message, 'messageInfo');
    if (info === undefined) throw new ReadProblem('BadlyFormedMessage', `${path}/messageInfo`);
    const status = this.child(message, 'statusInfo');
    if (status === undefined) throw new ReadProblem('BadlyFormedMessage', `${path}/statusInfo`);
    const m = `${path}/messageInfo`;
    const st = `${path}/statusInfo`;
    const delivery = this.child(message, 'deliveryInfo');
    let deliveryInfo: DeliveryInfo | undefined;
    const dateSent = this.text(delivery, 'dateSent');
    if (delivery !== undefined && dateSent !== undefined) {
      const sent = this.text(delivery, 'sentToPatron');
      if (sent !== undefined && !['true', 'false', '1', '0'].includes(sent)) throw new ReadProblem('UnrecognisedDataValue', `${path}/deliveryInfo/sentToPatron`);
      deliveryInfo = compact({
        dateSent,
        itemId: this.text(delivery, 'itemId'),
        sentVia: this.text(delivery, 'sentVia') ?? this.text(delivery, 'deliveryMethod'),
        sentToPatron: sent === undefined ? undefined : sent === 'true' || sent === '1',
        loanCondition: this.text(delivery, 'loanCondition'),
      });
    }
    return compact({
      kind: 'supplyingAgencyMessage' as const,
      header,
      messageInfo: compact({
        reasonForMessage: this.code(info, 'reasonForMessage', m, REASONS_FOR_MESSAGE, true, 'UnsupportedReasonForMessageType') as ReasonForMessage,
        answerYesNo: this.code(info, 'answerYesNo', m, ['Y', 'N'] as const, false),
        note: this.text(info, 'note'),
        reasonUnfilled: this.text(info, 'reasonUnfilled'),
      }),
      statusInfo: compact({
        status: this.code(status, 'status', st, STATUSES, true) as (typeof STATUSES)[number],
        expectedDeliveryDate: this.text(status, 'expectedDeliveryDate'),
        dueDate: this.text(status, 'dueDate'),
        // lastChange is required by the schema; a message without one is still understood (its header's timestamp).
        lastChange: this.text(status, 'lastChange') ?? header.timestamp,
      }),
      deliveryInfo,
    });
  }

  requestingAgencyMessage(message: XmlElement): Iso18626Message {
    const path = 'requestingAgencyMessage';
    return compact({
      kind: 'requestingAgencyMessage' as const,
      header: this.header(message, path, true),
      action: this.code(message, 'action', path, ACTIONS, true, 'UnsupportedActionType') as Iso18626Action,
      note: this.text(message, 'note'),
    });
  }

  confirmationHeader(message: XmlElement, path: string): ConfirmationHeader {
    const header = this.child(message, 'confirmationHeader');
    const here = `${path}/confirmationHeader`;
    if (header === undefined) throw new ReadProblem('BadlyFormedMessage', here);
    return compact({
      supplyingAgencyId: this.agency(header, 'supplyingAgencyId', here, false),
      requestingAgencyId: this.agency(header, 'requestingAgencyId', here, false),
      timestamp: this.required(header, 'timestamp', here),
      requestingAgencyRequestId: this.text(header, 'requestingAgencyRequestId'),
      multipleItemRequestId: this.text(header, 'multipleItemRequestId'),
      timestampReceived: this.required(header, 'timestampReceived', here),
      messageStatus: this.code(header, 'messageStatus', here, ['OK', 'ERROR'] as const, true) as 'OK' | 'ERROR',
    });
  }

  errorData(message: XmlElement, path: string): ErrorData | undefined {
    const error = this.child(message, 'errorData');
    if (error === undefined) return undefined;
    return compact({
      errorType: this.code(error, 'errorType', `${path}/errorData`, ERROR_TYPES, true) as ErrorData['errorType'],
      errorValue: this.text(error, 'errorValue'),
    });
  }

  message(kind: Iso18626MessageKind, element: XmlElement): Iso18626Message {
    switch (kind) {
      case 'request':
        return this.request(element);
      case 'supplyingAgencyMessage':
        return this.supplyingAgencyMessage(element);
      case 'requestingAgencyMessage':
        return this.requestingAgencyMessage(element);
      case 'requestConfirmation':
        return compact({ kind, confirmationHeader: this.confirmationHeader(element, kind), errorData: this.errorData(element, kind) });
      case 'supplyingAgencyMessageConfirmation':
        return compact({
          kind,
          confirmationHeader: this.confirmationHeader(element, kind),
          reasonForMessage: this.code(element, 'reasonForMessage', kind, REASONS_FOR_MESSAGE, false, 'UnsupportedReasonForMessageType'),
          errorData: this.errorData(element, kind),
        });
      case 'requestingAgencyMessageConfirmation':
        return compact({
          kind,
          confirmationHeader: this.confirmationHeader(element, kind),
          action: this.code(element, 'action', kind, ACTIONS, false, 'UnsupportedActionType'),
          errorData: this.errorData(element, kind),
        });
    }
  }

  /** Best effort: the ids a confirmation echoes, whatever else is wrong with the message. */
  echo(kind: Iso18626MessageKind | undefined, element: XmlElement | undefined): EchoedIds {
    const header = this.child(element, kind !== undefined && kind.endsWith('Confirmation') ? 'confirmationHeader' : 'header');
    const agency = (name: string): AgencyId | undefined => {
      const found = this.child(header, name);
      const type = this.text(found, 'agencyIdType');
      const value = this.text(found, 'agencyIdValue');
      return type !== undefined && value !== undefined && type.length <= 64 && value.length <= 128 ? { type, value } : undefined;
    };
    const short = (value: string | undefined): string | undefined => (value !== undefined && value.length <= 128 ? value : undefined);
    return compact({
      supplyingAgencyId: agency('supplyingAgencyId'),
      requestingAgencyId: agency('requestingAgencyId'),
      requestingAgencyRequestId: short(this.text(header, 'requestingAgencyRequestId')),
      multipleItemRequestId: short(this.text(header, 'multipleItemRequestId')),
    });
  }
}

/** Drops keys whose value is undefined, so a read value equals the value written. */
function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Reads any ISO 18626 message (see the module comment); never throws for what a partner sends. */
export function readIso18626(xml: string, limits: XmlLimits = ISO18626_XML_LIMITS): Iso18626ReadResult {
  let root: XmlElement;
  try {
    root = readXmlTree(xml, limits ?? DEFAULT_XML_LIMITS);
  } catch (error) {
    if (error instanceof UnsafeXml) return { ok: false, errorType: 'BadlyFormedMessage', errorValue: 'the document is refused (unsafe XML)', echo: {}, unsafe: error.reason };
    if (error instanceof XmlNotWellFormed) return { ok: false, errorType: 'BadlyFormedMessage', errorValue: 'the document is not well-formed XML', echo: {} };
    throw error;
  }
  const ns = root.uri;
  if (ns !== ISO18626_NAMESPACE && ns !== '') return { ok: false, errorType: 'BadlyFormedMessage', errorValue: 'the root element is not in the ISO 18626 namespace', echo: {} };
  const reader = new Reader(ns);
  let version: string | undefined;
  let element: XmlElement | undefined = root;
  if (root.local === 'ISO18626Message') {
    version = attributeOf(root, 'version')?.trim();
    const inside = root.children.filter((child) => child.uri === ns);
    if (inside.length !== 1) return { ok: false, errorType: 'BadlyFormedMessage', errorValue: 'ISO18626Message', echo: {} };
    element = inside[0];
  }
  const kind = MESSAGE_KINDS.find((k) => k === element?.local);
  if (element === undefined || kind === undefined) return { ok: false, errorType: 'UnrecognisedDataElement', errorValue: root.local === 'ISO18626Message' ? 'ISO18626Message/*' : 'the root element', echo: {} };
  try {
    const message = reader.message(kind, element);
    return version === undefined || version === '' ? { ok: true, message } : { ok: true, version, message };
  } catch (error) {
    if (!(error instanceof ReadProblem)) throw error;
    const action = reader.text(element, 'action');
    const reason = reader.text(reader.child(element, 'messageInfo'), 'reasonForMessage');
    return compact({
      ok: false as const,
      kind,
      errorType: error.errorType,
      errorValue: error.path,
      echo: reader.echo(kind, element),
      action: action !== undefined && (ACTIONS as readonly string[]).includes(action) ? action : undefined,
      reasonForMessage: reason !== undefined && (REASONS_FOR_MESSAGE as readonly string[]).includes(reason) ? reason : undefined,
    });
  }
}
