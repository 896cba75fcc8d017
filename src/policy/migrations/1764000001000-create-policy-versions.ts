import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreatePolicyVersions1764000001000 implements MigrationInterface {
  name = 'CreatePolicyVersions1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'policy_versions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'partner', type: 'varchar', length: '41' },
          { name: 'number', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'document', type: 'text' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'author', type: 'varchar', length: '120' },
          { name: 'author_id', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'approver', type: 'varchar', length: '120', isNullable: true },
          { name: 'approver_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'approved_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'effective_from', type: 'varchar', length: '30', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'policy_versions',
      new TableIndex({ name: 'uq_policy_versions_partner_number', columnNames: ['partner', 'number'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('policy_versions');
  }
}
