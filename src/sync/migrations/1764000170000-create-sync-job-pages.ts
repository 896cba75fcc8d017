import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Initial cycles shared by every instance: each page of the system of record is leased on its own
 * (sync_job_pages), so that several gateways work on one cycle at once; a job learns where the source
 * ends (end_position) from the first page that comes back short.
 */
export class CreateSyncJobPages1764000170000 implements MigrationInterface {
  name = 'CreateSyncJobPages1764000170000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sync_job_pages',
        columns: [
          { name: 'job_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.addColumn('sync_jobs', new TableColumn({ name: 'end_position', type: 'integer', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('sync_jobs', 'end_position');
    await queryRunner.dropTable('sync_job_pages');
  }
}
