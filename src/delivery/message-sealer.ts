import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { PreparedMessage } from '../connectors/sdk/connector';

const VERSION = 'v1';

/**
 * Encrypts prepared messages at rest (AES-256-GCM, a fresh IV each time, the delivery id as associated
 * data so a sealed message cannot be moved to another row). The key is derived from the master key.
 */
export class MessageSealer {
  private readonly key: Buffer;

  constructor(masterKey: Buffer | string) {
    this.key = createHmac('sha256', masterKey).update('bieb-gateway/outbox/v1').digest();
  }

  seal(deliveryId: string, message: PreparedMessage): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(deliveryId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  open(deliveryId: string, text: string): PreparedMessage {
    const [version, iv, tag, sealed] = text.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || sealed === undefined) throw new Error('sealed message: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(deliveryId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as PreparedMessage;
  }
}
