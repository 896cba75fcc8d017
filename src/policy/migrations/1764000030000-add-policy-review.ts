import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A draft can be rejected: by whom, when, and why. */
export class AddPolicyReview1764000030000 implements MigrationInterface {
  name = 'AddPolicyReview1764000030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('policy_versions', [
      new TableColumn({ name: 'rejected_by', type: 'varchar', length: '120', isNullable: true }),
      new TableColumn({ name: 'rejected_at', type: 'varchar', length: '30', isNullable: true }),
      new TableColumn({ name: 'review_comment', type: 'varchar', length: '500', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('policy_versions', ['rejected_by', 'rejected_at', 'review_comment']);
  }
}
