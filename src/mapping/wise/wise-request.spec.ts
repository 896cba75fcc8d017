import { join } from 'node:path';
import { realisticMember } from '../../../test/factories/member.factory';
import { MappingFailed } from '../../errors/partner-errors';
import { compilePolicy } from '../../policy/policy.compiler';
import { loadPolicyFile } from '../../policy/policy.loader';
import { wiseRequestFor } from './wise-request';
import { wiseToFields } from './wise-to-fields';

const NOW = Date.UTC(2025, 5, 2, 10);
const policy = compilePolicy(loadPolicyFile(join(__dirname, '../../../policies/hka.yaml')).document, {
  version: 1,
  contentHash: 'h',
  pseudonymSecret: Buffer.alloc(32, 1),
});

describe('wiseRequestFor', () => {
  const member = realisticMember(5);

  it.each([
    ['payments', 'POST', '/patron/{patronSystemId}/library/STA/payment'],
    ['consents', 'PUT', '/patron/{patronSystemId}/library/STA/consents'],
    ['lending', 'PUT', '/patron/{patronSystemId}/library/STA'],
    ['reminders', 'PUT', '/patron/{patronSystemId}/library/STA'],
    ['circulation', 'POST', '/patron/{patronSystemId}/library/STA/loan'],
  ])('sends the %s purpose as %s %s, a body that reads back to exactly the released fields', (purpose, method, path) => {
    const released = policy.release(member, purpose, NOW);
    const request = wiseRequestFor(purpose, released.fields, 'STA');
    expect(request.method).toBe(method);
    expect(request.path).toBe(path);
    expect(request.path).not.toContain(member.memberId);
    expect(wiseToFields(JSON.parse(request.body))).toEqual(released.fields);
  });

  it('registers a payment as the patron id, card number, remaining balance and the fees with their statuses', () => {
    const released = policy.release(member, 'payments', NOW);
    const body = JSON.parse(wiseRequestFor('payments', released.fields, 'STA').body);
    expect(Object.keys(body).sort()).toEqual(['balance', 'cardNumber', 'fees', 'patronSystemId']);
    expect(body.fees[0]).toEqual({ feeId: member.fees?.[0]?.feeId, amount: member.fees?.[0]?.amountCents, status: 'OPEN' });
    expect(body.balance).toBe(member.balanceCents);
  });

  it('carries none of the member fields the purpose does not release', () => {
    const body = wiseRequestFor('consents', policy.release(member, 'consents', NOW).fields, 'STA').body;
    for (const withheld of [member.name.lastName, member.cardNumber, member.email ?? '?', member.bankAccount?.iban ?? '?']) {
      expect(body).not.toContain(withheld);
    }
  });

  it('escapes the library id in the path', () => {
    expect(wiseRequestFor('payments', { memberId: 'P1' }, 'STA/2').path).toBe('/patron/{patronSystemId}/library/STA%2F2/payment');
  });

  it('refuses a purpose without a Wise endpoint, and fields without the patron id', () => {
    expect(() => wiseRequestFor('marketing', { memberId: 'P1' }, 'STA')).toThrow(MappingFailed);
    expect(() => wiseRequestFor('payments', { cardNumber: '1234' }, 'STA')).toThrow(/memberId/);
  });
});
