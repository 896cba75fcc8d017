import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';
import { PreparedMessage } from '../connectors/sdk/connector';

/** Sealed before key rotation: `v1.<iv>.<tag>.<sealed>`, no key named (opened by trying each key). */
const LEGACY = 'v1';
/** `v2.<key id>.<iv>.<tag>.<sealed>`: names the key that sealed it, so a rotation knows what still needs an old key. */
const VERSION = 'v2';

/** The key id of a sealing master key: 8 hex characters of SHA-256 of the derived key — names it, reveals nothing usable. */
export function sealingKeyId(masterKey: Buffer | string): string {
  return createHash('sha256').update(deriveKey(masterKey)).digest('hex').slice(0, 8);
}

/** The key id a sealed text names; undefined for the legacy format (sealed before key ids). */
export function sealedKeyId(text: string): string | undefined {
  const [version, id] = text.split('.', 2);
  return version === VERSION ? id : undefined;
}

function deriveKey(masterKey: Buffer | string): Buffer {
  return createHmac('sha256', masterKey).update('bieb-gateway/outbox/v1').digest();
}

/**
 * Encrypts prepared messages at rest (AES-256-GCM, a fresh IV each time, the delivery id as associated
 * data so a sealed message cannot be moved to another row). A key ring: the current key seals, previous
 * keys (kept while a rotation's re-sealing is under way) only open. Each key is derived from its master key.
 */
export class MessageSealer {
  private readonly current: { readonly id: string; readonly key: Buffer };
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(masterKey: Buffer | string, previous: ReadonlyArray<Buffer | string> = []) {
    this.current = { id: sealingKeyId(masterKey), key: deriveKey(masterKey) };
    this.keys = new Map([this.current, ...previous.map((master) => ({ id: sealingKeyId(master), key: deriveKey(master) }))].map(({ id, key }) => [id, key]));
  }

  /** The id of the key that seals. */
  get keyId(): string {
    return this.current.id;
  }

  /** Whether the ring holds the key of this id. */
  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  seal(deliveryId: string, message: PreparedMessage): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(deliveryId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  open(deliveryId: string, text: string): PreparedMessage {
    const parts = text.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const [, id = '', iv = '', tag = '', sealed = ''] = parts;
      const key = this.keys.get(id);
      if (key === undefined) throw new Error(`sealed message: sealed with key ${id}, which is not configured (SEALING_KEY_FILE, SEALING_KEY_PREVIOUS_FILES)`);
      return decrypt(key, deliveryId, iv, tag, sealed);
    }
    if (parts[0] !== LEGACY || parts.length !== 4) throw new Error('sealed message: unknown format');
    const [, iv = '', tag = '', sealed = ''] = parts;
    // Legacy rows name no key: the first key of the ring whose tag checks is the one.
    for (const key of this.keys.values()) {
      try {
        return decrypt(key, deliveryId, iv, tag, sealed);
      } catch {
        // not this key
      }
    }
    throw new Error('sealed message: sealed (legacy format) with a key that is not configured, or altered');
  }
}

function decrypt(key: Buffer, deliveryId: string, iv: string, tag: string, sealed: string): PreparedMessage {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(deliveryId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as PreparedMessage;
}

/** The sealer of the configuration: SEALING_KEY_FILE (or the derived key) seals, the previous keys open. */
export function configuredSealer(config: Pick<GatewayConfig, 'sealingKey' | 'previousSealingKeys'>): MessageSealer {
  return new MessageSealer(config.sealingKey.reveal(), config.previousSealingKeys.map((key) => key.reveal()));
}
