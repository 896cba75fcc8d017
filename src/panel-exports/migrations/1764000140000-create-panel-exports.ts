import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreatePanelExports1764000140000 implements MigrationInterface {
  name = 'CreatePanelExports1764000140000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'panel_exports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'requested_by', type: 'varchar', length: '200' },
          { name: 'rows', type: 'integer' },
          { name: 'removals', type: 'integer' },
          { name: 'no_consent', type: 'integer' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'files', type: 'varchar', length: '300' },
          { name: 'error_code', type: 'varchar', length: '100', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'panel_members',
        columns: [
          { name: 'member_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'last_export_id', type: 'varchar', length: '36' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('panel_members');
    await queryRunner.dropTable('panel_exports');
  }
}
