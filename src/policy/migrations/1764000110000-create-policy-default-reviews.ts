import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreatePolicyDefaultReviews1764000110000 implements MigrationInterface {
  name = 'CreatePolicyDefaultReviews1764000110000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'policy_default_reviews',
        columns: [
          { name: 'partner', type: 'varchar', length: '41', isPrimary: true },
          { name: 'content_hash', type: 'varchar', length: '100', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'decided_by', type: 'varchar', length: '200' },
          { name: 'decided_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('policy_default_reviews');
  }
}
