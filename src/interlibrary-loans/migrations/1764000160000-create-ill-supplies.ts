import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateIllSupplies1764000160000 implements MigrationInterface {
  name = 'CreateIllSupplies1764000160000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ill_supplies',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'requesting_agency_type', type: 'varchar', length: '64' },
          { name: 'requesting_agency_id', type: 'varchar', length: '128' },
          { name: 'requesting_agency_request_id', type: 'varchar', length: '128' },
          { name: 'item_title', type: 'varchar', length: '500' },
          { name: 'item_author', type: 'varchar', length: '500', isNullable: true },
          { name: 'item_isbn', type: 'varchar', length: '32', isNullable: true },
          { name: 'item_record_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'state', type: 'varchar', length: '32' },
          { name: 'patron_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'patron_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'history', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'ill_supplies',
      new TableIndex({ name: 'ux_ill_supplies_request', columnNames: ['requesting_agency_type', 'requesting_agency_id', 'requesting_agency_request_id'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ill_supplies');
  }
}
