import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateOutbox1764000010000 implements MigrationInterface {
  name = 'CreateOutbox1764000010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'partner', type: 'varchar', length: '41' },
          { name: 'purpose', type: 'varchar', length: '61' },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'retry_from', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'varchar', length: '30' },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until', type: 'varchar', length: '30', isNullable: true },
          { name: 'idempotency_key', type: 'varchar', length: '300', isNullable: true },
          { name: 'request_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'message_sealed', type: 'text', isNullable: true },
          { name: 'policy_version', type: 'integer' },
          { name: 'policy_hash', type: 'varchar', length: '64' },
          { name: 'agreement_reference', type: 'varchar', length: '100' },
          { name: 'fields', type: 'text' },
          { name: 'last_error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'partner_reference', type: 'varchar', length: '200', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'delivered_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'ledger_seq', type: 'integer', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('outbox', new TableIndex({ name: 'ix_outbox_due', columnNames: ['status', 'next_attempt_at'] }));
    await queryRunner.createIndex('outbox', new TableIndex({ name: 'uq_outbox_idempotency', columnNames: ['idempotency_key'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'delivery_attempts',
        columns: [
          { name: 'delivery_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'number', type: 'integer', isPrimary: true },
          { name: 'started_at', type: 'varchar', length: '30' },
          { name: 'duration_ms', type: 'integer' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'error', type: 'varchar', length: '500', isNullable: true },
          { name: 'worker', type: 'varchar', length: '64' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delivery_attempts');
    await queryRunner.dropTable('outbox');
  }
}
