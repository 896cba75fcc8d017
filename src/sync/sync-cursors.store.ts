import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { SyncCursorEntity } from './sync-cursor.entity';

/** Named cursors with a lease: one holder at a time across instances (sync_cursors). */
@Injectable()
export class SyncCursors {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    serializeSqliteWrites(dataSource);
  }

  /** Takes or renews the lease on the cursor: false when another holder's lease still runs. */
  async lease(name: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    const repository = this.dataSource.getRepository(SyncCursorEntity);
    if ((await repository.findOneBy({ name })) === null) {
      try {
        await repository.insert({ name, value: null, leaseOwner: owner, leaseUntil: nowMs + leaseMs });
        return true;
      } catch {
        // Another instance made it first: take the lease the ordinary way.
      }
    }
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SyncCursorEntity)
      .set({ leaseOwner: owner, leaseUntil: nowMs + leaseMs })
      .where('name = :name AND (lease_owner = :owner OR lease_until IS NULL OR lease_until < :now)', { name, owner, now: nowMs })
      .execute();
    return result.affected === 1;
  }

  async unlease(name: string, owner: string): Promise<void> {
    await this.dataSource.createQueryBuilder().update(SyncCursorEntity).set({ leaseOwner: null, leaseUntil: null }).where('name = :name AND lease_owner = :owner', { name, owner }).execute();
  }

  async value(name: string): Promise<string | null> {
    return (await this.dataSource.getRepository(SyncCursorEntity).findOneBy({ name }))?.value ?? null;
  }

  /**
   * Sets a cursor that no one leases (a record kept beside a leased one, such as how far the change feed
   * was covered): made on first use, overwritten after.
   */
  async mark(name: string, value: string): Promise<void> {
    const repository = this.dataSource.getRepository(SyncCursorEntity);
    const result = await repository.update({ name }, { value });
    if (result.affected === 1) return;
    try {
      await repository.insert({ name, value, leaseOwner: null, leaseUntil: null });
    } catch {
      // Made by another instance just now: overwrite it.
      await repository.update({ name }, { value });
    }
  }

  /** Moves the cursor, only while this holder has the lease. */
  async move(name: string, owner: string, value: string): Promise<boolean> {
    const result = await this.dataSource.createQueryBuilder().update(SyncCursorEntity).set({ value }).where('name = :name AND lease_owner = :owner', { name, owner }).execute();
    return result.affected === 1;
  }
}
