import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateBankCollections1764000130000 implements MigrationInterface {
  name = 'CreateBankCollections1764000130000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bank_collections',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'collection_date', type: 'varchar', length: '10' },
          { name: 'message_id', type: 'varchar', length: '35' },
          { name: 'pain_version', type: 'varchar', length: '2' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'transactions', type: 'integer' },
          { name: 'total_cents', type: 'integer' },
          { name: 'skipped', type: 'varchar', length: '200' },
          { name: 'sealed_file', type: 'text', isNullable: true },
          { name: 'file_sha256', type: 'varchar', length: '64' },
          { name: 'bank_file_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'requested_by', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'uploaded_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'error_code', type: 'varchar', length: '100', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('bank_collections', new TableIndex({ name: 'uq_bank_collections_date', columnNames: ['collection_date'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'bank_debits',
        columns: [
          { name: 'end_to_end_id', type: 'varchar', length: '35', isPrimary: true },
          { name: 'collection_id', type: 'varchar', length: '36' },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'fee_ids', type: 'text' },
          { name: 'amount_cents', type: 'integer' },
          { name: 'mandate_key', type: 'varchar', length: '64' },
          { name: 'sequence_type', type: 'varchar', length: '4' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'return_reason', type: 'varchar', length: '8', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('bank_debits', new TableIndex({ name: 'ix_bank_debits_collection', columnNames: ['collection_id'] }));
    await queryRunner.createIndex('bank_debits', new TableIndex({ name: 'ix_bank_debits_mandate', columnNames: ['mandate_key'] }));
    await queryRunner.createTable(
      new Table({
        name: 'bank_notifications',
        columns: [
          { name: 'notification_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'received_at', type: 'varchar', length: '30' },
          { name: 'outcome', type: 'varchar', length: '200' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bank_notifications');
    await queryRunner.dropTable('bank_debits');
    await queryRunner.dropTable('bank_collections');
  }
}
