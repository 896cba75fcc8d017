import { SandboxDefinition } from '../partner-sandbox';
import { OverijsselSandbox } from './card-service.sandbox';

/** The province's card service (Overijssel library network) simulated on loopback, for partner 'overijssel'. */
export const overijsselSandbox: SandboxDefinition = {
  partner: 'overijssel',
  create: () => new OverijsselSandbox(),
};
