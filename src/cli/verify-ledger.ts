import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DisclosureEntity } from '../audit/disclosure.entity';
import { LedgerHeadEntity } from '../audit/ledger-head.entity';
import { LedgerService } from '../audit/ledger.service';
import { formatVerdict } from '../audit/ledger-verdict.format';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/gateway.config';
import { buildDataSourceOptions } from '../persistence/data-source';

const EXIT_INTACT = 0;
const EXIT_BROKEN = 1;
const EXIT_FAILED = 2;

/**
 * `npm run ledger:verify [-- --json]`: verifies the disclosure ledger of the configured database.
 * Exit code 0 when intact, 1 when broken (the first broken seq and the reason are printed), 2 when the
 * check could not run. Read-only: it connects like the gateway does but runs no migrations.
 */
async function verifyLedger(json: boolean): Promise<number> {
  const config = loadConfig(process.env, { print: (text) => process.stderr.write(text) });
  const dataSource = new DataSource({
    ...buildDataSourceOptions(config),
    entities: [DisclosureEntity, LedgerHeadEntity],
    migrations: [],
    migrationsRun: false,
  });
  await dataSource.initialize();
  try {
    const verdict = await new LedgerService(dataSource).verify();
    process.stdout.write(`${json ? JSON.stringify(verdict) : formatVerdict(verdict)}\n`);
    return verdict.ok ? EXIT_INTACT : EXIT_BROKEN;
  } finally {
    await dataSource.destroy();
  }
}

verifyLedger(process.argv.includes('--json')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `Ledger verification could not run: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
