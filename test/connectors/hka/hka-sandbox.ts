import { join } from 'node:path';
import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { hkaConnector } from '../../../src/connectors/hka/hka.connector-definition';
import { WiseTransportOptions } from '../../../src/connectors/hka/wise.transport';
import { COMMON_SETTINGS } from '../../../src/connectors/sdk/connector';
import { ConnectorError } from '../../../src/connectors/sdk/connector-errors';
import { readSettings } from '../../../src/connectors/sdk/connector-settings';
import { Member, ValidMember } from '../../../src/domain/member';
import { validateMember } from '../../../src/domain/member.validator';
import { compilePolicy } from '../../../src/policy/policy.compiler';
import { loadPolicyFile } from '../../../src/policy/policy.loader';
import { ReleasedPayload } from '../../../src/policy/released-payload';

/** Helpers shared by the hka connector specs: settings from the sandbox, the real hka policy, typed failures. */
export const NOW = Date.UTC(2025, 8, 1, 10);

const policy = compilePolicy(loadPolicyFile(join(__dirname, '../../../policies/hka.yaml')).document, {
  version: 1,
  contentHash: 'test',
  pseudonymSecret: Buffer.alloc(32, 7),
});

export function settingsFrom(env: Readonly<Record<string, string>>, overrides: Readonly<Record<string, string>> = {}) {
  return readSettings('hka', { ...hkaConnector.settings, ...COMMON_SETTINGS }, { ...env, ...overrides });
}

export function connectTo(env: Readonly<Record<string, string>>, overrides: Readonly<Record<string, string>> = {}, options?: WiseTransportOptions): HkaConnector {
  return new HkaConnector(settingsFrom(env, overrides), options);
}

export function release(member: Member, purpose: string): ReleasedPayload {
  const validation = validateMember(member);
  if (!validation.ok) throw new Error(`not a valid member: ${JSON.stringify(validation.violations)}`);
  return policy.release(validation.member, purpose, NOW);
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}

/** The typed error a promise rejects with (fails the test when it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function withFees(members: readonly ValidMember[]): ValidMember {
  const member = members.find((candidate) => (candidate.fees ?? []).some((fee) => fee.status === 'open'));
  if (member === undefined) throw new Error('the sandbox has no member with open fees');
  return member;
}
