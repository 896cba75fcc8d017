/**
 * Runs tasks one after another per key. TypeORM's better-sqlite3 driver shares one connection (one
 * QueryRunner) across the whole DataSource, so two transactions started at once would interleave on it;
 * appends to the ledger are queued here instead. PostgreSQL appends rely on the head row lock.
 */
export class AppendQueue<K extends object> {
  private readonly tails = new WeakMap<K, Promise<unknown>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    this.tails.set(
      key,
      result.catch(() => undefined),
    );
    return result;
  }
}
