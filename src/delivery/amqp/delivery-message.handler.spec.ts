import { DeliveryOutcome } from '../delivery-executor';
import { OutboxEntity } from '../outbox.entity';
import { deliveryIdOf } from './delivery-message';
import { DeliveryMessageHandler, DeliveryMessagePorts } from './delivery-message.handler';

const ID = '3f1c2a4e-8b7d-4c3e-9a1b-2d3e4f5a6b7c';

function ports(overrides: Partial<DeliveryMessagePorts> = {}) {
  const warnings: string[] = [];
  const claimed: Array<{ id: string; worker: string; leaseMs: number }> = [];
  const delivered: string[] = [];
  const base: DeliveryMessagePorts = {
    workerId: 'host:1:abcd',
    leaseMs: 60_000,
    claimOne: async (id, worker, _nowMs, leaseMs) => {
      claimed.push({ id, worker, leaseMs });
      return { id } as OutboxEntity;
    },
    deliver: async (row): Promise<DeliveryOutcome> => {
      delivered.push(row.id);
      return 'delivered';
    },
    warn: (message) => warnings.push(message),
  };
  return { ports: { ...base, ...overrides }, warnings, claimed, delivered };
}

describe('deliveryIdOf', () => {
  it('takes a UUID deliveryId and nothing else', () => {
    expect(deliveryIdOf({ deliveryId: ID })).toBe(ID);
    for (const data of [undefined, null, 'x', 42, [ID], {}, { deliveryId: 42 }, { deliveryId: 'not-a-uuid' }, { deliveryId: ID.toUpperCase() }, { deliveryId: `${ID} ` }]) {
      expect(deliveryIdOf(data)).toBeUndefined();
    }
  });
});

describe('DeliveryMessageHandler', () => {
  it('claims the row for this worker, delivers it and acknowledges the message', async () => {
    const fake = ports();
    expect(await new DeliveryMessageHandler(fake.ports).handle({ deliveryId: ID })).toEqual({ verdict: 'ack', deliveryId: ID, outcome: 'delivered' });
    expect(fake.claimed).toEqual([{ id: ID, worker: 'host:1:abcd', leaseMs: 60_000 }]);
    expect(fake.delivered).toEqual([ID]);
  });

  it.each<DeliveryOutcome>(['retry', 'dead', 'released', 'lost'])('acknowledges when the executor recorded %s on the row', async (outcome) => {
    const fake = ports({ deliver: async () => outcome });
    expect(await new DeliveryMessageHandler(fake.ports).handle({ deliveryId: ID })).toEqual({ verdict: 'ack', deliveryId: ID, outcome });
  });

  it('acknowledges and ignores a message for a row it cannot claim (delivered, claimed elsewhere, not due)', async () => {
    const fake = ports({ claimOne: async () => null });
    expect(await new DeliveryMessageHandler(fake.ports).handle({ deliveryId: ID })).toEqual({ verdict: 'ack', deliveryId: ID });
    expect(fake.delivered).toEqual([]);
  });

  it('dead-letters a malformed message without touching the outbox', async () => {
    const fake = ports();
    expect(await new DeliveryMessageHandler(fake.ports).handle('garbage')).toEqual({ verdict: 'dead-letter' });
    expect(fake.claimed).toEqual([]);
    expect(fake.warnings).toHaveLength(1);
  });

  it('dead-letters, not requeues, when the handling fails unexpectedly', async () => {
    const failing = ports({
      claimOne: async () => {
        throw new Error('connection terminated');
      },
    });
    expect(await new DeliveryMessageHandler(failing.ports).handle({ deliveryId: ID })).toEqual({ verdict: 'dead-letter', deliveryId: ID });
    const recording = ports({
      deliver: async () => {
        throw new Error('ledger write failed');
      },
    });
    expect(await new DeliveryMessageHandler(recording.ports).handle({ deliveryId: ID })).toEqual({ verdict: 'dead-letter', deliveryId: ID });
    expect(recording.warnings[0]).toContain('ledger write failed');
  });
});
