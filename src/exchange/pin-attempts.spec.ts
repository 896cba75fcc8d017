import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { Secret } from '../config/secret';
import { CreatePinAttempts1764000060000 } from './migrations/1764000060000-create-pin-attempts';
import { PinAttemptEntity } from './pin-attempt.entity';
import { MAX_WRONG_PINS, PinAttempts, WRONG_PIN_WINDOW_MS } from './pin-attempts';

class ClockedPinAttempts extends PinAttempts {
  time = 1_000_000;
  protected override now(): number {
    return this.time;
  }
}

describe('PinAttempts (in the database, shared by every instance)', () => {
  let dataSource: DataSource;
  const config = { pseudonymKey: new Secret('k'.repeat(40)) } as GatewayConfig;
  const attempts = () => new ClockedPinAttempts(dataSource, config);

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [PinAttemptEntity], migrations: [CreatePinAttempts1764000060000] }).initialize();
    await dataSource.runMigrations();
    serializeSqliteWrites(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it(`locks a card after ${MAX_WRONG_PINS} wrong PINs within the window, and only that card`, async () => {
    const pins = attempts();
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) await pins.begin('2260100001');
    expect(await pins.locked('2260100001')).toBe(false);
    await pins.begin('2260100001');
    expect(await pins.locked('2260100001')).toBe(true);
    expect(await pins.begin('2260100001')).toBeUndefined();
    expect(await pins.locked('2260100002')).toBe(false);
  });

  it('forgets wrong PINs older than the window, and a right PIN clears the count', async () => {
    const pins = attempts();
    for (let i = 0; i < MAX_WRONG_PINS; i++) await pins.begin('2260100003');
    pins.time += WRONG_PIN_WINDOW_MS + 1;
    expect(await pins.locked('2260100003')).toBe(false);
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) await pins.begin('2260100003');
    await (await pins.begin('2260100003'))?.right();
    await pins.begin('2260100003');
    expect(await pins.locked('2260100003')).toBe(false);
  });

  it('counts an attempt before its answer, so that parallel guesses cannot pass the limit; an unchecked one is taken back', async () => {
    const pins = attempts();
    const inFlight = await Promise.all(Array.from({ length: MAX_WRONG_PINS + 3 }, () => pins.begin('2260100004')));
    expect(inFlight.filter((attempt) => attempt !== undefined)).toHaveLength(MAX_WRONG_PINS);
    expect(await pins.locked('2260100004')).toBe(true);
    await inFlight.find((attempt) => attempt !== undefined)?.unchecked();
    expect(await pins.locked('2260100004')).toBe(false);
  });

  it('is shared: a second instance on the same database sees the lock', async () => {
    const first = attempts();
    const second = attempts();
    for (let i = 0; i < MAX_WRONG_PINS; i++) await first.begin('2260100005');
    expect(await second.locked('2260100005')).toBe(true);
  });

  it('keeps no card number, only a keyed hash, and deletes expired attempts as it goes', async () => {
    const pins = attempts();
    for (let card = 0; card < 50; card++) await pins.begin(`22601${String(card).padStart(5, '0')}`);
    const stored = JSON.stringify(await dataSource.getRepository(PinAttemptEntity).find());
    expect(stored).not.toContain('2260100');
    pins.time += WRONG_PIN_WINDOW_MS + 1;
    await pins.begin('2260199999');
    expect(await dataSource.getRepository(PinAttemptEntity).count()).toBe(1);
  });
});
