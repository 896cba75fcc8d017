/**
 * The typed errors of the connector SDK. They live below connectors and codecs alike (src/errors), so
 * that a mapping can say MappingFailed without knowing any transport; connectors import them from here.
 */
export * from '../../errors/partner-errors';
