import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/**
 * Settings of the SIP2 server shared by the SIP2 partners, read like a connector's from `SIP2_<SETTING>`
 * (SIP2_PORT itself is a gateway setting: config.sip2Port).
 */
export const sip2ServerSettings = {
  host: { kind: 'text', description: 'address the SIP2 server listens on', default: '0.0.0.0' },
  idleTimeoutMs: {
    kind: 'integer',
    description: 'a connection that sends no well-formed message for this long is closed (garbage and silence alike)',
    default: 300_000,
    min: 50,
    max: 86_400_000,
  },
  tlsCert: { kind: 'text', description: "PEM file of the SIP2 server's TLS certificate (with SIP2_TLS_KEY: the listener speaks TLS only)", default: '' },
  tlsKey: { kind: 'text', description: "PEM file of the SIP2 server's TLS private key", default: '' },
  loginTimeoutMs: { kind: 'integer', description: 'a connection that has not logged in (93) within this long is closed', default: 10_000, min: 50, max: 3_600_000 },
  maxConnections: { kind: 'integer', description: 'open SIP2 connections in all; more are closed at once', default: 256, min: 1, max: 100_000 },
  maxConnectionsPerAccount: { kind: 'integer', description: 'open connections logged in with one terminal account; a login beyond it closes that connection', default: 64, min: 1, max: 100_000 },
  maxMessageBytes: { kind: 'integer', description: 'longest message accepted; a longer line closes the connection', default: 8192, min: 256, max: 1_048_576 },
  institutionId: { kind: 'text', description: 'institution id (AO) in answers when the terminal sends none', default: 'staphorst' },
  libraryName: { kind: 'text', description: 'library name (AM) in the ACS status', default: 'Bibliotheek Staphorst' },
  paymentsPartner: { kind: 'text', description: 'the lending system that fee payments (37), loans (11) and returns (09) are registered at', default: 'hka' },
  paymentsPurpose: { kind: 'text', description: "the purpose of that partner's policy that releases a payment", default: 'payments' },
  circulationPurpose: { kind: 'text', description: "the purpose of that partner's policy that releases a loan (the patron and the item)", default: 'circulation' },
} as const satisfies SettingsSchema;

/** The prefix of the SIP2 server's variables. */
export const SIP2_SETTINGS_PREFIX = 'sip2';

export type Sip2ServerSettings = SettingsOf<typeof sip2ServerSettings>;
