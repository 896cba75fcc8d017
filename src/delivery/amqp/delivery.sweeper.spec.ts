import { Logger } from '@nestjs/common';
import { OutboxStore } from '../outbox.store';
import { AmqpDeliveryConfig, AmqpDeliverySettings } from './amqp-settings';
import { DeliveryPublisher } from './delivery.publisher';
import { DeliverySweeper } from './delivery.sweeper';

const SETTINGS = { sweepMs: 200, graceMs: 1000, republishMs: 4000, sweepLimit: 500 } as AmqpDeliverySettings;

function sweeper(options: { connected: boolean; due: string[]; failing?: string[] }) {
  const calls = { taken: [] as unknown[][], published: [] as string[][], failed: [] as string[][] };
  const store = {
    takeForPublishing: async (...args: unknown[]) => {
      calls.taken.push(args);
      return options.due;
    },
    publishingFailed: async (ids: readonly string[]) => {
      calls.failed.push([...ids]);
    },
  } as unknown as OutboxStore;
  const publisher = {
    connected: () => options.connected,
    publishAll: async (ids: readonly string[]) => {
      calls.published.push([...ids]);
      return ids.filter((id) => options.failing?.includes(id));
    },
  } as unknown as DeliveryPublisher;
  return { sweeper: new DeliverySweeper({ settings: SETTINGS } as AmqpDeliveryConfig, store, publisher), calls };
}

describe('DeliverySweeper.sweep', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('publishes the rows the outbox hands out, with the grace, republish period and limit', async () => {
    const { sweeper: s, calls } = sweeper({ connected: true, due: ['a', 'b'] });
    expect(await s.sweep(10_000)).toBe(2);
    expect(calls.taken).toEqual([[10_000, 1000, 4000, 500]]);
    expect(calls.published).toEqual([['a', 'b']]);
    expect(calls.failed).toEqual([]);
  });

  it('gives back the rows whose publish failed, for the next sweep', async () => {
    const { sweeper: s, calls } = sweeper({ connected: true, due: ['a', 'b', 'c'], failing: ['b'] });
    expect(await s.sweep(10_000)).toBe(2);
    expect(calls.failed).toEqual([['b']]);
  });

  it('takes nothing while the broker is away, so that no row is marked as published in vain', async () => {
    const { sweeper: s, calls } = sweeper({ connected: false, due: ['a'] });
    expect(await s.sweep(10_000)).toBe(0);
    expect(calls.taken).toEqual([]);
  });

  it('does nothing without a broker', async () => {
    const taken: unknown[] = [];
    const store = { takeForPublishing: async (...args: unknown[]) => (taken.push(args), ['a']) } as unknown as OutboxStore;
    const publisher = { connected: () => true, publishAll: async () => [] } as unknown as DeliveryPublisher;
    const off = new DeliverySweeper({ settings: undefined } as AmqpDeliveryConfig, store, publisher);
    expect(await off.sweep()).toBe(0);
    expect(taken).toEqual([]);
  });
});
