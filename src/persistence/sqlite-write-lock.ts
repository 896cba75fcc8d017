import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * One holder at a time of the one SQLite connection, re-entrant for the holder's own async work.
 *
 * TypeORM's better-sqlite3 driver shares one connection (one QueryRunner) across the whole DataSource. A
 * transaction awaits between its statements, and whatever runs meanwhile runs on that same connection:
 * a second transaction becomes a savepoint inside the first, and a single write becomes part of it —
 * committed or rolled back with somebody else's work. The lock makes every transaction and every
 * statement outside one take turns; statements issued from within the holder's transaction (its async
 * context) pass straight through.
 */
export class SqliteWriteLock {
  private readonly context = new AsyncLocalStorage<symbol>();
  private holder: symbol | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.holder !== undefined && this.context.getStore() === this.holder) return task();
    const turn = Symbol('turn');
    this.waiting += 1;
    const result = this.tail.then(() => {
      this.waiting -= 1;
      this.holder = turn;
      return this.context.run(turn, task);
    });
    this.tail = result.then(
      () => this.release(turn),
      () => this.release(turn),
    );
    return result;
  }

  /** Turns waiting now (for tests and diagnostics). */
  queued(): number {
    return this.waiting;
  }

  private release(turn: symbol): void {
    if (this.holder === turn) this.holder = undefined;
  }
}

const installed = new WeakMap<DataSource, SqliteWriteLock>();

let transactionsTakeTurns = false;

/** Every EntityManager's transaction() of a data source with a lock runs as one turn (any manager, not only the data source's own). */
function takeTurnsInTransactions(): void {
  if (transactionsTakeTurns) return;
  transactionsTakeTurns = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to each manager below, with its own `this`
  const transaction = EntityManager.prototype.transaction as (this: EntityManager, ...args: unknown[]) => Promise<unknown>;
  (EntityManager.prototype as { transaction: unknown }).transaction = function (this: EntityManager, ...args: unknown[]): Promise<unknown> {
    const lock = installed.get(this.connection);
    return lock === undefined ? transaction.apply(this, args) : lock.run(() => transaction.apply(this, args));
  };
}

/**
 * On SQLite, makes every transaction of the data source (`dataSource.transaction`, `manager.transaction`)
 * and every statement outside one take turns on the shared connection. On PostgreSQL (a pool of
 * connections, row locks) it changes nothing. Idempotent; returns the lock, or undefined on PostgreSQL.
 */
export function serializeSqliteWrites(dataSource: DataSource): SqliteWriteLock | undefined {
  if (dataSource.options.type !== 'better-sqlite3') return undefined;
  const existing = installed.get(dataSource);
  if (existing !== undefined) return existing;
  const turns = new SqliteWriteLock();
  takeTurnsInTransactions();
  // The driver hands out one runner for the whole data source: every statement goes through its query().
  const runner: QueryRunner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) => turns.run(() => query(...args));
  installed.set(dataSource, turns);
  return turns;
}
