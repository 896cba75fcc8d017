import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';

/** Milliseconds since the epoch in a BIGINT column (PostgreSQL hands BIGINT back as text). */
const epochMs: ValueTransformer = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * A console session, shared by every instance through the database. Neither the session id nor the
 * token is stored: only the SHA-256 of each, so the table yields no usable cookie and no usable token.
 */
@Entity('console_sessions')
@Index('ix_console_sessions_last_seen', ['lastSeen'])
export class ConsoleSessionEntity {
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ name: 'last_seen', type: 'bigint', transformer: epochMs })
  lastSeen!: number;
}
