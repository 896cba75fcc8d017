import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateSip2Payments1764000090000 implements MigrationInterface {
  name = 'CreateSip2Payments1764000090000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sip2_payments',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'at', type: 'bigint' },
          { name: 'accepted', type: 'varchar', length: '1', isNullable: true },
          { name: 'screen_message', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('sip2_payments', new TableIndex({ name: 'ix_sip2_payments_at', columnNames: ['at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sip2_payments');
  }
}
