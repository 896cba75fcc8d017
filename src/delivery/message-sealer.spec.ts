import { MessageSealer } from './message-sealer';

const message = { contentType: 'application/json', body: '{"email":"g.vanderveen@example.nl"}', route: { method: 'PUT', path: '/v1/subscribers/x' } };

describe('MessageSealer', () => {
  const sealer = new MessageSealer('master-key-0123456789abcdef0123456789');

  it('seals without the plain text and opens to the same message', () => {
    const sealed = sealer.seal('delivery-1', message);
    expect(sealed).toMatch(/^v1\./);
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
    const body = Buffer.from(parts[3] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => sealer.open('delivery-1', [parts[0], parts[1], parts[2], body.toString('base64')].join('.'))).toThrow();
    expect(() => new MessageSealer('another-key-0123456789abcdef012345').open('delivery-1', sealed)).toThrow();
    expect(() => sealer.open('delivery-1', 'v0.x.y.z')).toThrow('unknown format');
  });
});
