import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Partner credentials: an account with role 'partner' speaks for one partner system. */
export class AddAccountPartner1764000020000 implements MigrationInterface {
  name = 'AddAccountPartner1764000020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('accounts', new TableColumn({ name: 'partner', type: 'varchar', length: '41', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('accounts', 'partner');
  }
}
