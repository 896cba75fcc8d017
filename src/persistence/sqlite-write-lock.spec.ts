import { DataSource } from 'typeorm';
import { serializeSqliteWrites } from './sqlite-write-lock';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = async (dataSource: DataSource): Promise<string[]> => ((await dataSource.query('SELECT name FROM t ORDER BY name')) as Array<{ name: string }>).map((row) => row.name);

describe('serializeSqliteWrites: transactions and single writes take turns on the one SQLite connection', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE t (name TEXT PRIMARY KEY)');
    serializeSqliteWrites(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it("keeps a single write out of somebody else's transaction that rolls back after awaiting I/O", async () => {
    const failing = dataSource.transaction(async (manager) => {
      await manager.query("INSERT INTO t VALUES ('in-transaction')");
      await pause(20);
      throw new Error('the transaction fails');
    });
    await pause(5);
    const single = dataSource.query("INSERT INTO t VALUES ('alone')");
    await expect(failing).rejects.toThrow('the transaction fails');
    await single;
    expect(await names(dataSource)).toEqual(['alone']);
  });

  it('runs two transactions that await I/O one after the other, each committed or rolled back by itself', async () => {
    const first = dataSource.transaction(async (manager) => {
      await manager.query("INSERT INTO t VALUES ('first')");
      await pause(15);
      await manager.query("INSERT INTO t VALUES ('first-b')");
    });
    const second = dataSource.manager.transaction(async (manager) => {
      await manager.query("INSERT INTO t VALUES ('second')");
      await pause(5);
      throw new Error('second fails');
    });
    const third = dataSource.createQueryRunner().manager.transaction(async (manager) => {
      await manager.query("INSERT INTO t VALUES ('third')");
    });
    await first;
    await expect(second).rejects.toThrow('second fails');
    await third;
    expect(await names(dataSource)).toEqual(['first', 'first-b', 'third']);
  });

  it('lets the holder nest a transaction and query from within without waiting for itself', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query("INSERT INTO t VALUES ('outer')");
      await dataSource.query("INSERT INTO t VALUES ('same-turn')");
      await manager.transaction(async (inner) => inner.query("INSERT INTO t VALUES ('nested')"));
    });
    expect(await names(dataSource)).toEqual(['nested', 'outer', 'same-turn']);
  });

  it('is installed once per data source and leaves PostgreSQL alone', () => {
    expect(serializeSqliteWrites(dataSource)).toBe(serializeSqliteWrites(dataSource));
    expect(serializeSqliteWrites({ options: { type: 'postgres' } } as DataSource)).toBeUndefined();
  });
});
