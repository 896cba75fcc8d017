import { DataSource } from 'typeorm';
import { MessageSealer, sealedKeyId } from './message-sealer';

/** Every column that keeps data sealed with the sealing key, with the id its seal is bound to. */
const SEALED_COLUMNS = [
  { table: 'outbox', column: 'message_sealed' },
  { table: 'bank_collections', column: 'sealed_file' },
] as const;

/** Names rows sealed in the legacy format (no key id) that no configured key opens. */
export const LEGACY_KEY = 'legacy';

/** Sealed rows by the key they need: under the current key, under a previous key still configured, under none configured. */
export interface SealingCensus {
  readonly current: number;
  /** Rows a re-seal moves to the current key (previous keys, legacy format), by key id. */
  readonly previous: ReadonlyMap<string, number>;
  /** Rows no configured key opens, by the key id they name (LEGACY_KEY: the legacy format). */
  readonly missing: ReadonlyMap<string, number>;
}

export interface ResealResult {
  readonly resealed: number;
  /** Rows that changed while being re-sealed (delivered, erased): left as they were. */
  readonly changed: number;
  readonly census: SealingCensus;
}

/**
 * Counts sealed rows by key. Rows naming their key are counted in SQL; legacy rows name none and are
 * opened one by one (only rows sealed before key ids existed, and `npm run keys:reseal` removes them).
 */
export async function sealingCensus(dataSource: DataSource, sealer: MessageSealer, batchSize = 500): Promise<SealingCensus> {
  let current = 0;
  const previous = new Map<string, number>();
  const missing = new Map<string, number>();
  const add = (map: Map<string, number>, id: string, rows: number): void => {
    map.set(id, (map.get(id) ?? 0) + rows);
  };
  for (const { table, column } of SEALED_COLUMNS) {
    const counts = await dataSource.query<Array<{ key_id: string; n: number | string }>>(
      `SELECT substr(${column}, 4, 8) AS key_id, COUNT(*) AS n FROM ${table} WHERE ${column} LIKE 'v2.%' GROUP BY substr(${column}, 4, 8)`,
    );
    for (const { key_id: id, n } of counts) {
      if (id === sealer.keyId) current += Number(n);
      else add(sealer.has(id) ? previous : missing, id, Number(n));
    }
    await eachLegacyRow(dataSource, table, column, batchSize, (id, text) => {
      try {
        sealer.open(id, text);
        add(previous, LEGACY_KEY, 1);
      } catch {
        add(missing, LEGACY_KEY, 1);
      }
    });
  }
  return { current, previous, missing };
}

/**
 * Seals every row not under the current key again with it, `batchSize` rows a transaction. A row is
 * written only if it still holds what was read (compare-and-set): one delivered meanwhile keeps its
 * erasure. Rows no configured key opens are left, and counted in the census that ends the run.
 */
export async function resealAll(dataSource: DataSource, sealer: MessageSealer, batchSize = 500): Promise<ResealResult> {
  let resealed = 0;
  let changed = 0;
  const postgres = dataSource.options.type === 'postgres';
  for (const { table, column } of SEALED_COLUMNS) {
    let after = '';
    for (;;) {
      const rows = await dataSource.query<Array<{ id: string; sealed: string }>>(
        `SELECT id, ${column} AS sealed FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT LIKE ${postgres ? '$1' : '?'} AND id > ${postgres ? '$2' : '?'} ORDER BY id LIMIT ${batchSize}`,
        [`v2.${sealer.keyId}.%`, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? after;
      await dataSource.transaction(async (manager) => {
        const runner = manager.queryRunner;
        if (runner === undefined) throw new Error('a transaction without a query runner');
        for (const row of rows) {
          let again: string;
          try {
            again = sealer.seal(row.id, sealer.open(row.id, row.sealed));
          } catch {
            continue; // no configured key opens it: counted below
          }
          const result: { affected?: number } = await runner.query(
            `UPDATE ${table} SET ${column} = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'} AND ${column} = ${postgres ? '$3' : '?'}`,
            [again, row.id, row.sealed],
            true,
          );
          if (result.affected === 1) resealed += 1;
          else changed += 1;
        }
      });
    }
  }
  return { resealed, changed, census: await sealingCensus(dataSource, sealer, batchSize) };
}

/** The key ids a census says are missing, as one sentence for an error or a report. */
export function describeMissing(missing: ReadonlyMap<string, number>): string {
  return [...missing]
    .map(([id, rows]) => (id === LEGACY_KEY ? `${rows} row(s) sealed before key ids (legacy format) with a key that is not configured` : `${rows} row(s) sealed with key ${id}, which is not configured`))
    .join('; ');
}

async function eachLegacyRow(dataSource: DataSource, table: string, column: string, batchSize: number, visit: (id: string, text: string) => void): Promise<void> {
  const postgres = dataSource.options.type === 'postgres';
  let after = '';
  for (;;) {
    const rows = await dataSource.query<Array<{ id: string; sealed: string }>>(
      `SELECT id, ${column} AS sealed FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT LIKE 'v2.%' AND id > ${postgres ? '$1' : '?'} ORDER BY id LIMIT ${batchSize}`,
      [after],
    );
    for (const row of rows) if (sealedKeyId(row.sealed) === undefined) visit(row.id, row.sealed);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]?.id ?? after;
  }
}
