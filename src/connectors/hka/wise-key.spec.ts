import { epochDay, wiseKey } from './wise-key';

describe('wiseKey', () => {
  // Computed by hand, outside this code:
  //   echo -n "19723bieb-gateway" | openssl dgst -sha256 -hmac "wise-test-key"
  //   echo -n "19724bieb-gateway" | openssl dgst -sha256 -hmac "wise-test-key"
  // 19723 is the UTC epoch day of 2024-01-01 (1704067200000 / 86400000).
  const JAN_1 = 'd062a4d0be44ae4aec9d4ab6f6939837608f6da0d8f32cbfb5b3b4446cfcf56e';
  const JAN_2 = 'd63e99673cdd850bbe06d35c22bf72309901be972926f9e42ba6e39c832005b6';

  it('is API-ID, a colon and the hex HMAC-SHA-256 of the UTC epoch day and the application under the API key', () => {
    expect(wiseKey('GW01', 'wise-test-key', 'bieb-gateway', Date.UTC(2024, 0, 1, 12, 30))).toBe(`GW01:${JAN_1}`);
  });

  it('stays the same all through the UTC day and changes at midnight UTC', () => {
    expect(wiseKey('GW01', 'wise-test-key', 'bieb-gateway', Date.UTC(2024, 0, 1, 0, 0, 0))).toBe(`GW01:${JAN_1}`);
    expect(wiseKey('GW01', 'wise-test-key', 'bieb-gateway', Date.UTC(2024, 0, 1, 23, 59, 59, 999))).toBe(`GW01:${JAN_1}`);
    expect(wiseKey('GW01', 'wise-test-key', 'bieb-gateway', Date.UTC(2024, 0, 2))).toBe(`GW01:${JAN_2}`);
    expect(epochDay(Date.UTC(2024, 0, 1))).toBe(19723);
  });

  it('depends on the key and the application name', () => {
    const now = Date.UTC(2024, 0, 1, 12);
    expect(wiseKey('GW01', 'other-key', 'bieb-gateway', now)).not.toBe(`GW01:${JAN_1}`);
    expect(wiseKey('GW01', 'wise-test-key', 'other-app', now)).not.toBe(`GW01:${JAN_1}`);
  });
});
