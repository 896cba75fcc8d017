import { SandboxDefinition } from '../partner-sandbox';
import { BiebpanelSandbox } from './biebpanel.sandbox';

export const biebpanelSandbox: SandboxDefinition = { partner: 'biebpanel', create: () => new BiebpanelSandbox() };
