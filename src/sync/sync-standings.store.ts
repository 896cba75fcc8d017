import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { ConsentName } from '../domain/member';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { NO_STANDING, PartnerStanding } from './lifecycle-plan';
import { SyncStandingEntity } from './sync-standing.entity';

/** `${memberId}\n${partner}`: one standing. */
export const standingKey = (memberId: string, partner: string): string => `${memberId}\n${partner}`;

/** A standing as stored: also the day its member's membership lapses (see SyncStandingEntity.reviewOn). */
export interface StoredStanding extends PartnerStanding {
  readonly reviewOn: string | null;
}

const NO_STORED_STANDING: StoredStanding = Object.freeze({ ...NO_STANDING, reviewOn: null });

/** One standing to store: who, where, what is held, and the member's lapse day. */
export interface StandingChange {
  readonly memberId: string;
  readonly partner: string;
  readonly standing: PartnerStanding;
  readonly reviewOn: string | null;
}

/** What partners hold of members, as the lifecycle sync remembers it (sync_standings). */
@Injectable()
export class SyncStandings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    serializeSqliteWrites(dataSource);
  }

  /** The standings of these members at these partners (NO_STANDING where none is kept). */
  async load(memberIds: readonly string[], partners: readonly string[]): Promise<Map<string, StoredStanding>> {
    const found = new Map<string, StoredStanding>();
    if (memberIds.length === 0 || partners.length === 0) return found;
    const rows = await this.dataSource.getRepository(SyncStandingEntity).findBy({ memberId: In([...memberIds]), partner: In([...partners]) });
    for (const row of rows) {
      found.set(standingKey(row.memberId, row.partner), {
        consents: row.consents === '' ? [] : (row.consents.split(',') as ConsentName[]),
        digests: JSON.parse(row.digests) as Record<string, string>,
        reviewOn: row.reviewOn,
      });
    }
    return found;
  }

  static orNone(standings: ReadonlyMap<string, StoredStanding>, memberId: string, partner: string): StoredStanding {
    return standings.get(standingKey(memberId, partner)) ?? NO_STORED_STANDING;
  }

  /**
   * Members whose membership lapsed by `today` while a partner still holds something of theirs (the
   * lapse sweep: a validUntil passing is no change in the lending system's feed), at most `limit`.
   */
  async lapsed(today: string, limit: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(SyncStandingEntity).find({
      select: { memberId: true },
      where: { reviewOn: LessThanOrEqual(today) },
      order: { reviewOn: 'ASC', memberId: 'ASC' },
      take: limit * 4,
    });
    return [...new Set(rows.map((row) => row.memberId))].slice(0, limit);
  }

  /** Lapse days that could not be acted on (the member is gone from the system of record): not asked again. */
  async clearReview(memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.dataSource.getRepository(SyncStandingEntity).update({ memberId: In([...memberIds]), reviewOn: Not(IsNull()) }, { reviewOn: null });
  }

  /** Stores standings in the caller's transaction; an empty standing is removed rather than kept. */
  async save(manager: EntityManager, changes: readonly StandingChange[], nowMs: number): Promise<void> {
    const repository = manager.getRepository(SyncStandingEntity);
    const keep = changes.filter((c) => c.standing.consents.length > 0 || Object.keys(c.standing.digests).length > 0);
    const drop = changes.filter((c) => !keep.includes(c));
    for (const change of drop) await repository.delete({ memberId: change.memberId, partner: change.partner });
    if (keep.length > 0) {
      await repository.upsert(
        keep.map((c) => ({
          memberId: c.memberId,
          partner: c.partner,
          consents: c.standing.consents.join(','),
          digests: JSON.stringify(c.standing.digests),
          // Only what a partner holds needs taking back when the membership lapses.
          reviewOn: Object.keys(c.standing.digests).length > 0 ? c.reviewOn : null,
          updatedAt: nowMs,
        })),
        ['memberId', 'partner'],
      );
    }
  }

  /** Forgets a member everywhere (an erasure). */
  async forget(manager: EntityManager, memberId: string): Promise<void> {
    await manager.getRepository(SyncStandingEntity).delete({ memberId });
  }

  /** Partners whose standing says they hold something of the member. */
  async holders(memberId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(SyncStandingEntity).findBy({ memberId });
    return rows.filter((row) => row.digests !== '{}').map((row) => row.partner);
  }
}
