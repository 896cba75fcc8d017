import { Member, ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { GatewayError } from '../errors/gateway-error';
import { compilePolicy } from './policy.compiler';
import { FieldRule, PolicyDocument } from './policy.document';
import { planFor } from './projection-plan';
import { generateProjection, generateSerialization } from './projector.codegen';
import { isTransformOf, transformsFor } from './transforms';

const NOW = Date.parse('2026-06-15T12:00:00+02:00');
const SECRET = Buffer.from('pseudonym secret of kb');

/** A document as it might come back from a database someone edited: never validated on the way. */
function rawDocument(fields: unknown[]): PolicyDocument {
  return {
    partner: 'kb',
    displayName: 'Koninklijke Bibliotheek',
    relationship: 'joint-controller',
    agreement: { reference: 'GVV-KB-2023', validFrom: '2023-02-01' },
    purposes: [{ id: 'lending', description: 'test', legalBasis: 'contract', fields: fields as FieldRule[] }],
  };
}

function member(): ValidMember {
  const candidate: Member = {
    memberId: 'P1',
    cardNumber: '20001234567890',
    libraryId: 'STA',
    name: { firstNames: 'Jan', lastName: 'Berg', prefix: 'van der' },
    addresses: [{ kind: 'home', street: 'Dorpsstraat', houseNumber: '1', postalCode: '7951AB', city: 'Staphorst' }],
    loans: [{ itemId: 'ITM1', title: 'Tirza' }],
    membership: { subscription: 'volwassen', status: 'active' },
  };
  const result = validateMember(candidate);
  if (!result.ok) throw new Error('sample member is not valid');
  return result.member;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof GatewayError ? error.code : (error as Error).message;
  }
  return undefined;
}

describe('the policy compiler defends itself, not only the validator in front of it', () => {
  it('validates every document it compiles: an unknown transform, an overlap or an unknown path is refused', () => {
    const compile = (fields: unknown[]) => () => compilePolicy(rawDocument(fields), { version: 1, contentHash: 'x', pseudonymSecret: SECRET });
    expect(codeOf(compile([{ path: 'name.lastName', transform: 'constructor' }]))).toBe('VALIDATION_FAILED');
    expect(codeOf(compile([{ path: 'name' }, { path: 'name.lastName', transform: 'initials' }]))).toBe('VALIDATION_FAILED');
    expect(codeOf(compile([{ path: 'shoeSize' }]))).toBe('VALIDATION_FAILED');
    expect(codeOf(compile([{ path: 'name.lastName', transform: 'initials' }]))).toBeUndefined();
  });

  it('generates no code for a transform the table does not own (constructor, toString, __proto__)', () => {
    const table = transformsFor(SECRET);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isTransformOf(table, name)).toBe(false);
      expect((table as unknown as Record<string, unknown>)[name]).toBeUndefined();
      const plan = planFor([{ path: 'name.lastName', transform: name as never }]);
      expect(() => generateProjection(plan, table)).toThrow(/refusing to generate code for transform/);
      expect(() => generateSerialization(plan, table)).toThrow(/refusing to generate code for transform/);
    }
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.getPrototypeOf(table)).toBeNull();
  });

  it('refuses overlapping rules when planning, in either order', () => {
    expect(() => planFor([{ path: 'name' }, { path: 'name.lastName', transform: 'initials' }])).toThrow(/overlaps/);
    expect(() => planFor([{ path: 'name.lastName', transform: 'initials' }, { path: 'name' }])).toThrow(/overlaps/);
    expect(() => planFor([{ path: 'addresses[].city' }, { path: 'addresses[]' }])).toThrow(/overlaps/);
    expect(() => planFor([{ path: 'name.lastName' }, { path: 'name.firstNames' }])).not.toThrow();
  });

  it('releases fields frozen all the way down: nothing after the policy can add or change a value', () => {
    const policy = compilePolicy(rawDocument([{ path: 'name' }, { path: 'addresses[].city' }, { path: 'loans[]' }]), { version: 1, contentHash: 'x', pseudonymSecret: SECRET });
    const fields = policy.release(member(), 'lending', NOW).fields as { name: object; addresses: Array<object>; loans: Array<object> };
    for (const value of [fields, fields.name, fields.addresses, fields.addresses[0], fields.loans, fields.loans[0]]) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (fields.name as { lastName: string }).lastName = 'X';
    }).toThrow(TypeError);
  });
});
