import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreatePinAttempts1764000060000 implements MigrationInterface {
  name = 'CreatePinAttempts1764000060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pin_attempts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'card_key', type: 'varchar', length: '64' },
          { name: 'attempted_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex('pin_attempts', new TableIndex({ name: 'ix_pin_attempts_card', columnNames: ['card_key', 'attempted_at'] }));
    await queryRunner.createIndex('pin_attempts', new TableIndex({ name: 'ix_pin_attempts_at', columnNames: ['attempted_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pin_attempts');
  }
}
