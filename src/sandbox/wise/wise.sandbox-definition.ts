import { SandboxDefinition } from '../partner-sandbox';
import { WiseSandbox } from './wise-sandbox';

/** The simulated lending system (OCLC Wise) for partner 'hka'. */
export const wiseSandbox: SandboxDefinition = {
  partner: 'hka',
  create: ({ seed, members, churnMs }) => new WiseSandbox({ seed, memberCount: members, churnMs }),
};
