/**
 * Benchmark of the ledger's Merkle tree and signed checkpoints (run: `npm run bench`, or
 * `ts-node -T bench/ledger.bench.ts`). Not part of `npm test`.
 *
 * For ENTRIES (100,000) ledger entries in a SQLite file (rows written directly, in one transaction):
 *   - read: the entries' hashes read from the database in pages (what every checkpoint, proof and
 *     verification starts with);
 *   - tree: the Merkle tree built from those hashes (leaf and node hashing);
 *   - checkpoint: read + tree + the Ed25519 signature of the note;
 *   - inclusion proofs for every entry of a member's report (50 entries), on the built tree;
 *   - consistency proof from a checkpoint at 90 % to the whole tree, and its verification.
 * Baseline, in the same run: one SHA-256 over each entry hash (100,000 digests of 32 bytes) — the least
 * any tree over the entries must do. Results as ratios against it; medians of ROUNDS rounds.
 * Writes bench/results/ledger.json.
 */
import 'reflect-metadata';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { signCheckpoint } from '../src/audit/checkpoint-note';
import { DisclosureEntity } from '../src/audit/disclosure.entity';
import { ledgerTree } from '../src/audit/ledger-tree';
import { MerkleTree, verifyConsistency } from '../src/audit/merkle-tree';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';

const ROOT = join(__dirname, '..');
const ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function time<T>(run: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  console.log(`ledger benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'bgw-ledger-bench-'));
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'gateway.sqlite'), entities: ENTITIES, migrations: MIGRATIONS, logging: false }).initialize();
  try {
    await dataSource.runMigrations();
    const hashes = Array.from({ length: ENTRIES }, () => randomBytes(32).toString('hex'));
    await dataSource.transaction(async (manager) => {
      for (let start = 0; start < ENTRIES; start += 500) {
        const rows = hashes.slice(start, start + 500).map((hash, i) => ({
          seq: start + i + 1,
          prevHash: '0'.repeat(64),
          hash,
          recordedAt: '2026-12-03T10:00:00.000Z',
          memberId: `P${(start + i) % 2000}`,
          partner: 'kb',
          purpose: 'single-identity',
          policyVersion: 1,
          policyHash: 'a'.repeat(64),
          agreementReference: 'GVV-KB',
          fields: '[{"path":"memberId","transform":"copy"}]',
          exchangeId: null,
          redactedAt: null,
        }));
        await manager.insert(DisclosureEntity, rows);
      }
    });
    const { privateKey } = generateKeyPairSync('ed25519');
    const results: Record<string, number[]> = { baseline: [], read: [], tree: [], checkpoint: [], inclusion50: [], consistency: [] };
    for (let round = 0; round < ROUNDS; round++) {
      results.baseline?.push(time(() => hashes.forEach((hash) => createHash('sha256').update(Buffer.from(hash, 'hex')).digest())).ms);
      const read = await timeAsync(() => dataSource.manager.find(DisclosureEntity, { select: { seq: true, hash: true }, order: { seq: 'ASC' } }));
      results.read?.push(read.ms);
      const tree = time(() => MerkleTree.fromEntryHashes(read.value.map((row) => row.hash)));
      results.tree?.push(tree.ms);
      const checkpoint = await timeAsync(async () => {
        const built = await ledgerTree(dataSource);
        return signCheckpoint({ origin: 'bench/ledger', treeSize: built.size, rootHash: built.root().toString('base64'), extensions: [] }, 'bench/ledger', privateKey);
      });
      results.checkpoint?.push(checkpoint.ms);
      results.inclusion50?.push(time(() => Array.from({ length: 50 }, (_, i) => tree.value.inclusionProof((i * 1999) % ENTRIES))).ms);
      const old = Math.floor(ENTRIES * 0.9);
      results.consistency?.push(
        time(() => {
          const proof = tree.value.consistencyProof(old);
          if (!verifyConsistency(old, ENTRIES, tree.value.root(old), tree.value.root(), proof)) throw new Error('consistency proof does not verify');
        }).ms,
      );
    }
    const baseline = median(results.baseline ?? []);
    const rows = Object.entries(results).map(([name, values]) => ({ name, medianMs: Number(median(values).toFixed(1)), ratioToBaseline: Number((median(values) / baseline).toFixed(3)) }));
    for (const row of rows) console.log(`${row.name.padEnd(12)} ${String(row.medianMs).padStart(8)} ms   ${String(row.ratioToBaseline).padStart(6)} × baseline`);
    const rss = process.memoryUsage().rss;
    console.log(`entries ${ENTRIES}, rss ${(rss / 1048576).toFixed(0)} MB`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', 'ledger.json'),
      `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, entries: ENTRIES, rounds: ROUNDS, cpus: cpus().length, loadavg: loadavg(), baseline: 'one SHA-256 over each entry hash', rssMb: Math.round(rss / 1048576), results: rows }, null, 2)}\n`,
    );
  } finally {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
