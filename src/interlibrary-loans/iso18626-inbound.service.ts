import { Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { GatewayError } from '../errors/gateway-error';
import { iblManifest } from '../connectors/ibl/ibl.manifest';
import { GatewayCounters } from '../metrics/gateway-counters';
import { confirmationFor, Iso18626Confirmation } from '../mapping/iso18626/iso18626-confirmation';
import { EchoedIds, Iso18626ReadResult, readIso18626 } from '../mapping/iso18626/iso18626-reader';
import { Iso18626ErrorType, Iso18626Message, Iso18626Version } from '../mapping/iso18626/iso18626-types';
import { isoTimestamp, writeIso18626 } from '../mapping/iso18626/iso18626-writer';
import { IllSupplies } from './ill-supplies.service';
import { InterlibraryLoans } from './interlibrary-loans.service';

/** What POST /iso18626 answers: always an ISO 18626 confirmation (HTTP 200, OK or ERROR inside). */
export interface Iso18626Answer {
  readonly status: number;
  readonly xml: string;
}

function echoOf(message: Iso18626Message): EchoedIds {
  if (!('header' in message)) return {};
  const header = message.header;
  return {
    ...(header.supplyingAgencyId !== undefined ? { supplyingAgencyId: header.supplyingAgencyId } : {}),
    requestingAgencyId: header.requestingAgencyId,
    requestingAgencyRequestId: header.requestingAgencyRequestId,
    ...(header.multipleItemRequestId !== undefined ? { multipleItemRequestId: header.multipleItemRequestId } : {}),
  };
}

/**
 * The gateway's ISO 18626 endpoint as the requesting agency: a SupplyingAgencyMessage about one of our
 * requests moves it on (nextState) and is confirmed OK; an unknown request id or a status that does not
 * follow is ERROR UnrecognisedDataValue; an unreadable document ERROR BadlyFormedMessage. As the supplying
 * agency (ill-supplies.service.ts): a Request for one of Staphorst's items is kept and confirmed OK (ERROR
 * UnrecognisedDataValue for a request id received before), a RequestingAgencyMessage about such a loan is
 * confirmed and acted on. A confirmation sent as a message of its own is ERROR UnrecognisedDataElement.
 */
@Injectable()
export class Iso18626InboundService {
  constructor(
    private readonly loans: InterlibraryLoans,
    private readonly supplies: IllSupplies,
    private readonly counters: GatewayCounters,
  ) {}

  async answer(body: unknown, principal: Principal): Promise<Iso18626Answer> {
    if (principal.partner !== iblManifest.id) throw new GatewayError('FORBIDDEN', 'this credential does not speak for a library in interlibrary loan (ibl)', 403);
    const received = isoTimestamp(new Date());
    const result: Iso18626ReadResult =
      typeof body === 'string' ? readIso18626(body) : { ok: false, errorType: 'BadlyFormedMessage', errorValue: 'the body is not XML (send Content-Type: application/xml)', echo: {} };
    const version: Iso18626Version = result.ok && result.version === '2021-2' ? '2021-2' : '1.2';
    const times = () => ({ received, now: isoTimestamp(new Date()), version });
    // Every answer is counted for GET /metrics by the message type it answers and 'ok' or its error type (both ISO 18626's own names).
    const write = (operation: string, outcome: string, confirmation: Iso18626Confirmation | undefined): Iso18626Answer => {
      this.counters.inboundAnswered('iso18626', iblManifest.id, operation, outcome);
      return { status: 200, xml: writeIso18626(confirmation as Iso18626Confirmation, { version }) };
    };
    const ok = (kind: string) => write(kind, 'ok', confirmationFor(result, times()));
    const error = (message: Iso18626Message, errorType: Iso18626ErrorType, errorValue: string) =>
      write(message.kind, errorType, confirmationFor({ ok: false, kind: message.kind, errorType, errorValue, echo: echoOf(message) }, times(), 'supplyingAgencyMessage'));
    if (!result.ok) return write('unreadable', result.errorType, confirmationFor(result, times(), 'supplyingAgencyMessage'));
    const message = result.message;
    switch (message.kind) {
      case 'supplyingAgencyMessage': {
        const outcome = await this.loans.supplierStatus(message.header.requestingAgencyRequestId, message.statusInfo.status);
        return outcome.ok ? ok(message.kind) : error(message, outcome.errorType, outcome.errorValue);
      }
      case 'request': {
        const outcome = await this.supplies.request(message);
        return outcome.ok ? ok(message.kind) : error(message, outcome.errorType, outcome.errorValue);
      }
      case 'requestingAgencyMessage': {
        const outcome = await this.supplies.action(message.header.requestingAgencyId, message.header.requestingAgencyRequestId, message.action);
        return outcome.ok ? ok(message.kind) : error(message, outcome.errorType, outcome.errorValue);
      }
      default:
        return write(message.kind, 'UnrecognisedDataElement', confirmationFor({ ok: false, errorType: 'UnrecognisedDataElement', errorValue: message.kind, echo: {} }, times(), 'supplyingAgencyMessage'));
    }
  }
}
