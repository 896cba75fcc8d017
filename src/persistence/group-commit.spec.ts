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
});
