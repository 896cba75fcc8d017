import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { AccountEventLog } from './account-event-log';
import { CheckpointAnswer, LedgerVerdict, noteOf, retainedThrough, verifyAgainstCheckpoint } from './checkpoint-verifier';
import { openCheckpoint } from './checkpoint-note';
import { LedgerRetention } from './ledger-retention';
import { ledgerTree } from './ledger-tree';
import { LedgerCheckpointEntity } from './ledger-checkpoint.entity';
import { LedgerService } from './ledger.service';
import { LedgerSigningKey } from './ledger-signing-key';
import { readPreviousKeys } from './ledger-previous-keys';
import { GatewayError } from '../errors/gateway-error';
import { DisclosureReport } from './disclosure-report';

const WITNESS_FILE = /^checkpoint-(\d+)\.json$/;

/**
 * Signed checkpoints of the disclosure ledger, as certificate-transparency logs publish them: every
 * LEDGER_CHECKPOINT_MS, when the ledger grew, its Merkle root is signed with the key from
 * LEDGER_SIGNING_KEY_FILE (outside the database), kept, and written to LEDGER_WITNESS_DIR — a place the
 * database writer cannot rewrite. A ledger rewritten in the database no longer extends them.
 */
@Injectable()
export class LedgerCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerCheckpoints');
  private readonly key: LedgerSigningKey;
  /** The verifier keys of this key and of those retired by rotations: each checkpoint is checked with the one it names. */
  private readonly ring: readonly string[];
  private timer: NodeJS.Timeout | undefined;
  private making: Promise<unknown> | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly accountEvents: AccountEventLog,
    private readonly retention: LedgerRetention,
  ) {
    const { signingKeyFile, origin, signingKeyApart } = config.ledger;
    const { key, created } = LedgerSigningKey.load(signingKeyFile, origin, { create: true });
    this.key = key;
    this.ring = [key.verifier(), ...readPreviousKeys(signingKeyFile, config.ledger.previousKeys).filter((other) => other !== key.verifier())];
    if (created) this.logger.warn(`made the ledger signing key ${signingKeyFile}; keep a copy apart from the database (LEDGER_SIGNING_KEY_FILE)`);
    if (!signingKeyApart) {
      const say = process.env.NODE_ENV === 'production' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
      say('the ledger signing key lies in DATA_DIR beside the database: whoever can rewrite the database should not hold it; in production set LEDGER_SIGNING_KEY_FILE to another volume');
    }
  }

  onApplicationBootstrap(): void {
    if (this.config.ledger.checkpointMs > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.making;
  }

  /** The verifier key of the key that signs new checkpoints. */
  verifierKey(): string {
    return this.key.verifier();
  }

  /** The current verifier key first, then those of retired signing keys. */
  verifierKeys(): readonly string[] {
    return this.ring;
  }

  /** The newest checkpoint made (here or by another instance), or undefined before the first. */
  async latest(): Promise<CheckpointAnswer | undefined> {
    const [row] = await this.dataSource.manager.find(LedgerCheckpointEntity, { order: { treeSize: 'DESC' }, take: 1 });
    return row === undefined ? undefined : this.answer(row);
  }

  /**
   * A checkpoint of the ledger as it is now (the latest one again when nothing was added since), signing
   * how far the ledger's retention reaches (`retention <seq>`); then the content of the entries up to the
   * signed watermark is removed. `nowMs` for tests of the retention.
   */
  async make(nowMs = Date.now()): Promise<CheckpointAnswer> {
    const work = this.makeNow(nowMs);
    this.making = work.catch(() => undefined);
    return work;
  }

  /** The ledger's chain, and that it extends the given checkpoint — or, without one, the newest known. */
  async verify(given?: unknown): Promise<LedgerVerdict> {
    const chain = await this.ledger.verify();
    const known = [...this.witnessNotes(), ...(await this.dataSource.manager.find(LedgerCheckpointEntity)).map((row) => row.note)];
    let note: string | undefined;
    if (given !== undefined) {
      note = noteOf(given);
      if (note === undefined) throw new GatewayError('CHECKPOINT_INVALID', 'give the checkpoint as GET /api/v1/disclosures/checkpoint answered it (an object with its note), or the note text', 422);
    } else {
      note = this.newestWitness() ?? (await this.latest())?.note;
    }
    if (note === undefined) return chain;
    const against = await verifyAgainstCheckpoint(this.dataSource, this.accountEvents, note, this.ring, known);
    const ok = chain.ok && against.checkpoint.ok && against.accountEvents?.ok !== false;
    if (ok || !chain.ok) return { ...chain, ...against };
    const reason = against.checkpoint.ok ? (against.accountEvents?.ok === false ? against.accountEvents.firstBroken.reason : 'account events') : (against.checkpoint.reason ?? 'checkpoint');
    return { ok: false, checked: chain.checked, firstBroken: { seq: against.checkpoint.treeSize ?? 0, reason }, ...against };
  }

  /** Each entry of a member's report with its inclusion proof in the newest checkpoint, and that checkpoint. */
  async withProofs(report: DisclosureReport): Promise<DisclosureReport> {
    const checkpoint = (await this.latest()) ?? (await this.make());
    const tree = await ledgerTree(this.dataSource);
    const proven = report.disclosures.map((entry) => ({
      ...entry,
      inclusion:
        entry.seq > checkpoint.treeSize || entry.seq > tree.size
          ? null
          : { leafIndex: entry.seq - 1, treeSize: checkpoint.treeSize, auditPath: tree.inclusionProof(entry.seq - 1, checkpoint.treeSize).map((node) => node.toString('base64')) },
    }));
    return { ...report, checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note: checkpoint.note, verifierKey: checkpoint.verifierKey }, disclosures: proven };
  }

  private async makeNow(nowMs: number): Promise<CheckpointAnswer> {
    const tree = await ledgerTree(this.dataSource);
    const latest = await this.latest();
    const signed = latest === undefined ? 0 : this.signedRetention(latest);
    if (latest !== undefined && latest.treeSize === tree.size) {
      // A new watermark waits for the next entry (a checkpoint is one per size); what is signed is done.
      await this.retention.empty(signed, nowMs);
      return latest;
    }
    const retention = await this.retention.watermark(signed, tree.size, nowMs);
    const accounts = await this.accountEvents.head();
    const rootHash = tree.root().toString('base64');
    const note = this.key.sign({ origin: this.config.ledger.origin, treeSize: tree.size, rootHash, extensions: [`accounts ${accounts.seq} ${accounts.hash}`, `retention ${retention}`] });
    const row: LedgerCheckpointEntity = { treeSize: tree.size, rootHash: tree.root().toString('hex'), note, createdAt: new Date().toISOString() };
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(LedgerCheckpointEntity)
      .values(row)
      .orIgnore()
      .execute();
    const answer = this.answer(row);
    this.witness(answer);
    // Another instance may have stored its checkpoint of this size first: empty what the stored one signed.
    const stored = await this.latest();
    await this.retention.empty(stored === undefined ? 0 : this.signedRetention(stored), nowMs);
    return answer;
  }

  /** The retention watermark a stored checkpoint signed — 0 when its signature is not the gateway's. */
  private signedRetention(checkpoint: CheckpointAnswer): number {
    const opened = openCheckpoint(checkpoint.note, this.ring);
    if (!opened.ok) {
      this.logger.error(`the newest stored checkpoint (size ${checkpoint.treeSize}) is not signed by this gateway's keys: the ledger's retention removes nothing until one is`);
      return 0;
    }
    return retainedThrough(opened.checkpoint);
  }

  private answer(row: LedgerCheckpointEntity): CheckpointAnswer {
    // The verifier key of the key that signed this checkpoint: a retired one for checkpoints made before a rotation.
    const opened = openCheckpoint(row.note, this.ring);
    const verifierKey = opened.ok ? opened.verifier : this.verifierKey();
    return { origin: this.config.ledger.origin, treeSize: Number(row.treeSize), rootHash: Buffer.from(row.rootHash, 'hex').toString('base64'), note: row.note, verifierKey, createdAt: row.createdAt };
  }

  /** Written whole or not at all (a temporary file, then renamed), never overwritten. */
  private witness(answer: CheckpointAnswer): void {
    const dir = this.config.ledger.witnessDir;
    if (dir === undefined) return;
    try {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `checkpoint-${answer.treeSize}.json`);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(answer, null, 2)}\n`, { mode: 0o644 });
      renameSync(temporary, file);
    } catch (error) {
      this.logger.error(`checkpoint ${answer.treeSize} not written to LEDGER_WITNESS_DIR: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }

  private witnessFiles(): Array<{ size: number; file: string }> {
    const dir = this.config.ledger.witnessDir;
    if (dir === undefined) return [];
    try {
      return readdirSync(dir).flatMap((name) => {
        const match = WITNESS_FILE.exec(name);
        return match === null ? [] : [{ size: Number(match[1]), file: join(dir, name) }];
      });
    } catch {
      return [];
    }
  }

  private witnessNotes(): string[] {
    return this.witnessFiles().flatMap(({ file }) => {
      try {
        const note = noteOf(JSON.parse(readFileSync(file, 'utf8')) as unknown);
        return note === undefined ? [] : [note];
      } catch {
        return [];
      }
    });
  }

  private newestWitness(): string | undefined {
    const newest = this.witnessFiles().sort((a, b) => b.size - a.size)[0];
    if (newest === undefined) return undefined;
    try {
      return noteOf(JSON.parse(readFileSync(newest.file, 'utf8')) as unknown);
    } catch {
      return undefined;
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.making = this.make()
        .catch((error: unknown) => this.logger.error(`ledger checkpoint failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (this.timer !== undefined) this.schedule();
        });
    }, this.config.ledger.checkpointMs);
    this.timer.unref();
  }
}
