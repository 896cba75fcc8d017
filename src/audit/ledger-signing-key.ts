import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Checkpoint, signCheckpoint, verifierKey } from './checkpoint-note';

/**
 * The Ed25519 key that signs the ledger's checkpoints, read from a PEM file outside the database (a
 * database writer can rewrite rows, but cannot sign a checkpoint for them). The gateway makes the key
 * when the file does not exist yet; the command-line verifier only reads it.
 */
export class LedgerSigningKey {
  private constructor(
    private readonly key: KeyObject,
    readonly name: string,
  ) {}

  /** `create`: make the key (mode 0600) when the file is missing; otherwise a missing file is an error. */
  static load(file: string, name: string, options: { readonly create: boolean }): { key: LedgerSigningKey; created: boolean } {
    let created = false;
    if (options.create) {
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
        writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
        created = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} must be readable by its owner only (chmod 600)`);
    const key = createPrivateKey(readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} must hold an Ed25519 private key (PKCS#8 PEM)`);
    return { key: new LedgerSigningKey(key, name), created };
  }

  /** `<name>+<key id>+<public key>`: what an auditor needs to check a checkpoint without the gateway. */
  verifier(): string {
    return verifierKey(this.name, this.key);
  }

  sign(checkpoint: Checkpoint): string {
    return signCheckpoint(checkpoint, this.name, this.key);
  }
}
