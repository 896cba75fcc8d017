import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { loadConfig } from '../../config/gateway.config';
import { deliveryQueueOptions, readAmqpSettings } from './amqp-settings';

const PRODUCTION = {
  DATABASE_URL: 'postgres://gateway:pw@db.example:5432/gateway',
  GATEWAY_ADMIN_TOKEN: 'bgw_test-admin-token-0123456789abcdefghijkl',
  PSEUDONYM_KEY: 'k'.repeat(40),
};
const AMQP = 'amqp://guest:guest-pass@mq.example:5672';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    readAmqpSettings(loadConfig(env, { print: () => undefined }));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('readAmqpSettings', () => {
  it('is undefined without AMQP_URL: the in-process worker delivers', () => {
    expect(readAmqpSettings(loadConfig(PRODUCTION))).toBeUndefined();
  });

  it('applies the defaults, derived from the delivery settings', () => {
    const settings = readAmqpSettings(loadConfig({ ...PRODUCTION, AMQP_URL: AMQP, DELIVERY_POLL_MS: '200', DELIVERY_LEASE_MS: '4000' }));
    expect(settings).toMatchObject({
      queue: 'bieb.deliveries',
      deadLetterQueue: 'bieb.deliveries.dead',
      prefetch: 32,
      sweepMs: 200,
      graceMs: 1000,
      republishMs: 4000,
    });
    expect(settings?.url.reveal()).toBe(AMQP);
    expect(`${JSON.stringify(settings)}`).not.toContain('guest-pass');
  });

  it('reads AMQP_QUEUE and AMQP_PREFETCH', () => {
    const settings = readAmqpSettings(loadConfig({ ...PRODUCTION, AMQP_URL: AMQP, AMQP_QUEUE: 'bieb.test.1f2e.deliveries', AMQP_PREFETCH: '2' }));
    expect(settings).toMatchObject({ queue: 'bieb.test.1f2e.deliveries', deadLetterQueue: 'bieb.test.1f2e.deliveries.dead', prefetch: 2 });
    expect(settings === undefined ? undefined : deliveryQueueOptions(settings)).toEqual({
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'bieb.test.1f2e.deliveries.dead' },
    });
  });

  it('names every wrong setting', () => {
    const problems = problemsOf({ ...PRODUCTION, AMQP_URL: AMQP, AMQP_QUEUE: 'amq.reserved', AMQP_PREFETCH: '0' });
    expect(problems).toEqual([expect.stringMatching(/^AMQP_QUEUE must be a queue name/), expect.stringMatching(/^AMQP_PREFETCH must be an integer between 1 and 1000/)]);
  });

  it('refuses a broker without PostgreSQL: instances that share the work share the outbox', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bgw-amqp-'));
    try {
      expect(problemsOf({ DATA_DIR: dataDir, AMQP_URL: AMQP })).toEqual([expect.stringMatching(/^AMQP_URL needs DATABASE_URL/)]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
