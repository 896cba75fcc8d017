import { Capability, ConnectorManifest, Protocol } from './connector';

const CAPABILITIES: readonly Capability[] = ['send', 'lookup', 'pull', 'inbound', 'circulate', 'export'];
const PROTOCOLS: readonly Protocol[] = ['rest', 'soap', 'ncip', 'sip2', 'iso18626', 'sepa', 'csv'];

/** Problems with a connector's manifest, each naming the connector; empty when it is sound. */
export function validateManifest(manifest: ConnectorManifest): string[] {
  const problems: string[] = [];
  const at = `connector '${manifest.id}'`;
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(manifest.id)) problems.push(`${at}: id must match ^[a-z][a-z0-9-]{1,40}$ like a policy's partner`);
  if (manifest.displayName.trim() === '') problems.push(`${at}: displayName is empty`);
  if (!PROTOCOLS.includes(manifest.protocol)) problems.push(`${at}: unknown protocol '${manifest.protocol}'`);
  if (manifest.capabilities.length === 0) problems.push(`${at}: declares no capability`);
  for (const capability of manifest.capabilities) {
    if (!CAPABILITIES.includes(capability)) problems.push(`${at}: unknown capability '${capability}'`);
  }
  return problems;
}
