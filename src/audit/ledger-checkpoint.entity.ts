import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed checkpoint of the ledger: its size, root (hex) and the signed note as published. */
@Entity('ledger_checkpoints')
export class LedgerCheckpointEntity {
  @PrimaryColumn({ name: 'tree_size', type: 'integer' })
  treeSize!: number;

  @Column({ name: 'root_hash', type: 'varchar', length: 64 })
  rootHash!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;
}
