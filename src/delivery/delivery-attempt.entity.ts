import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One attempt to deliver one outbox row: when, how it ended, how long it took. Never member data. */
@Entity('delivery_attempts')
export class DeliveryAttemptEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId!: string;

  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ name: 'started_at', type: 'varchar', length: 30 })
  startedAt!: string;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  /** 'delivered', 'retry', 'rejected', 'dead'. */
  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error', type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 64 })
  worker!: string;
}
