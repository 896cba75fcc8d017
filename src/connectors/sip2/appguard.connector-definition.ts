import { defineConnector } from '../sdk/connector';
import { appguardManifest } from './appguard.manifest';
import { SIP2_SESSION_MESSAGES, terminalSettings } from './sip2-profile';
import { Sip2TerminalConnector } from './sip2-terminal.connector';

/** The self-service machine: patron information and status, checkout and checkin. */
export const appguardConnector = defineConnector({
  manifest: appguardManifest,
  settings: terminalSettings(true),
  create: (settings) =>
    new Sip2TerminalConnector(appguardManifest, {
      purpose: 'self-service',
      messages: new Set([...SIP2_SESSION_MESSAGES, '63', '23', '11', '09']),
      pinRequired: settings.pinRequired === 'true',
      encoding: settings.encoding === 'utf-8' ? 'utf-8' : 'latin1',
    }),
});
