import { PartnerPlaces } from './partner-places';

describe('PartnerPlaces', () => {
  const later = (): { promise: Promise<void>; resolve: () => void } => {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  };

  it('runs at most `limit` sends per partner at once, the rest in the order they came; another partner is not held up', async () => {
    const places = new PartnerPlaces(2);
    const started: string[] = [];
    const gates = Array.from({ length: 4 }, later);
    const runs = gates.map((gate, index) =>
      places.run('kb', async () => {
        started.push(`kb${index}`);
        await gate.promise;
      }),
    );
    await places.run('newsletter', async () => {
      started.push('newsletter');
    });
    await Promise.resolve();
    expect(started).toEqual(['kb0', 'kb1', 'newsletter']);
    expect(places.inUse('kb')).toBe(2);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual(['kb0', 'kb1', 'newsletter', 'kb2']);
    expect(places.inUse('kb')).toBe(2);
    gates.forEach((gate) => gate.resolve());
    await Promise.all(runs);
    expect(started).toEqual(['kb0', 'kb1', 'newsletter', 'kb2', 'kb3']);
    expect(places.inUse('kb')).toBe(0);
  });

  it('frees the place when the send fails', async () => {
    const places = new PartnerPlaces(1);
    await expect(places.run('kb', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(places.inUse('kb')).toBe(0);
    await expect(places.run('kb', () => Promise.resolve('sent'))).resolves.toBe('sent');
  });
});
