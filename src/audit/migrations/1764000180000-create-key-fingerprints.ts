import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The fingerprints of keys the data depends on (the pseudonym key): recorded at the first start after this. */
export class CreateKeyFingerprints1764000180000 implements MigrationInterface {
  name = 'CreateKeyFingerprints1764000180000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'key_fingerprints',
        columns: [
          { name: 'name', type: 'varchar', length: '40', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'recorded_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('key_fingerprints');
  }
}
