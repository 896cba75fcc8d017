import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { MessageSealer, sealedKeyId, sealingKeyId } from './message-sealer';

const message = { contentType: 'application/json', body: '{"email":"g.vanderveen@example.nl"}', route: { method: 'PUT', path: '/v1/subscribers/x' } };

describe('MessageSealer', () => {
  const sealer = new MessageSealer('master-key-0123456789abcdef0123456789');

  it('seals without the plain text and opens to the same message', () => {
    const sealed = sealer.seal('delivery-1', message);
    expect(sealed).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('example.nl');
    expect(Buffer.from(sealed, 'utf8').toString('latin1')).not.toContain('vanderveen');
    expect(sealer.open('delivery-1', sealed)).toEqual(message);
  });

  it('uses a fresh IV each time', () => {
    expect(sealer.seal('delivery-1', message)).not.toBe(sealer.seal('delivery-1', message));
  });

  it('refuses a sealed message moved to another delivery, altered, or sealed under another key', () => {
    const sealed = sealer.seal('delivery-1', message);
    expect(() => sealer.open('delivery-2', sealed)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => sealer.open('delivery-1', [parts[0], parts[1], parts[2], parts[3], body.toString('base64')].join('.'))).toThrow();
    expect(() => new MessageSealer('another-key-0123456789abcdef012345').open('delivery-1', sealed)).toThrow();
    expect(() => sealer.open('delivery-1', 'v0.x.y.z')).toThrow('unknown format');
  });

  it('names the sealing key; the current key seals, previous keys only open', () => {
    const old = new MessageSealer('old-key-0123456789abcdef0123456789ab');
    const sealedOld = old.seal('delivery-1', message);
    expect(sealedKeyId(sealedOld)).toBe(sealingKeyId('old-key-0123456789abcdef0123456789ab'));
    const ring = new MessageSealer('new-key-0123456789abcdef0123456789ab', ['old-key-0123456789abcdef0123456789ab']);
    expect(ring.open('delivery-1', sealedOld)).toEqual(message);
    expect(sealedKeyId(ring.seal('delivery-1', message))).toBe(ring.keyId);
    expect(ring.keyId).not.toBe(old.keyId);
    expect(() => new MessageSealer('new-key-0123456789abcdef0123456789ab').open('delivery-1', sealedOld)).toThrow(`key ${old.keyId}, which is not configured`);
  });

  it('opens messages sealed in the legacy format (no key id) with whichever key of the ring sealed them', () => {
    const master = 'old-key-0123456789abcdef0123456789ab';
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', createHmac('sha256', master).update('bieb-gateway/outbox/v1').digest(), iv);
    cipher.setAAD(Buffer.from('delivery-1', 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
    const legacy = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    expect(sealedKeyId(legacy)).toBeUndefined();
    expect(new MessageSealer('new-key-0123456789abcdef0123456789ab', [master]).open('delivery-1', legacy)).toEqual(message);
    expect(() => new MessageSealer('new-key-0123456789abcdef0123456789ab').open('delivery-1', legacy)).toThrow('legacy format');
  });
});
