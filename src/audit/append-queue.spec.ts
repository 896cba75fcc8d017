import { AppendQueue } from './append-queue';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('AppendQueue', () => {
  it('runs tasks for one key strictly one after another, in call order, even when one fails', async () => {
    const queue = new AppendQueue<object>();
    const key = {};
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(key, task('a', 20)), queue.run(key, task('b', 1, true)), queue.run(key, task('c', 5))]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets tasks for different keys run side by side', async () => {
    const queue = new AppendQueue<object>();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
    };
    await Promise.all([queue.run({}, task('a', 20)), queue.run({}, task('b', 1))]);
    expect(events).toEqual(['start a', 'start b', 'end b', 'end a']);
  });
});
