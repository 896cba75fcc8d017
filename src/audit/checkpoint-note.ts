import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * Signed checkpoints of the ledger in the C2SP formats that certificate-transparency logs and Go's
 * checksum database use (c2sp.org/tlog-checkpoint, c2sp.org/signed-note):
 *
 *   <origin>\n<tree size>\n<root hash, base64>\n[extension lines]\n\n— <key name> <base64(key id || signature)>\n
 *
 * The signature is Ed25519 over the note's text (everything before the blank line, with its final
 * newline); the key id is the first 4 bytes of SHA-256(key name || "\n" || 0x01 || public key). Anyone
 * with the verifier key (`<name>+<key id hex>+<base64(0x01 || public key)>`) can check a checkpoint
 * without the gateway or its database.
 */
const ED25519 = 0x01;
const EM_DASH = '\u2014';

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** Base64 of the 32-byte root. */
  readonly rootHash: string;
  readonly extensions: readonly string[];
}

export function checkpointBody(checkpoint: Checkpoint): string {
  for (const line of [checkpoint.origin, ...checkpoint.extensions]) {
    if (line === '' || line.includes('\n')) throw new Error('checkpoint lines must be non-empty single lines');
  }
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n${checkpoint.extensions.map((line) => `${line}\n`).join('')}`;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('the ledger signing key must be an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

function keyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), publicKey])).digest().subarray(0, 4);
}

/** The verifier key string of a signing key: what auditors need to check checkpoints. */
export function verifierKey(name: string, privateOrPublic: KeyObject): string {
  const publicKey = rawPublicKey(privateOrPublic.type === 'private' ? createPublicKey(privateOrPublic) : privateOrPublic);
  return `${name}+${keyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

/** The signed note: the checkpoint and one signature line. */
export function signCheckpoint(checkpoint: Checkpoint, name: string, privateKey: KeyObject): string {
  const body = checkpointBody(checkpoint);
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey);
  return `${body}\n${EM_DASH} ${name} ${Buffer.concat([keyId(name, publicKey), signature]).toString('base64')}\n`;
}

export type NoteVerdict = { readonly ok: true; readonly checkpoint: Checkpoint; readonly verifier: string } | { readonly ok: false; readonly reason: string };

interface ParsedVerifier {
  readonly text: string;
  readonly name: string;
  readonly id: Buffer;
  readonly publicKey: Buffer;
}

function parseVerifier(verifier: string): ParsedVerifier | string {
  const parts = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(verifier.trim());
  if (parts === null) return 'the verifier key is not <name>+<key id>+<key>';
  const [, name = '', id = '', encoded = ''] = parts;
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) return 'the verifier key is not an Ed25519 key';
  const publicKey = key.subarray(1);
  if (keyId(name, publicKey).toString('hex') !== id) return 'the verifier key id does not match its key';
  return { text: verifier.trim(), name, id: Buffer.from(id, 'hex'), publicKey };
}

/** The keys a note's signature lines name, as `<name> <key id hex>`: which key signed it, before any is checked. */
export function signingKeysNamed(note: string): string[] {
  const split = note.indexOf('\n\n');
  if (split < 0) return [];
  return note
    .slice(split + 2)
    .split('\n')
    .flatMap((line) => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      return match === null ? [] : [`${match[1] ?? ''} ${Buffer.from(match[2] ?? '', 'base64').subarray(0, 4).toString('hex')}`];
    });
}

/**
 * Checks a signed checkpoint and reads it. `verifiers` is the gateway's key ring: its signing key's
 * verifier key and those of keys it signed with before a rotation. The note's signature line names its
 * key (name and key id): that key must be in the ring, and its signature must hold — a note naming an
 * unknown key, or naming one key and signed by another, fails. Never throws for a bad note.
 */
export function openCheckpoint(note: string, verifiers: string | readonly string[]): NoteVerdict {
  const ring: ParsedVerifier[] = [];
  for (const verifier of typeof verifiers === 'string' ? [verifiers] : verifiers) {
    const parsed = parseVerifier(verifier);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    ring.push(parsed);
  }
  if (ring.length === 0) return { ok: false, reason: 'no verifier key is configured' };
  const split = note.indexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'the note has no signature block' };
  const body = note.slice(0, split + 1);
  const signatures = note.slice(split + 2).split('\n').filter((line) => line !== '');
  let found: { verifier: ParsedVerifier; signature: Buffer } | undefined;
  for (const candidate of signatures) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(candidate);
    if (match === null) continue;
    const signed = Buffer.from(match[2] ?? '', 'base64');
    const verifier = ring.find((known) => known.name === match[1] && known.id.equals(signed.subarray(0, 4)));
    if (verifier !== undefined) {
      found = { verifier, signature: signed.subarray(4) };
      break;
    }
  }
  if (found === undefined) {
    const named = signingKeysNamed(note);
    return { ok: false, reason: named.length === 0 ? `the note carries no signature by '${ring[0]?.name ?? ''}'` : `the note names key ${named.join(', ')}, which is not one of the gateway's keys` };
  }
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), found.verifier.publicKey]);
  if (!verify(null, Buffer.from(body, 'utf8'), createPublicKey({ key: spki, format: 'der', type: 'spki' }), found.signature)) {
    return { ok: false, reason: 'the signature does not match the checkpoint: it was altered or signed by another key' };
  }
  const lines = body.split('\n').slice(0, -1);
  const [origin, size, rootHash, ...extensions] = lines;
  if (origin === undefined || size === undefined || rootHash === undefined || !/^\d+$/.test(size) || Buffer.from(rootHash, 'base64').length !== 32) {
    return { ok: false, reason: 'the note is not a checkpoint (origin, tree size, root hash)' };
  }
  return { ok: true, checkpoint: { origin, treeSize: Number(size), rootHash, extensions }, verifier: found.verifier.text };
}
