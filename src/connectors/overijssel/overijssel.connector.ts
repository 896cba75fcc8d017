import { ProvinceOperation, soapActionOf } from '../../mapping/overijssel/card-service.contract';
import { CARD_SERVICE_NS } from '../../mapping/overijssel/card-service.contract';
import { fromMemberRecord, toMemberRecord } from '../../mapping/overijssel/member-record';
import { writeMemberRecord } from '../../mapping/overijssel/member-record.xml';
import { soapEnvelope } from '../../mapping/overijssel/soap-envelope';
import { provinceRequestEnvelope, provinceRequestFor, readProvinceRequest } from '../../mapping/overijssel/province-request';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { ConnectorError, MappingFailed } from '../sdk/connector-errors';
import { CardServiceTransport } from './card-service.transport';
import { overijsselManifest } from './overijssel.manifest';
import { OverijsselSettings } from './overijssel.settings';

const OPERATIONS: readonly ProvinceOperation[] = ['RegisterMember', 'DeregisterMember', 'UpdateMemberStatus'];

function isOperation(value: string | undefined): value is ProvinceOperation {
  return OPERATIONS.includes(value as ProvinceOperation);
}

/**
 * The Overijssel library network's provincial card service (SOAP 1.1, document/literal; WSDL in
 * provincial-card-service.wsdl.ts). Outbound: RegisterMember, DeregisterMember and UpdateMemberStatus,
 * one per purpose of the `overijssel` policy. Inbound (MemberLookup) is served by MemberLookupEndpoint.
 */
export class OverijsselConnector implements Connector {
  readonly manifest = overijsselManifest;
  private readonly transport: CardServiceTransport;

  constructor(settings: OverijsselSettings) {
    this.transport = new CardServiceTransport(overijsselManifest.id, settings);
  }

  /** The whole SOAP envelope, built from the WSDL's types by the pure mapping: what is sealed is what is sent. */
  prepare(payload: ReleasedPayload): PreparedMessage {
    const request = provinceRequestFor(payload.origin.purpose, payload.fields);
    return {
      contentType: 'text/xml; charset=utf-8',
      body: provinceRequestEnvelope(request),
      route: { operation: request.operation, soapAction: soapActionOf(request.operation) },
    };
  }

  /** member-lookup answers a library's MemberLookup: previewed as the MemberLookupResponse envelope. */
  prepareAnswer(payload: ReleasedPayload): PreparedMessage | undefined {
    if (payload.origin.purpose !== 'member-lookup') return undefined;
    const member = writeMemberRecord(toMemberRecord(payload.fields));
    return {
      contentType: 'text/xml; charset=utf-8',
      body: soapEnvelope(`<MemberLookupResponse xmlns="${CARD_SERVICE_NS}"><Member>${member}</Member></MemberLookupResponse>`),
      route: { operation: 'MemberLookupResponse' },
    };
  }

  /** The canonical fields an envelope carries: the inverse of prepare. */
  read(message: PreparedMessage): Record<string, unknown> {
    try {
      return fromMemberRecord(readProvinceRequest(message.body).member);
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      throw new MappingFailed(this.manifest.id, `the message is not a card service request (${error instanceof Error ? error.name : 'unknown'})`);
    }
  }

  /** POSTs the prepared envelope unchanged; the delivery id goes as Idempotency-Key so a retry is applied once. */
  async deliver(message: PreparedMessage, context: DeliveryContext): Promise<DeliveryReceipt> {
    const operation = message.route.operation;
    if (!isOperation(operation)) throw new MappingFailed(this.manifest.id, 'the message names no operation of the card service');
    const partnerReference = await this.transport.send({ operation, envelope: message.body, idempotencyKey: context.deliveryId, signal: context.signal });
    return { partnerReference };
  }

  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      const wsdl = await this.transport.wsdl(signal);
      return wsdl.includes('ProvincialCardService') ? { status: 'up' } : { status: 'down', detail: 'WSDL_UNEXPECTED' };
    } catch (error) {
      return { status: 'down', detail: error instanceof ConnectorError ? error.code : 'unreachable' };
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
