import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const GENESIS_HASH = '0'.repeat(64);

export class CreateDisclosureLedger1764000005000 implements MigrationInterface {
  name = 'CreateDisclosureLedger1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'disclosure_ledger',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'recorded_at', type: 'varchar', length: '30' },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'partner', type: 'varchar', length: '64' },
          { name: 'purpose', type: 'varchar', length: '100' },
          { name: 'policy_version', type: 'integer' },
          { name: 'policy_hash', type: 'varchar', length: '100' },
          { name: 'agreement_reference', type: 'varchar', length: '200' },
          { name: 'fields', type: 'text' },
          { name: 'exchange_id', type: 'varchar', length: '100', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('disclosure_ledger', new TableIndex({ name: 'ix_disclosure_ledger_member', columnNames: ['member_id', 'seq'] }));
    await queryRunner.createIndex('disclosure_ledger', new TableIndex({ name: 'ix_disclosure_ledger_partner', columnNames: ['partner', 'seq'] }));
    await queryRunner.createIndex('disclosure_ledger', new TableIndex({ name: 'ix_disclosure_ledger_recorded_at', columnNames: ['recorded_at'] }));
    await queryRunner.createTable(
      new Table({
        name: 'disclosure_ledger_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    // The head exists from the start, so the first append already has a row to lock.
    await queryRunner.query(`INSERT INTO "disclosure_ledger_head" ("id", "seq", "hash") VALUES (1, 0, '${GENESIS_HASH}')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('disclosure_ledger_head');
    await queryRunner.dropTable('disclosure_ledger');
  }
}
