import fc from 'fast-check';
import { validateMember } from '../src/domain/member.validator';
import { compilePolicy } from '../src/policy/policy.compiler';
import { memberArbitrary } from './factories/member.arbitrary';
import { policyArbitrary } from './factories/policy.arbitrary';

const NOW = Date.UTC(2026, 5, 15, 10, 0);

/** Strings that JSON must escape, in the places a member can hold free text. */
const awkward = fc.constantFrom('quote " inside', 'back\\slash', 'tab\there', 'line\nbreak', '\u0001ctl', 'emoji 😀', 'lone \ud800 surrogate', 'ünïcödé', '');

describe('the released payload as JSON text', () => {
  it('is exactly JSON.stringify of the released fields, for any member and any policy', () => {
    fc.assert(
      fc.property(memberArbitrary(), policyArbitrary({ nowMs: NOW }), fc.array(awkward, { maxLength: 3 }), (generated, document, texts) => {
        const member = structuredClone(generated);
        // Free text with characters JSON must escape, where the contract allows any text.
        texts.forEach((text, index) => {
          if (index === 0 && member.name.firstNames !== undefined) member.name.firstNames = text;
          if (index === 1 && member.loans?.[0]?.title !== undefined) member.loans[0].title = text;
          if (index === 2 && member.interests !== undefined && member.interests.length > 0) member.interests[0] = text;
        });
        const checked = validateMember(member);
        fc.pre(checked.ok);
        if (!checked.ok) return;
        const policy = compilePolicy(document, { version: 1, contentHash: 'h', pseudonymSecret: Buffer.from('secret') });
        for (const purpose of policy.purposeIds()) {
          let payload;
          try {
            payload = policy.release(checked.member, purpose, NOW);
          } catch {
            continue; // a refusal (consent) releases nothing to serialize
          }
          expect(payload.json()).toBe(JSON.stringify(payload.fields));
        }
      }),
      { numRuns: 300 },
    );
  });
});
