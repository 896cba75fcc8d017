import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { catalogField, FIELD_CATALOG } from '../src/domain/field-catalog';
import { ConsentName, Member, ValidMember } from '../src/domain/member';
import { validateMember } from '../src/domain/member.validator';
import { compilePolicy } from '../src/policy/policy.compiler';
import { FieldRule, PolicyDocument, Purpose, Transform } from '../src/policy/policy.document';
import { PolicyRefusal } from '../src/policy/policy-refusal';
import { validatePolicyDocument } from '../src/policy/policy.validator';
import { memberArbitrary } from './factories/member.arbitrary';
import { minimalMember, realisticMember } from './factories/member.factory';
import { policyArbitrary } from './factories/policy.arbitrary';

/*
 * Properties of the policy engine over random valid members and random valid policies.
 * Reproduce a failure with the seed (and path) fast-check prints: FC_SEED=<seed> npx jest test/policy-engine.property.spec.ts
 * The expected outputs are recomputed here with a small reference implementation of the semantics,
 * independent of the engine's projection and transforms.
 */
const SEED = Number(process.env.FC_SEED ?? 20_251_125);
const RUNS = Number(process.env.FC_RUNS ?? 300);
const params = { seed: SEED, numRuns: RUNS };

/** 00:30 in Amsterdam on 2026-06-16 while it is still 2026-06-15 in UTC: day arithmetic in UTC would show. */
const NOW = Date.UTC(2026, 5, 15, 22, 30);
const SECRET_A = Buffer.from('pseudonym secret of partner A');
const SECRET_B = Buffer.from('pseudonym secret of partner B');

type Json = Record<string, unknown>;

function asValid(member: Member): ValidMember {
  const result = validateMember(member);
  if (!result.ok) throw new Error(`generated member is not valid: ${JSON.stringify(result.violations)}`);
  return result.member;
}

function asValidPolicy(document: PolicyDocument): PolicyDocument {
  const result = validatePolicyDocument(document);
  if (!result.ok) throw new Error(`generated policy is not valid: ${JSON.stringify(result.violations)}`);
  return result.document;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Reference implementation of the semantics (deliberately simple, sharing no code with the engine)
// ---------------------------------------------------------------------------------------------

function valueAt(member: unknown, path: string): unknown {
  let at: unknown = member;
  for (const key of path.split('.')) {
    if (!isRecord(at) || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

function whenHolds(member: unknown, when: FieldRule['when']): boolean {
  return Object.entries(when ?? {}).every(([path, value]) => valueAt(member, path) === value);
}

function amsterdamDate(nowMs: number): string {
  // 'sv-SE' formats as YYYY-MM-DD
  return new Date(nowMs).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

function referenceTransform(transform: Transform, value: string | number | boolean, nowMs: number, secret: Buffer): unknown {
  const text = String(value);
  switch (transform) {
    case 'copy':
      return value;
    case 'year':
      return /^\d{4}-/.test(text) ? text.slice(0, 4) : undefined;
    case 'age-band': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
      const today = amsterdamDate(nowMs);
      const age = Number(today.slice(0, 4)) - Number(text.slice(0, 4)) - (today.slice(5) < text.slice(5) ? 1 : 0);
      if (age < 0) return undefined;
      if (age <= 11) return '0-11';
      if (age <= 17) return '12-17';
      if (age <= 24) return '18-24';
      if (age <= 44) return '25-44';
      if (age <= 64) return '45-64';
      return '65+';
    }
    case 'postcode4': {
      const match = /^([1-9][0-9]{3})\s?[A-Za-z]{2}$/.exec(text.trim());
      return match === null ? undefined : match[1];
    }
    case 'initials': {
      const parts = text.split(/[\s.'-]+/u).filter((part) => part !== '');
      return parts.length === 0 ? undefined : parts.map((part) => `${String.fromCodePoint(part.codePointAt(0) ?? 0).toUpperCase()}.`).join('');
    }
    case 'last4': {
      const chars = [...text];
      return chars.length <= 4 ? text : '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
    }
    case 'pseudonym':
      return createHmac('sha256', secret).update(text).digest('hex');
  }
}

interface Rule {
  readonly path: string;
  readonly transform: Transform;
  readonly when?: FieldRule['when'];
}

function rulesOf(purpose: Purpose): Rule[] {
  return purpose.fields.map((field) => ({ path: field.path, transform: field.transform ?? 'copy', ...(field.when !== undefined ? { when: field.when } : {}) }));
}

/** The rule that lists `path` itself or one of its ancestors. */
function coveringRule(rules: readonly Rule[], path: string): Rule | undefined {
  return rules.find((rule) => rule.path === path || path.startsWith(`${rule.path}.`));
}

/** True when the policy lets the catalog path out for this member (listed, and its `when` holds). */
function allowed(rules: readonly Rule[], member: unknown, path: string): boolean {
  const rule = coveringRule(rules, path);
  return rule !== undefined && whenHolds(member, rule.when);
}

/** What the policy should release: default deny, '[]' on every element, empty objects and arrays dropped. */
function expectedRelease(member: object, rules: readonly Rule[], nowMs: number, secret: Buffer): Json {
  const leaf = (value: unknown, path: string, rule: Rule): unknown => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    return referenceTransform(rule.path === path ? rule.transform : 'copy', value, nowMs, secret);
  };
  const node = (value: unknown, path: string, rule: Rule | undefined): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => (isRecord(item) ? object(item, path, rule) : rule === undefined ? undefined : leaf(item, path, rule))).filter((item) => item !== undefined);
      return items.length === 0 ? undefined : items;
    }
    if (isRecord(value)) return object(value, path, rule);
    return rule === undefined ? undefined : leaf(value, path, rule);
  };
  function object(source: Json, prefix: string, inherited: Rule | undefined): Json | undefined {
    const out: Json = {};
    for (const key of Object.keys(source)) {
      const value = source[key];
      const path = (prefix === '' ? key : `${prefix}.${key}`) + (Array.isArray(value) ? '[]' : '');
      if (catalogField(path) === undefined) continue;
      const own = inherited ?? rules.find((rule) => rule.path === path);
      let result: unknown;
      if (own !== undefined) result = whenHolds(member, own.when) ? node(value, path, own) : undefined;
      else if (rules.some((rule) => rule.path.startsWith(`${path}.`))) result = node(value, path, undefined);
      if (result !== undefined) out[key] = result;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return object(member as Json, '', undefined) ?? {};
}

/** Every leaf of a member-shaped value as (catalog path, value). */
function leaves(value: unknown, prefix = ''): Array<{ path: string; value: unknown }> {
  const out: Array<{ path: string; value: unknown }> = [];
  const visit = (item: unknown, path: string): void => {
    if (Array.isArray(item)) item.forEach((element) => visit(element, path));
    else if (isRecord(item)) {
      for (const key of Object.keys(item)) {
        const child = item[key];
        visit(child, (path === '' ? key : `${path}.${key}`) + (Array.isArray(child) ? '[]' : ''));
      }
    } else out.push({ path, value: item });
  };
  visit(value, prefix);
  return out;
}

const leafPathSet = (value: unknown): Set<string> => new Set(leaves(value).map((entry) => entry.path));
const sorted = (values: Iterable<string>): string[] => [...values].sort();

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

interface Scenario {
  readonly member: ValidMember;
  readonly document: PolicyDocument;
  readonly purpose: Purpose;
  readonly rules: Rule[];
}

const grantedConsent = { granted: true, on: '2025-01-01T09:00:00Z' };

/** A random member, a random policy, one of its purposes; often with the consent that purpose needs. */
const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({ member: memberArbitrary(), document: policyArbitrary({ nowMs: NOW }), pick: fc.nat(), grant: fc.boolean() })
  .map(({ member, document, pick, grant }) => {
    const purpose = document.purposes[pick % document.purposes.length] as Purpose;
    const consent = purpose.requiresConsent;
    const withConsent: Member = grant && consent !== undefined ? { ...member, consents: { ...member.consents, [consent]: grantedConsent } } : member;
    return { member: asValid(withConsent), document: asValidPolicy(document), purpose, rules: rulesOf(purpose) };
  });

function consentMissing(scenario: Scenario): boolean {
  const consent = scenario.purpose.requiresConsent;
  return consent !== undefined && scenario.member.consents?.[consent]?.granted !== true;
}

function releaseFields(scenario: Scenario, member: unknown, secret = SECRET_A): Json {
  const policy = compilePolicy(scenario.document, { version: 1, contentHash: 'hash', pseudonymSecret: secret });
  return policy.release(member as ValidMember, scenario.purpose.id, NOW).fields;
}

function expectRefusal(run: () => unknown, code: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PolicyRefusal);
  expect((caught as PolicyRefusal).code).toBe(code);
}

describe('member factory', () => {
  it('makes the same realistic, valid member for the same seed, and another one for another seed', () => {
    const member = realisticMember(7);
    expect(validateMember(member).ok).toBe(true);
    expect(JSON.stringify(realisticMember(7))).toBe(JSON.stringify(member));
    expect(JSON.stringify(realisticMember(8))).not.toBe(JSON.stringify(member));
    expect(member.addresses).toHaveLength(2);
    expect(member.loans).toHaveLength(30);
    expect(member.holds).toHaveLength(10);
    expect(member.fees).toHaveLength(20);
    expect(Object.values(member.consents ?? {}).map((consent) => consent.granted)).toEqual([true, true, true, true]);
    expect(member.bankAccount?.iban).toMatch(/^NL\d{2}ABNA0\d{9}$/);
    expect(member.directDebitMandate).toBeDefined();
    expect(member.interests?.length).toBeGreaterThan(0);
    for (let seed = 0; seed < 50; seed++) expect(validateMember(realisticMember(seed)).ok).toBe(true);
  });

  it('makes a minimal member with only the required fields', () => {
    expect(Object.keys(minimalMember()).sort()).toEqual(['cardNumber', 'libraryId', 'memberId', 'name']);
    expect(validateMember(minimalMember()).ok).toBe(true);
  });
});

describe(`policy engine properties (fast-check seed ${SEED}, ${RUNS} runs; FC_SEED overrides)`, () => {
  it('the member arbitrary yields only members valid under the contract', () => {
    fc.assert(
      fc.property(memberArbitrary(), (member) => {
        const result = validateMember(member);
        if (!result.ok) throw new Error(JSON.stringify(result.violations));
      }),
      { ...params, numRuns: Math.max(RUNS, 1000) },
    );
  });

  it('the policy arbitrary yields only documents that pass validatePolicyDocument, and they compile', () => {
    fc.assert(
      fc.property(policyArbitrary({ nowMs: NOW }), (document) => {
        const result = validatePolicyDocument(document);
        if (!result.ok) throw new Error(JSON.stringify(result.violations));
        expect(compilePolicy(document, { version: 1, contentHash: 'h', pseudonymSecret: SECRET_A }).purposeIds()).toEqual(document.purposes.map((p) => p.id));
      }),
      { ...params, numRuns: Math.max(RUNS, 1000) },
    );
  });

  it('(a) every leaf of the output lies at a listed path whose `when` holds for the member', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        fc.pre(!consentMissing(scenario));
        const fields = releaseFields(scenario, scenario.member);
        for (const { path, value } of leaves(fields)) {
          const field = catalogField(path);
          expect(field?.leaf).toBe(true);
          expect(['string', 'number', 'boolean']).toContain(typeof value);
          const rule = coveringRule(scenario.rules, path);
          expect(rule).toBeDefined();
          expect(whenHolds(scenario.member, rule?.when)).toBe(true);
        }
      }),
      params,
    );
  });

  it('(b) the output equals what the reference semantics and transforms give for the member', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        fc.pre(!consentMissing(scenario));
        const fields = releaseFields(scenario, scenario.member);
        expect(fields).toStrictEqual(expectedRelease(scenario.member, scenario.rules, NOW, SECRET_A));
      }),
      params,
    );
  });

  it('(c) a canary planted in every string field the policy does not allow never leaves', () => {
    let plantedInAll = 0;
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        fc.pre(!consentMissing(scenario));
        const conditionPaths = new Set(scenario.rules.flatMap((rule) => Object.keys(rule.when ?? {})));
        const planted = structuredClone(scenario.member) as unknown as Json;
        let canaries = 0;
        const plant = (value: unknown, path: string): unknown => {
          if (typeof value === 'string') {
            if (allowed(scenario.rules, scenario.member, path) || conditionPaths.has(path)) return value;
            canaries += 1;
            return `§canary§${canaries}§`;
          }
          if (Array.isArray(value)) return value.map((item) => plant(item, path));
          if (isRecord(value)) {
            for (const key of Object.keys(value)) {
              const child = value[key];
              value[key] = plant(child, (path === '' ? key : `${path}.${key}`) + (Array.isArray(child) ? '[]' : ''));
            }
          }
          return value;
        };
        plant(planted, '');
        plantedInAll += canaries;
        const text = JSON.stringify(releaseFields(scenario, planted));
        expect(text).not.toContain('§canary§');
      }),
      params,
    );
    // the property is not vacuous: members carry many withheld string fields
    expect(plantedInAll).toBeGreaterThan(RUNS * 10);
  });

  it('(d) unknown keys at any depth (__proto__, constructor, prototype, random names) never pass and pollute nothing', () => {
    const modelKeys = new Set(FIELD_CATALOG.flatMap((field) => field.path.replace(/\[\]/g, '').split('.')));
    const extraKey = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'),
      fc.stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,12}$/).filter((key) => !modelKeys.has(key)),
    );
    const extraValue = fc.constantFrom<(n: number) => unknown>(
      (n) => `§extra§${n}§`,
      (n) => ({ polluted: `§extra§${n}§`, lastName: `§extra§${n}§`, email: `§extra§${n}§` }),
      (n) => [`§extra§${n}§`, { title: `§extra§${n}§` }],
      (n) => ({ prototype: { polluted: `§extra§${n}§` } }),
    );
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(scenarioArbitrary, fc.array(fc.tuple(fc.nat(), extraKey, extraValue), { minLength: 1, maxLength: 8 }), (scenario, extras) => {
        fc.pre(!consentMissing(scenario));
        const copy = structuredClone(scenario.member) as unknown as Json;
        // every object and array of the copy is a place where an extra key may go
        const places: object[] = [];
        const collect = (value: unknown): void => {
          if (value === null || typeof value !== 'object') return;
          places.push(value);
          for (const child of Object.values(value)) collect(child);
        };
        collect(copy);
        extras.forEach(([at, key, value], n) => {
          const place = places[at % places.length] as object;
          if (Object.prototype.hasOwnProperty.call(place, key)) return;
          // an own property, as JSON.parse makes it (assignment to '__proto__' would set the prototype instead)
          Object.defineProperty(place, key, { value: value(n), enumerable: true, writable: true, configurable: true });
        });
        const fields = releaseFields(scenario, copy);
        const text = JSON.stringify(fields);
        expect(text).not.toContain('§extra§');
        expect(fields).toStrictEqual(releaseFields(scenario, scenario.member));
        const outputKeys = new Set<string>();
        const walk = (value: unknown): void => {
          if (value === null || typeof value !== 'object') return;
          if (!Array.isArray(value)) expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
          for (const key of Object.getOwnPropertyNames(value)) {
            outputKeys.add(key);
            walk((value as Json)[key]);
          }
        };
        walk(fields);
        for (const [, key] of extras) if (!modelKeys.has(key)) expect(outputKeys.has(key)).toBe(false);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
        expect(({} as Json).polluted).toBeUndefined();
      }),
      params,
    );
  });

  it('(e) a purpose that requires consent releases nothing unless consents.<name>.granted is true', () => {
    const consentState = fc.constantFrom<'absent' | 'refused' | 'granted'>('absent', 'refused', 'granted');
    fc.assert(
      fc.property(scenarioArbitrary, fc.constantFrom<ConsentName>('directDebit', 'newsletter', 'researchPanel', 'loanHistory'), consentState, (scenario, consent, state) => {
        const document: PolicyDocument = {
          ...scenario.document,
          purposes: scenario.document.purposes.map((p) => (p.id === scenario.purpose.id ? { ...p, requiresConsent: consent } : p)),
        };
        const consents: Member['consents'] = { ...scenario.member.consents };
        delete consents[consent];
        if (state !== 'absent') consents[consent] = { granted: state === 'granted', on: '2025-02-03T10:00:00+01:00' };
        const member = asValid({ ...scenario.member, consents });
        const policy = compilePolicy(asValidPolicy(document), { version: 1, contentHash: 'h', pseudonymSecret: SECRET_A });
        if (state === 'granted') {
          expect(policy.release(member, scenario.purpose.id, NOW).fields).toStrictEqual(expectedRelease(member, scenario.rules, NOW, SECRET_A));
        } else {
          expectRefusal(() => policy.release(member, scenario.purpose.id, NOW), 'CONSENT_MISSING');
          expectRefusal(() => policy.preview(member, scenario.purpose.id, NOW), 'CONSENT_MISSING');
        }
      }),
      params,
    );
  });

  it('(f) pseudonyms are stable for one partner secret and differ between two secrets', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        fc.pre(!consentMissing(scenario));
        // make sure at least one field is pseudonymised: the member id, unconditionally
        const purpose: Purpose = { ...scenario.purpose, fields: [...scenario.purpose.fields.filter((f) => f.path !== 'memberId'), { path: 'memberId', transform: 'pseudonym' }] };
        const document = asValidPolicy({ ...scenario.document, purposes: scenario.document.purposes.map((p) => (p.id === purpose.id ? purpose : p)) });
        const withSecret = { ...scenario, document, purpose, rules: rulesOf(purpose) };
        const first = releaseFields(withSecret, scenario.member, SECRET_A);
        const again = releaseFields(withSecret, structuredClone(scenario.member), Buffer.from(SECRET_A));
        const other = releaseFields(withSecret, scenario.member, SECRET_B);
        expect(again).toStrictEqual(first);
        expect(first.memberId).toBe(createHmac('sha256', SECRET_A).update(scenario.member.memberId).digest('hex'));
        expect(other.memberId).toBe(createHmac('sha256', SECRET_B).update(scenario.member.memberId).digest('hex'));
        expect(other.memberId).not.toBe(first.memberId);
        const pseudonymPaths = new Set(withSecret.rules.filter((r) => r.transform === 'pseudonym').map((r) => r.path));
        const pseudonymsA = leaves(first).filter((l) => pseudonymPaths.has(l.path)).map((l) => l.value);
        const pseudonymsB = new Set(leaves(other).filter((l) => pseudonymPaths.has(l.path)).map((l) => l.value));
        for (const value of pseudonymsA) {
          expect(value).toMatch(/^[0-9a-f]{64}$/);
          expect(pseudonymsB.has(value)).toBe(false);
        }
      }),
      params,
    );
  });

  it("(g) the preview's withheld list and the disclosed fields partition the member's present leaf paths", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        fc.pre(!consentMissing(scenario));
        const policy = compilePolicy(scenario.document, { version: 3, contentHash: 'h3', pseudonymSecret: SECRET_A });
        const { payload, withheld } = policy.preview(scenario.member, scenario.purpose.id, NOW);
        const disclosed = payload.disclosedFields();
        const disclosedPaths = disclosed.map((field) => field.path);
        const present = leafPathSet(scenario.member);
        expect(new Set(withheld).size).toBe(withheld.length);
        expect(new Set(disclosedPaths).size).toBe(disclosedPaths.length);
        expect(disclosedPaths.filter((path) => withheld.includes(path))).toEqual([]);
        expect(sorted([...withheld, ...disclosedPaths])).toEqual(sorted(present));
        const carried = disclosed.filter((field) => field.transform !== 'inferred');
        expect(sorted(carried.map((field) => field.path))).toEqual(sorted(leafPathSet(expectedRelease(scenario.member, scenario.rules, NOW, SECRET_A))));
        // A field a condition tested, for a guarded field the member holds, is given away by inference: named, never carried.
        const tested = new Set(
          scenario.rules.filter((rule) => Object.keys(rule.when ?? {}).length > 0 && [...present].some((path) => path === rule.path || path.startsWith(`${rule.path}.`))).flatMap((rule) => Object.keys(rule.when ?? {})),
        );
        expect(sorted(disclosed.filter((field) => field.transform === 'inferred').map((field) => field.path))).toEqual(sorted([...tested].filter((path) => present.has(path) && !carried.some((field) => field.path === path))));
        for (const field of carried) {
          const rule = coveringRule(scenario.rules, field.path);
          expect(field.transform).toBe(rule?.path === field.path ? rule.transform : 'copy');
        }
      }),
      params,
    );
  });

  it('refuses every release outside the agreement and for unknown purposes, whatever the member', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 1, max: 4000 }), (scenario, days) => {
        const { validFrom, validUntil } = scenario.document.agreement;
        const policy = compilePolicy(scenario.document, { version: 1, contentHash: 'h', pseudonymSecret: SECRET_A });
        expectRefusal(() => policy.release(scenario.member, 'no-such-purpose-x', NOW), 'PURPOSE_UNKNOWN');
        const before = Date.parse(`${validFrom}T00:00:00Z`) - days * 86_400_000;
        expectRefusal(() => policy.release(scenario.member, scenario.purpose.id, before), 'AGREEMENT_NOT_IN_FORCE');
        if (validUntil !== undefined) {
          const after = Date.parse(`${validUntil}T23:00:00Z`) + days * 86_400_000;
          expectRefusal(() => policy.release(scenario.member, scenario.purpose.id, after), 'AGREEMENT_NOT_IN_FORCE');
        }
      }),
      params,
    );
  });
});
