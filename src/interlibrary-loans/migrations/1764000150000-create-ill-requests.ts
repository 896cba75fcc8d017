import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateIllRequests1764000150000 implements MigrationInterface {
  name = 'CreateIllRequests1764000150000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ill_requests',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'supplying_agency_id', type: 'varchar', length: '128' },
          { name: 'item_title', type: 'varchar', length: '500' },
          { name: 'item_author', type: 'varchar', length: '500', isNullable: true },
          { name: 'item_isbn', type: 'varchar', length: '32', isNullable: true },
          { name: 'pickup_branch_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'state', type: 'varchar', length: '32' },
          { name: 'error_type', type: 'varchar', length: '64', isNullable: true },
          { name: 'history', type: 'text' },
          { name: 'last_message', type: 'varchar', length: '200', isNullable: true },
          { name: 'requested_by', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('ill_requests', new TableIndex({ name: 'ix_ill_requests_member', columnNames: ['member_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ill_requests');
  }
}
