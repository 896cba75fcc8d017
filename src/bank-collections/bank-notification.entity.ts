import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A bank notification (camt.054) already booked: by its message id, so a repeat books nothing twice. */
@Entity('bank_notifications')
export class BankNotificationEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 100 })
  notificationId!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt!: string;

  /** JSON {booked, returned, unmatched}: counts only; the notification itself is not kept. */
  @Column({ type: 'varchar', length: 200 })
  outcome!: string;
}
