import { IServices, listen, Server } from 'soap';
import { ServiceFault, serviceFaultDetail, SoapFaultCode, soapFaultEnvelope } from '../../mapping/overijssel/soap-fault';
import { CardServiceName, cardServiceWsdl } from './provincial-card-service.wsdl';

/**
 * Thrown by an operation to answer a SOAP 1.1 fault; the soap server writes it (HTTP 500, as SOAP 1.1 has it).
 * Only the codes in the soap namespace: the soap server declares no other prefix.
 */
export class SoapFaultError extends Error {
  readonly Fault: { readonly faultcode: string; readonly faultstring: string; readonly detail: unknown; readonly statusCode: number };

  constructor(readonly fault: ServiceFault<SoapFaultCode>) {
    super(`SOAP fault ${fault.code}`);
    this.name = 'SoapFaultError';
    this.Fault = { faultcode: `soap:${fault.faultCode}`, faultstring: fault.message, detail: serviceFaultDetail(fault), statusCode: 500 };
  }
}

/** One operation: the arguments and SOAP headers as the soap package parsed them → the output message object. */
export type SoapOperation = (args: unknown, headers: unknown) => Promise<unknown>;

export interface SoapAnswer {
  readonly status: number;
  readonly body: string;
}

const INTERNAL: ServiceFault<'Server'> = { faultCode: 'Server', code: 'INTERNAL', message: 'The service failed to answer' };

/**
 * A service of the provincial card WSDL served by the `soap` package's Server in its serverless mode
 * (`soap.listen(null, …)`): the caller hands it envelopes it has already read and checked, and writes
 * the answer itself. Used by the gateway's MemberLookup endpoint and by the sandbox's card service.
 */
export class SoapService {
  private constructor(
    private readonly server: Server,
    private readonly path: string,
  ) {}

  /**
   * Parses the WSDL and binds the operations of one service port; resolves when the server is ready. The
   * WSDL it parses names that service only, at `path` (the soap server finds the port by its path).
   */
  static async start(path: string, service: CardServiceName, port: string, operations: Readonly<Record<string, SoapOperation>>): Promise<SoapService> {
    const methods = Object.fromEntries(
      Object.entries(operations).map(([name, operation]) => [name, (args: unknown, _callback: unknown, headers: unknown) => guarded(operation, args, headers)]),
    );
    const services: IServices = { [service]: { [port]: methods } };
    const server = await new Promise<Server>((resolve, reject) => {
      const options = {
        path,
        services,
        xml: cardServiceWsdl({ [service]: path }),
        suppressStack: true,
        enableChunkedEncoding: false,
        // xsd:date stays the text it was ('2027-03-31'), not a Date at midnight UTC.
        customDeserializer: { date: (text: string) => text },
        callback: (error: unknown, ready: Server) => (error ? reject(error instanceof Error ? error : new Error('the WSDL did not load')) : resolve(ready)),
      };
      listen(null, options);
    });
    return new SoapService(server, path);
  }

  /** Answers one envelope that the caller has checked (safe XML, a known operation, an authenticated caller). */
  async process(envelope: string): Promise<SoapAnswer> {
    const answer = await this.server.processRequest(envelope, { method: 'POST', url: this.path, headers: { 'content-type': 'text/xml; charset=utf-8' } });
    // The soap package answers some failures as plain text (a stack, a message): never pass those on.
    if (!answer.body.startsWith('<?xml')) return { status: 500, body: soapFaultEnvelope(INTERNAL) };
    return { status: answer.statusCode, body: answer.body };
  }
}

/** Runs an operation; anything it throws other than a SoapFaultError becomes a fault that reveals nothing. */
async function guarded(operation: SoapOperation, args: unknown, headers: unknown): Promise<unknown> {
  try {
    return await operation(args, headers);
  } catch (error) {
    throw error instanceof SoapFaultError ? error : new SoapFaultError(INTERNAL);
  }
}
