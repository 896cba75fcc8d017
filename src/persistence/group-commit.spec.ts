import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('flushes a lone item at once and gathers what arrives meanwhile into the next flush', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number, number>(async (items) => {
      flushes.push([...items]);
      if (flushes.length === 1) await gate;
      return items.map((item) => item * 10);
    });
    const first = group.submit(1);
    const rest = [group.submit(2), group.submit(3), group.submit(4)];
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('takes at most max items in one flush', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>((items) => {
      sizes.push(items.length);
      return Promise.resolve(items);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((item) => group.submit(item)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
  });

  it('rejects every item of a failed flush and goes on with the next', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<string, string>(async (items) => {
      calls += 1;
      if (calls === 1) await gate;
      if (calls === 2) throw new Error('database gone');
      return items.map((item) => item.toUpperCase());
    });
    const first = group.submit('a');
    const failing = [group.submit('b'), group.submit('c')];
    release();
    expect(await first).toBe('A');
    await expect(Promise.all(failing)).rejects.toThrow('database gone');
    expect(await group.submit('d')).toBe('D');
  });

  /** A group commit whose flushes answer each item with itself, and the flushes it made. */
  const recording = (max: number, lingerMs: number): { group: GroupCommit<number, number>; flushes: number[][] } => {
    const flushes: number[][] = [];
    const group = new GroupCommit<number, number>(
      (items) => {
        flushes.push([...items]);
        return Promise.resolve(items);
      },
      max,
      lingerMs,
    );
    return { group, flushes };
  };

  it('with a linger: idle, an item goes at once; right after a flush, items wait together for the next one', async () => {
    const { group, flushes } = recording(64, 30);
    await group.submit(1);
    expect(flushes).toEqual([[1]]);
    // Just after that flush the load is on: these three wait out the linger and go as one group.
    const started = Date.now();
    await Promise.all([group.submit(2), new Promise((resolve) => setTimeout(resolve, 5)).then(() => group.submit(3)), group.submit(4)]);
    expect(flushes).toEqual([[1], [2, 4, 3]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('with a linger: a full group goes without waiting out the rest of it', async () => {
    const { group, flushes } = recording(3, 60_000);
    await group.submit(0);
    await Promise.all([1, 2, 3].map((item) => group.submit(item)));
    expect(flushes).toEqual([[0], [1, 2, 3]]);
  });
});
