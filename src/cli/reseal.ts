import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/gateway.config';
import { configuredSealer } from '../delivery/message-sealer';
import { describeMissing, resealAll, SealingCensus, sealingCensus } from '../delivery/sealed-rows';
import { buildDataSourceOptions } from '../persistence/data-source';

const EXIT_DONE = 0;
const EXIT_OLD_KEYS_NEEDED = 1;

/**
 * `npm run keys:reseal [-- --check] [-- --batch N]`: seals every sealed row (outbox messages waiting,
 * in flight or dead; bank files not yet uploaded) again with the current sealing key, N rows a
 * transaction, while the gateway runs. Then says how many rows still need an old key: exit 0 when none
 * does (SEALING_KEY_PREVIOUS_FILES may be emptied), 1 when some do. `--check` only counts. Prints key ids
 * and counts, never a key or a message.
 */
async function reseal(args: readonly string[]): Promise<number> {
  const config = loadConfig(process.env);
  const at = args.indexOf('--batch');
  const batch = at >= 0 ? Number(args[at + 1]) : 500;
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new ConfigError(['--batch must be a number of rows from 1 to 10000']);
  const sealer = configuredSealer(config);
  const dataSource = new DataSource(buildDataSourceOptions(config));
  await dataSource.initialize();
  try {
    let census: SealingCensus;
    if (args.includes('--check')) {
      census = await sealingCensus(dataSource, sealer, batch);
    } else {
      const result = await resealAll(dataSource, sealer, batch);
      process.stdout.write(`Re-sealed ${result.resealed} row(s) with key ${sealer.keyId}${result.changed > 0 ? ` (${result.changed} changed meanwhile, e.g. delivered: left as they were)` : ''}.\n`);
      census = result.census;
    }
    process.stdout.write(describe(census, sealer.keyId));
    return census.previous.size === 0 && census.missing.size === 0 ? EXIT_DONE : EXIT_OLD_KEYS_NEEDED;
  } finally {
    await dataSource.destroy();
  }
}

function describe(census: SealingCensus, keyId: string): string {
  const previous = [...census.previous].map(([id, rows]) => `${rows} with ${id === 'legacy' ? 'a previous key (legacy format)' : `previous key ${id}`}`);
  const lines = [`${census.current} sealed row(s) under the current key ${keyId}.`];
  if (previous.length > 0) lines.push(`Still under an old key: ${previous.join(', ')}. Keep SEALING_KEY_PREVIOUS_FILES and run this again.`);
  if (census.missing.size > 0) lines.push(`Cannot be opened: ${describeMissing(census.missing)}. Give that key in SEALING_KEY_PREVIOUS_FILES.`);
  if (previous.length === 0 && census.missing.size === 0) lines.push('No row needs an old key: the previous sealing keys may be removed from SEALING_KEY_PREVIOUS_FILES.');
  return `${lines.join('\n')}\n`;
}

reseal(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Re-sealing failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exitCode = 2;
  },
);
