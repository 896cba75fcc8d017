import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A legal disclosure may be held back from the member's own report until a day (art. 23 AVG). */
export class AddLegalWithhold1764000120000 implements MigrationInterface {
  name = 'AddLegalWithhold1764000120000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('legal_disclosures', new TableColumn({ name: 'withhold_until', type: 'varchar', length: '10', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('legal_disclosures', 'withhold_until');
  }
}
