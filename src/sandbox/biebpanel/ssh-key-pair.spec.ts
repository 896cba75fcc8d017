import { ParsedKey, utils } from 'ssh2';
import { sshKeyPair } from './ssh-key-pair';

describe('sshKeyPair', () => {
  it('gives only pairs whose both halves ssh2 reads back, where ssh2 alone gives about one bad pair in 256', () => {
    // 3,000 draws: with ssh2's generator alone, a bad pair among them is all but certain (1 - (255/256)^3000 > 0.9999).
    for (let i = 0; i < 3000; i += 1) {
      const pair = sshKeyPair();
      const pub = utils.parseKey(pair.public);
      const priv = utils.parseKey(pair.private);
      expect(pub).not.toBeInstanceOf(Error);
      expect(priv).not.toBeInstanceOf(Error);
      expect((priv as ParsedKey).getPublicSSH().equals((pub as ParsedKey).getPublicSSH())).toBe(true);
    }
  });
});
