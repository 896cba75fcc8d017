import { join } from 'node:path';
import { CONNECTOR_DEFINITIONS } from '../../src/connectors/connector.registry';
import { COMMON_SETTINGS, Connector, ConnectorDefinition, PreparedMessage } from '../../src/connectors/sdk/connector';
import { ConnectorError, PartnerRejected, PartnerTimeout } from '../../src/connectors/sdk/connector-errors';
import { ConnectorSettingsInvalid, readSettings, settingVariable } from '../../src/connectors/sdk/connector-settings';
import { validateManifest } from '../../src/connectors/sdk/manifest.validator';
import { prepareForPartner } from '../../src/connectors/sdk/sendable';
import { CompiledPolicy, compilePolicy } from '../../src/policy/policy.compiler';
import { policyContentHash } from '../../src/policy/policy.hash';
import { loadPolicyDirectory } from '../../src/policy/policy.loader';
import { presentLeafPaths } from '../../src/policy/leaf-paths';
import { derivePseudonymSecret } from '../../src/policy/pseudonym-secret';
import { PartnerSandbox } from '../../src/sandbox/partner-sandbox';
import { ValidMember } from '../../src/domain/member';
import { SANDBOX_DEFINITIONS } from '../../src/sandbox/sandbox.registry';
import { realisticMember } from '../factories/member.factory';
import { CANARY, plantCanaries } from './canary-member';
import { LoopbackGuard } from './loopback-guard';

const POLICIES = loadPolicyDirectory(join(__dirname, '..', '..', 'policies'));
const MASTER_KEY = 'conformance-master-key-0123456789abcdef';

/** The value at every leaf of a member-shaped object, keyed by catalog path with indexes. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${at}[${index}]`));
    else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, at === '' ? key : `${at}.${key}`);
    else out.set(at, node);
  };
  walk(value, prefix);
  return out;
}

function withEveryConsentWithdrawn(member: ValidMember): ValidMember {
  const withdrawn = { granted: false, on: '2026-01-05T10:00:00+01:00' };
  return { ...member, consents: { directDebit: withdrawn, newsletter: withdrawn, researchPanel: withdrawn, loanHistory: withdrawn } };
}

function connect(definition: ConnectorDefinition, env: Readonly<Record<string, string>>): Connector {
  return definition.create(readSettings(definition.manifest.id, { ...COMMON_SETTINGS, ...definition.settings }, env));
}

const guard = new LoopbackGuard();
beforeAll(() => guard.install());
afterAll(() => {
  guard.uninstall();
  expect(guard.outside).toEqual([]);
});

describe.each(CONNECTOR_DEFINITIONS.map((definition) => [definition.manifest.id, definition] as const))('connector %s', (id, definition) => {
  const sandboxDefinition = SANDBOX_DEFINITIONS.find((candidate) => candidate.partner === id);
  const policyFile = POLICIES.find((policy) => policy.partner === id);
  let sandbox: PartnerSandbox;
  let connector: Connector;
  let policy: CompiledPolicy;

  beforeAll(async () => {
    if (sandboxDefinition === undefined || policyFile === undefined) return;
    sandbox = sandboxDefinition.create({ seed: 1 });
    await sandbox.start();
    connector = connect(definition, sandbox.settings());
    policy = compilePolicy(policyFile.document, { version: 1, contentHash: policyContentHash(policyFile.document), pseudonymSecret: derivePseudonymSecret(MASTER_KEY, id) });
  });
  afterAll(async () => {
    await connector?.close?.();
    await sandbox?.stop();
  });
  beforeEach(() => sandbox?.reset());

  it('has a sound manifest, a default policy and a sandbox that speaks its protocol on loopback', () => {
    expect(validateManifest(definition.manifest)).toEqual([]);
    expect(policyFile).toBeDefined();
    expect(sandboxDefinition).toBeDefined();
    for (const value of Object.values(sandbox.settings())) {
      if (/^[a-z]+:\/\//.test(value)) expect(new URL(value).hostname).toMatch(/^(127\.0\.0\.1|localhost|\[::1\])$/);
    }
  });

  it('refuses bad settings at start, naming the variable', () => {
    for (const [key, spec] of Object.entries(definition.settings)) {
      const variable = settingVariable(id, key);
      const settings = { ...sandbox.settings() };
      if (!('default' in spec)) {
        delete settings[variable];
        expect(() => connect(definition, settings)).toThrow(ConnectorSettingsInvalid);
        expect(() => connect(definition, settings)).toThrow(variable);
      }
      const bad = spec.kind === 'url' ? 'not a url' : spec.kind === 'integer' ? 'many' : spec.kind === 'secret' ? 'x' : undefined;
      if (bad !== undefined && !(spec.kind === 'secret' && (spec.minLength ?? 1) <= 1)) {
        expect(() => connect(definition, { ...sandbox.settings(), [variable]: bad })).toThrow(variable);
      }
    }
    expect(() => connect(definition, { ...sandbox.settings(), [settingVariable(id, 'timeoutMs')]: '-5' })).toThrow(settingVariable(id, 'timeoutMs'));
  });

  const sends = definition.manifest.capabilities.includes('send');
  const purposes = policyFile?.document.purposes.map((purpose) => purpose.id) ?? [];

  // An inbound-only connector (a SIP2 server) sends nothing: the send checks apply to senders.
  for (const purpose of sends ? purposes : []) describe(`purpose ${purpose}`, () => {
    function prepared(seed: number): { message: PreparedMessage; fields: Readonly<Record<string, unknown>>; planted: string[] } {
      // A system of record is told only about members it holds; other partners get the realistic member.
      const known = sandbox.members?.(10);
      const candidate = known === undefined ? realisticMember(seed) : (known[seed % known.length] as ValidMember);
      // A purpose that speaks only of a withdrawn consent (newsletter 'unsubscribe') is tried with every consent withdrawn.
      const member = policy.release(candidate, purpose).carriesFields() ? candidate : withEveryConsentWithdrawn(candidate);
      const withheld = presentLeafPaths(member).filter((path) => !policy.release(member, purpose).disclosedFields().some((field) => field.path === path));
      const canaried = plantCanaries(member, withheld);
      const payload = policy.release(canaried.member, purpose);
      return { message: prepareForPartner(connector, payload), fields: payload.fields, planted: canaried.planted };
    }

    it('sends no canary from a withheld field, and the partner receives exactly the prepared bytes', async () => {
      const { message, planted } = prepared(21);
      expect(planted.length).toBeGreaterThan(0);
      expect(message.body).not.toContain(CANARY);
      expect(JSON.stringify(message.route)).not.toContain(CANARY);
      await connector.deliver(message, { deliveryId: `conformance-${purpose}`, signal: AbortSignal.timeout(5000) });
      const received = sandbox.received();
      expect(received.length).toBeGreaterThan(0);
      expect(received.map((r) => r.body)).toContain(message.body);
      for (const request of received) expect(request.body).not.toContain(CANARY);
    });

    it('round-trips through its mapping: what the message carries reads back as the released fields', () => {
      const { message, fields } = prepared(22);
      expect(leaves(connector.read(message))).toEqual(leaves(fields));
    });

    it('turns partner errors into typed errors', async () => {
      const { message } = prepared(23);
      const attempt = (key: string) => connector.deliver(message, { deliveryId: key, signal: AbortSignal.timeout(5000) });
      sandbox.setFault({ kind: 'error500' });
      await expect(attempt('e500')).rejects.toMatchObject({ transient: true });
      sandbox.setFault({ kind: 'reject400' });
      await expect(attempt('e400')).rejects.toBeInstanceOf(PartnerRejected);
      sandbox.setFault({ kind: 'malformed-json' });
      await expect(attempt('malformed')).rejects.toBeInstanceOf(ConnectorError);
    });

    it('honours its timeout', async () => {
      const quick = connect(definition, { ...sandbox.settings(), [settingVariable(id, 'timeoutMs')]: '250' });
      const { message } = prepared(24);
      sandbox.setFault({ kind: 'slow', ms: 2000 });
      const started = Date.now();
      await expect(quick.deliver(message, { deliveryId: 'slow', signal: AbortSignal.timeout(10_000) })).rejects.toBeInstanceOf(PartnerTimeout);
      expect(Date.now() - started).toBeLessThan(1500);
      await quick.close?.();
    });
  });

  // A lending system registers loans and returns at a machine: the loan carries what the circulation
  // purpose releases and nothing planted elsewhere; a return carries no member data at all.
  const circulates = definition.manifest.capabilities.includes('circulate');
  for (const purpose of circulates ? ['circulation'] : []) describe('circulation', () => {
    it('registers a loan with no canary from a withheld field, and a return that names only the item', async () => {
      expect(purposes).toContain(purpose);
      expect(connector.checkout).toBeDefined();
      expect(connector.checkin).toBeDefined();
      const member = (sandbox.members?.(10) ?? [])[3] as ValidMember;
      const item = 'CONFORMANCE-ITEM-1';
      const request = { ...member, loans: [{ itemId: item }] };
      const withheld = presentLeafPaths(request).filter((path) => !policy.release(request, purpose).disclosedFields().some((field) => field.path === path));
      const canaried = plantCanaries(request, withheld);
      expect(canaried.planted.length).toBeGreaterThan(0);
      const payload = policy.release({ ...canaried.member, loans: [{ itemId: item }] }, purpose);
      const loan = await connector.checkout?.(payload, { deliveryId: 'conformance-loan', signal: AbortSignal.timeout(5000) });
      expect(loan).toEqual({ ok: false, refusal: expect.any(String) });
      const returned = await connector.checkin?.(item, { deliveryId: 'conformance-return', signal: AbortSignal.timeout(5000) });
      expect(returned).toEqual({ ok: false, refusal: 'item-unknown' });
      const sent = (key: string) => sandbox.received().filter((entry) => entry.idempotencyKey === key);
      expect(sent('conformance-loan').length).toBeGreaterThan(0);
      expect(sent('conformance-return').length).toBeGreaterThan(0);
      for (const entry of sent('conformance-loan')) expect(entry.body).not.toContain(CANARY);
      for (const entry of sent('conformance-return')) {
        expect(entry.body).toContain(item);
        for (const memberValue of [CANARY, member.memberId, member.cardNumber]) expect(entry.body).not.toContain(memberValue);
      }
    });
  });

  it('reports its health', async () => {
    await expect(connector.health(AbortSignal.timeout(3000))).resolves.toEqual({ status: 'up' });
  });
});
