import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateConsoleSessions1764000040000 implements MigrationInterface {
  name = 'CreateConsoleSessions1764000040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'console_sessions',
        columns: [
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_seen', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex('console_sessions', new TableIndex({ name: 'ix_console_sessions_last_seen', columnNames: ['last_seen'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('console_sessions');
  }
}
