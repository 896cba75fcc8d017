import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConsentName } from '../domain/member';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { NO_STANDING, PartnerStanding } from './lifecycle-plan';
import { SyncStandingEntity } from './sync-standing.entity';

/** `${memberId}\n${partner}`: one standing. */
export const standingKey = (memberId: string, partner: string): string => `${memberId}\n${partner}`;

/** What partners hold of members, as the lifecycle sync remembers it (sync_standings). */
@Injectable()
export class SyncStandings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    serializeSqliteWrites(dataSource);
  }

  /** The standings of these members at these partners (NO_STANDING where none is kept). */
  async load(memberIds: readonly string[], partners: readonly string[]): Promise<Map<string, PartnerStanding>> {
    const found = new Map<string, PartnerStanding>();
    if (memberIds.length === 0 || partners.length === 0) return found;
    const rows = await this.dataSource.getRepository(SyncStandingEntity).findBy({ memberId: In([...memberIds]), partner: In([...partners]) });
    for (const row of rows) {
      found.set(standingKey(row.memberId, row.partner), {
        consents: row.consents === '' ? [] : (row.consents.split(',') as ConsentName[]),
        digests: JSON.parse(row.digests) as Record<string, string>,
      });
    }
    return found;
  }

  static orNone(standings: ReadonlyMap<string, PartnerStanding>, memberId: string, partner: string): PartnerStanding {
    return standings.get(standingKey(memberId, partner)) ?? NO_STANDING;
  }

  /** Stores standings in the caller's transaction; an empty standing is removed rather than kept. */
  async save(manager: EntityManager, changes: readonly { readonly memberId: string; readonly partner: string; readonly standing: PartnerStanding }[], nowMs: number): Promise<void> {
    const repository = manager.getRepository(SyncStandingEntity);
    const keep = changes.filter((c) => c.standing.consents.length > 0 || Object.keys(c.standing.digests).length > 0);
    const drop = changes.filter((c) => !keep.includes(c));
    for (const change of drop) await repository.delete({ memberId: change.memberId, partner: change.partner });
    if (keep.length > 0) {
      await repository.upsert(
        keep.map((c) => ({ memberId: c.memberId, partner: c.partner, consents: c.standing.consents.join(','), digests: JSON.stringify(c.standing.digests), updatedAt: nowMs })),
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
