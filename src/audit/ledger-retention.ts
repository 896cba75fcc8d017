import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { DisclosureEntity } from './disclosure.entity';
import { toLedgerEntry } from './ledger-entry.mapper';
import { entryHash } from './ledger.chain';

const DAY_MS = 86_400_000;
/** Entries checked or emptied per query. */
const PAGE = 2000;

/**
 * The ledger's own retention (LEDGER_RETENTION_DAYS, seven years by default: the financial period). An
 * entry older than that loses its content — who the member was, which fields, which exchange — and keeps
 * its hash, so the chain links and the Merkle tree stay whole and every signed checkpoint still verifies.
 * What stays: when, to which partner, for which purpose, under which policy version and agreement.
 *
 * Against a database writer who would hide a recent disclosure by "retaining" it early: content may go
 * only up to a watermark signed into a checkpoint (`retention <seq>`), which the verifier holds the rows
 * to; the watermark covers only the unbroken run of entries from the first that are all past retention,
 * and only entries whose content still hashes to their hash — a row whose date was set back by hand
 * breaks its hash, and the watermark stops before it.
 */
@Injectable()
export class LedgerRetention {
  private readonly logger = new Logger('LedgerRetention');
  /** Entries known to be emptied already (from 1): the next run starts after them. */
  private emptiedThrough: number | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    serializeSqliteWrites(dataSource);
  }

  /**
   * The watermark a checkpoint signed now may carry: at least `signed` (it never goes back), at most the
   * tree's size, and no further than the run of intact entries recorded before the retention's cut-off.
   */
  async watermark(signed: number, treeSize: number, nowMs: number): Promise<number> {
    const cutoff = new Date(nowMs - this.config.ledger.retentionDays * DAY_MS).toISOString();
    const firstKept = await this.dataSource
      .getRepository(DisclosureEntity)
      .createQueryBuilder('d')
      .select('MIN(d.seq)', 'seq')
      .where('d.recorded_at >= :cutoff', { cutoff })
      .getRawOne<{ seq: number | string | null }>();
    const reach = Math.min(treeSize, firstKept?.seq === null || firstKept?.seq === undefined ? treeSize : Number(firstKept.seq) - 1);
    if (reach <= signed) return signed;
    return this.intactThrough(signed, reach);
  }

  /** Empties the content of every entry up to the signed watermark that still holds it, page by page. */
  async empty(through: number, nowMs: number): Promise<number> {
    const from = this.emptiedThrough ?? (await this.firstHolding()) - 1;
    if (from >= through) return 0;
    const repository = this.dataSource.getRepository(DisclosureEntity);
    const at = new Date(nowMs).toISOString();
    let emptied = 0;
    for (let low = from; low < through; low += PAGE) {
      const high = Math.min(through, low + PAGE);
      const result = await repository
        .createQueryBuilder()
        .update(DisclosureEntity)
        .set({ memberId: '', fields: '[]', exchangeId: null, redactedAt: at })
        .where('seq > :low AND seq <= :high AND redacted_at IS NULL', { low, high })
        .execute();
      emptied += result.affected ?? 0;
      this.emptiedThrough = high;
    }
    if (emptied > 0) this.logger.log(`ledger retention: the content of ${emptied} entr${emptied === 1 ? 'y' : 'ies'} older than ${this.config.ledger.retentionDays} days removed (entries 1 to ${through} hold hashes only)`);
    return emptied;
  }

  /** The first entry that still holds content (entries before it were emptied). */
  private async firstHolding(): Promise<number> {
    const row = await this.dataSource
      .getRepository(DisclosureEntity)
      .createQueryBuilder('d')
      .select('MIN(d.seq)', 'seq')
      .where('d.redacted_at IS NULL')
      .getRawOne<{ seq: number | string | null }>();
    return row?.seq === null || row?.seq === undefined ? Number.MAX_SAFE_INTEGER : Number(row.seq);
  }

  /** The last entry up to `reach` such that every entry after `signed` links on and hashes to its content. */
  private async intactThrough(signed: number, reach: number): Promise<number> {
    const repository = this.dataSource.getRepository(DisclosureEntity);
    let previous = signed === 0 ? undefined : await repository.findOneBy({ seq: signed });
    let last = signed;
    while (last < reach) {
      const rows = await repository.find({ where: { seq: MoreThan(last) }, order: { seq: 'ASC' }, take: Math.min(PAGE, reach - last) });
      if (rows.length === 0) break;
      for (const row of rows) {
        const entry = toLedgerEntry(row);
        const linked = entry.seq === last + 1 && (previous === undefined || previous === null || entry.prevHash === previous.hash);
        if (!linked || entry.redacted === true || entryHash(entry.prevHash, entry) !== entry.hash) {
          this.logger.error(`ledger retention stops before entry ${entry.seq}: it does not hash to its content or link to the entry before (verify the ledger)`);
          return last;
        }
        previous = row;
        last = entry.seq;
      }
    }
    return last;
  }
}
