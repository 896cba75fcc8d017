import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const GENESIS_HASH = '0'.repeat(64);

/**
 * Signed checkpoints of the ledger's Merkle tree; the account events (created, confirmed, disabled) as a
 * hash chain whose head every checkpoint signs; the outcome of each disclosure after it was recorded;
 * and room for retention: an entry whose content was removed keeps its hash (and so its leaf).
 */
export class CreateLedgerCheckpoints1764000080000 implements MigrationInterface {
  name = 'CreateLedgerCheckpoints1764000080000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ledger_checkpoints',
        columns: [
          { name: 'tree_size', type: 'integer', isPrimary: true },
          { name: 'root_hash', type: 'varchar', length: '64' },
          { name: 'note', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'account_events',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'account_id', type: 'varchar', length: '36' },
          { name: 'account_name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'by_name', type: 'varchar', length: '100' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'account_events_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO "account_events_head" ("id", "seq", "hash") VALUES (1, 0, '${GENESIS_HASH}')`);
    await queryRunner.createTable(
      new Table({
        name: 'disclosure_outcomes',
        columns: [
          { name: 'exchange_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.addColumn('disclosure_ledger', new TableColumn({ name: 'redacted_at', type: 'varchar', length: '30', isNullable: true }));
    await queryRunner.createIndex('disclosure_ledger', new TableIndex({ name: 'ix_disclosure_ledger_exchange', columnNames: ['exchange_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('disclosure_ledger', 'ix_disclosure_ledger_exchange');
    await queryRunner.dropColumn('disclosure_ledger', 'redacted_at');
    await queryRunner.dropTable('disclosure_outcomes');
    await queryRunner.dropTable('account_events_head');
    await queryRunner.dropTable('account_events');
    await queryRunner.dropTable('ledger_checkpoints');
  }
}
