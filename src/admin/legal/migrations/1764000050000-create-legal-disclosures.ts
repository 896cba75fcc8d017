import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateLegalDisclosures1764000050000 implements MigrationInterface {
  name = 'CreateLegalDisclosures1764000050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'legal_disclosures',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'authority', type: 'varchar', length: '200' },
          { name: 'order_reference', type: 'varchar', length: '100' },
          { name: 'legal_basis', type: 'varchar', length: '32' },
          { name: 'reason', type: 'varchar', length: '1000' },
          { name: 'fields', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'requested_by', type: 'varchar', length: '100' },
          { name: 'requested_by_id', type: 'varchar', length: '36' },
          { name: 'requested_at', type: 'varchar', length: '30' },
          { name: 'decided_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'decided_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'decision_comment', type: 'varchar', length: '1000', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('legal_disclosures', new TableIndex({ name: 'ix_legal_disclosures_member', columnNames: ['member_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('legal_disclosures');
  }
}
