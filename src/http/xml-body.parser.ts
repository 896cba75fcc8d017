import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The XML media types of NCIP, ISO 18626 and SOAP 1.1/1.2. */
export const XML_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/soap+xml'];

/**
 * XML bodies arrive as text, within the gateway's body limit; each protocol endpoint checks them with
 * assertSafeXml before parsing, and answers a refusal in its own protocol (an NCIP Problem, a SOAP Fault).
 */
export function useXmlBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(XML_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  });
}
