import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { accountNameKey } from '../account-name';

/**
 * Separation of duties: a key that makes names unique without regard to case (NFKC, lower case), and the
 * confirmation of an officer account by another officer. Officers that existed before this release were
 * trusted as they were: they count as confirmed (by 'migration').
 */
export class AddAccountConfirmation1764000070000 implements MigrationInterface {
  name = 'AddAccountConfirmation1764000070000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('accounts', [
      new TableColumn({ name: 'name_key', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'confirmed_at', type: 'varchar', length: '30', isNullable: true }),
      new TableColumn({ name: 'confirmed_by', type: 'varchar', length: '100', isNullable: true }),
    ]);
    const postgres = queryRunner.connection.options.type === 'postgres';
    const rows = (await queryRunner.query('SELECT id, name, role, created_at FROM accounts')) as Array<{ id: string; name: string; role: string; created_at: string }>;
    for (const row of rows) {
      const confirmed = row.role === 'officer' ? row.created_at : null;
      await queryRunner.query(
        postgres
          ? 'UPDATE accounts SET name_key = $1, confirmed_at = $2, confirmed_by = $3 WHERE id = $4'
          : 'UPDATE accounts SET name_key = ?, confirmed_at = ?, confirmed_by = ? WHERE id = ?',
        [accountNameKey(row.name), confirmed, confirmed === null ? null : 'migration', row.id],
      );
    }
    await queryRunner.createIndex('accounts', new TableIndex({ name: 'uq_accounts_name_key', columnNames: ['name_key'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('accounts', 'uq_accounts_name_key');
    await queryRunner.dropColumns('accounts', ['name_key', 'confirmed_at', 'confirmed_by']);
  }
}
