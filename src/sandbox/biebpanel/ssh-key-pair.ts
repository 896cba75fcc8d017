import { utils } from 'ssh2';

/** Both halves in OpenSSH text form. */
export interface SshKeyPair {
  readonly private: string;
  readonly public: string;
}

/**
 * An ed25519 key pair in OpenSSH format whose both halves ssh2 itself can read back.
 *
 * ssh2's own `generateKeyPairSync('ed25519')` strips every leading zero byte of the public key, so about one
 * pair in 256 comes out with a 31-byte key that `parseKey` (and `new Server({ hostKeys })`) then refuses as
 * "Malformed OpenSSH private key" (mscdex/ssh2 issues 1390 and 1513, open at ssh2 1.17). Such a pair is
 * thrown away and another drawn; a pair that parses is a sound one.
 */
export function sshKeyPair(): SshKeyPair {
  for (let attempt = 0; attempt < 64; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (readable(pair.public) && readable(pair.private)) return pair;
  }
  throw new Error('no readable ed25519 key pair in 64 draws');
}

/** The public key blob of ed25519: the 4-byte length and name `ssh-ed25519`, the 4-byte length and 32 key bytes. */
const PUBLIC_BLOB_BYTES = 4 + 11 + 4 + 32;

function readable(key: string): boolean {
  const parsed = utils.parseKey(key);
  return !(parsed instanceof Error) && parsed.getPublicSSH().length === PUBLIC_BLOB_BYTES;
}
