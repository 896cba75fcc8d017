import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateAccounts1764000000000 implements MigrationInterface {
  name = 'CreateAccounts1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'disabled_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'disabled_by', type: 'varchar', length: '100', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('accounts', new TableIndex({ name: 'uq_accounts_token_hash', columnNames: ['token_hash'], isUnique: true }));
    await queryRunner.createIndex('accounts', new TableIndex({ name: 'uq_accounts_name', columnNames: ['name'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('accounts');
  }
}
