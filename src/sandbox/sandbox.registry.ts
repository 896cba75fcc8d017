import { bankSandbox } from './bank/bank.sandbox';
import { biebpanelSandbox } from './biebpanel/biebpanel.sandbox-definition';
import { iblSandbox } from './ibl/ibl.sandbox';
import { kbSandbox } from './kb/kb.sandbox';
import { newsletterSandbox } from './newsletter/newsletter.sandbox';
import { overijsselSandbox } from './overijssel/overijssel.sandbox-definition';
import { SandboxDefinition } from './partner-sandbox';
import { appguardSandbox, bibliothecaSandbox } from './sip2/sip2-terminal.sandbox';
import { wiseSandbox } from './wise/wise.sandbox-definition';

/** The simulated partners started on loopback when SANDBOX=on, one line each. */
export const SANDBOX_DEFINITIONS: readonly SandboxDefinition[] = [
  wiseSandbox,
  newsletterSandbox,
  bibliothecaSandbox,
  appguardSandbox,
  overijsselSandbox,
  kbSandbox,
  bankSandbox,
  biebpanelSandbox,
  iblSandbox,
];
