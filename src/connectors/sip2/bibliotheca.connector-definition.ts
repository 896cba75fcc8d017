import { defineConnector } from '../sdk/connector';
import { bibliothecaManifest } from './bibliotheca.manifest';
import { SIP2_SESSION_MESSAGES, terminalSettings } from './sip2-profile';
import { Sip2TerminalConnector } from './sip2-terminal.connector';

/** The payment terminal: patron information and status to show what is owed, fee paid to settle it. */
export const bibliothecaConnector = defineConnector({
  manifest: bibliothecaManifest,
  settings: terminalSettings(false),
  create: (settings) =>
    new Sip2TerminalConnector(bibliothecaManifest, {
      purpose: 'fee-payment',
      messages: new Set([...SIP2_SESSION_MESSAGES, '63', '23', '37']),
      pinRequired: settings.pinRequired === 'true',
      encoding: settings.encoding === 'utf-8' ? 'utf-8' : 'latin1',
    }),
});
