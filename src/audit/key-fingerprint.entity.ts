import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The fingerprint of a key the database's data depends on (name 'pseudonym'): a keyed hash, never the
 * key. A gateway started with another key than the data was made with is stopped before it does harm.
 */
@Entity('key_fingerprints')
export class KeyFingerprintEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt!: string;
}
