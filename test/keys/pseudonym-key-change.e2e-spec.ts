import { AccountEventLog } from '../../src/audit/account-event-log';
import { pseudonymKeyFingerprint } from '../../src/audit/pseudonym-key-check';
import { describeEachDatabase } from '../support/databases';
import { KeptData, keptData } from '../support/kept-data';

const ORIGINAL = 'original-pseudonym-key-0123456789abcdef01234';
const OTHER = 'another-pseudonym-key-0123456789abcdef012345';

/**
 * The pseudonym key does not rotate silently: its fingerprint is recorded at the first start, another
 * key is refused with the reason, and only PSEUDONYM_KEY_CHANGE_CONFIRMED=<the new fingerprint> lets it
 * through — recorded in the signed chain of account events.
 */
describeEachDatabase('pseudonym key change', (database) => {
  let data: KeptData;
  const start = (env: Record<string, string>) => data.start({ CONNECTORS: 'none', ...env });

  beforeAll(async () => {
    data = await keptData(database);
  });
  afterAll(async () => {
    await data.remove();
  });

  it('refuses another pseudonym key unless its fingerprint is confirmed, and records the confirmed change', async () => {
    const first = await start({ PSEUDONYM_KEY: ORIGINAL });
    await first.close();

    const refusal = start({ PSEUDONYM_KEY: OTHER });
    await expect(refusal).rejects.toThrow(`fingerprint ${pseudonymKeyFingerprint(ORIGINAL)}; this key's is ${pseudonymKeyFingerprint(OTHER)}`);
    await expect(refusal).rejects.toThrow("every member's pseudonym changes at every partner");
    await expect(refusal).rejects.toThrow(`PSEUDONYM_KEY_CHANGE_CONFIRMED=${pseudonymKeyFingerprint(OTHER)}`);
    const message = await refusal.catch((error: Error) => error.message);
    for (const key of [ORIGINAL, OTHER]) expect(message).not.toContain(key);

    // Confirming another fingerprint than this key's confirms nothing.
    await expect(start({ PSEUDONYM_KEY: OTHER, PSEUDONYM_KEY_CHANGE_CONFIRMED: pseudonymKeyFingerprint('a-third-key-0123456789abcdef0123456789') })).rejects.toThrow('not this key\'s fingerprint');

    const confirmed = await start({ PSEUDONYM_KEY: OTHER, PSEUDONYM_KEY_CHANGE_CONFIRMED: pseudonymKeyFingerprint(OTHER) });
    try {
      const events = await confirmed.app.get(AccountEventLog).list();
      expect(events.filter((event) => event.kind === 'key-changed')).toEqual([
        expect.objectContaining({ kind: 'key-changed', accountName: `pseudonym key ${pseudonymKeyFingerprint(ORIGINAL)} -> ${pseudonymKeyFingerprint(OTHER)}`, by: 'PSEUDONYM_KEY_CHANGE_CONFIRMED' }),
      ]);
      expect(await confirmed.app.get(AccountEventLog).verify()).toMatchObject({ ok: true });
    } finally {
      await confirmed.close();
    }

    // The new key is now the recorded one: it starts without confirmation, and the original is refused.
    const after = await start({ PSEUDONYM_KEY: OTHER, PSEUDONYM_KEY_CHANGE_CONFIRMED: pseudonymKeyFingerprint(OTHER) });
    expect((await after.app.get(AccountEventLog).list()).filter((event) => event.kind === 'key-changed')).toHaveLength(1);
    await after.close();
    await (await start({ PSEUDONYM_KEY: OTHER })).close();
    await expect(start({ PSEUDONYM_KEY: ORIGINAL })).rejects.toThrow(`fingerprint ${pseudonymKeyFingerprint(OTHER)}; this key's is ${pseudonymKeyFingerprint(ORIGINAL)}`);
  }, 120_000);
});
