import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateLifecycleSync1764000100000 implements MigrationInterface {
  name = 'CreateLifecycleSync1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sync_standings',
        columns: [
          { name: 'member_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'partner', type: 'varchar', length: '64', isPrimary: true },
          { name: 'consents', type: 'varchar', length: '200' },
          { name: 'digests', type: 'text' },
          { name: 'review_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    // The lapse sweep finds the members whose membership runs out without a change in the feed.
    await queryRunner.createIndex('sync_standings', new TableIndex({ name: 'ix_sync_standings_review', columnNames: ['review_on'] }));
    await queryRunner.createTable(
      new Table({
        name: 'sync_jobs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'partner', type: 'varchar', length: '64', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'total', type: 'integer' },
          { name: 'sent', type: 'integer' },
          { name: 'unchanged', type: 'integer' },
          { name: 'refused', type: 'integer' },
          { name: 'failed', type: 'integer' },
          { name: 'held', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'requested_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
          { name: 'finished_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'error_code', type: 'varchar', length: '100', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('sync_jobs', new TableIndex({ name: 'ix_sync_jobs_status', columnNames: ['status', 'lease_until'] }));
    await queryRunner.createTable(
      new Table({
        name: 'sync_held_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'job_id', type: 'varchar', length: '36' },
          { name: 'partner', type: 'varchar', length: '64' },
          { name: 'purpose', type: 'varchar', length: '100' },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'event', type: 'varchar', length: '30' },
          { name: 'idempotency_key', type: 'varchar', length: '250' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'decided_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'decided_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'delivery_id', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('sync_held_messages', new TableIndex({ name: 'ix_sync_held_job', columnNames: ['job_id', 'partner', 'status'] }));
    // An erasure finds the member's messages in the outbox by member.
    await queryRunner.createIndex('outbox', new TableIndex({ name: 'ix_outbox_member', columnNames: ['member_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'sync_cursors',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'value', type: 'varchar', length: '100', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sync_cursors', 'sync_held_messages', 'sync_jobs', 'sync_standings']) await queryRunner.dropTable(table);
    await queryRunner.dropIndex('outbox', 'ix_outbox_member');
  }
}
