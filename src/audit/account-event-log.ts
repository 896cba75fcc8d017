import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../domain/canonical-json';
import { sha256Hex } from '../domain/sha256';
import { GatewayError } from '../errors/gateway-error';
import { AccountEventEntity, AccountEventsHeadEntity } from './account-event.entity';
import { GENESIS_HASH } from './ledger.chain';

/** 'key-changed': a confirmed change of the pseudonym key (src/audit/pseudonym-key-check.ts), kept in the same signed chain. */
export type AccountEventKind = 'created' | 'confirmed' | 'disabled' | 'key-changed';

export interface AccountEventInput {
  readonly kind: AccountEventKind;
  readonly accountId: string;
  readonly accountName: string;
  readonly role: string;
  readonly by: string;
}

export interface AccountEventView extends AccountEventInput {
  readonly seq: number;
  readonly at: string;
  readonly hash: string;
}

export type EventChainVerdict = { readonly ok: true; readonly checked: number } | { readonly ok: false; readonly checked: number; readonly firstBroken: { readonly seq: number; readonly reason: string } };

function hashOf(prevHash: string, seq: number, at: string, event: AccountEventInput): string {
  return sha256Hex(prevHash + canonicalJson({ seq, at, kind: event.kind, accountId: event.accountId, accountName: event.accountName, role: event.role, by: event.by }));
}

/**
 * Who was given which account and role, who confirmed it, who disabled it: a hash chain with a head row,
 * written in the same transaction as the account change, and its head signed into every ledger
 * checkpoint — so rewriting the account history in the database shows against any checkpoint.
 */
@Injectable()
export class AccountEventLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, event: AccountEventInput): Promise<void> {
    const postgres = manager.connection.options.type === 'postgres';
    const head = await manager.findOne(AccountEventsHeadEntity, { where: { id: 1 }, ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (head === null) throw new GatewayError('ACCOUNT_EVENTS_HEAD_MISSING', 'the account event log has no head; run the migrations', 500);
    const seq = Number(head.seq) + 1;
    const at = new Date().toISOString();
    const hash = hashOf(head.hash, seq, at, event);
    await manager.insert(AccountEventEntity, { seq, prevHash: head.hash, hash, at, kind: event.kind, accountId: event.accountId, accountName: event.accountName, role: event.role, byName: event.by });
    await manager.update(AccountEventsHeadEntity, { id: 1 }, { seq, hash });
  }

  async head(): Promise<{ readonly seq: number; readonly hash: string }> {
    const head = await this.dataSource.manager.findOneBy(AccountEventsHeadEntity, { id: 1 });
    return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS_HASH };
  }

  async list(): Promise<AccountEventView[]> {
    const rows = await this.dataSource.manager.find(AccountEventEntity, { order: { seq: 'ASC' } });
    return rows.map((row) => ({ seq: Number(row.seq), at: row.at, kind: row.kind as AccountEventKind, accountId: row.accountId, accountName: row.accountName, role: row.role, by: row.byName, hash: row.hash }));
  }

  /** Walks the chain to its head; `signed` (from a checkpoint) must be on it: the events it covered are unchanged. */
  async verify(signed?: { readonly seq: number; readonly hash: string }): Promise<EventChainVerdict> {
    const rows = await this.dataSource.manager.find(AccountEventEntity, { order: { seq: 'ASC' } });
    let previous = GENESIS_HASH;
    let expected = 1;
    const hashes = new Map<number, string>([[0, GENESIS_HASH]]);
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (reason: string): EventChainVerdict => ({ ok: false, checked: expected - 1, firstBroken: { seq, reason } });
      if (seq !== expected) return broken(`expected account event ${expected}, found ${seq} (an event removed or inserted)`);
      if (row.prevHash !== previous) return broken('does not link to the previous account event');
      if (hashOf(row.prevHash, seq, row.at, { kind: row.kind as AccountEventKind, accountId: row.accountId, accountName: row.accountName, role: row.role, by: row.byName }) !== row.hash) return broken('account event altered');
      previous = row.hash;
      hashes.set(seq, row.hash);
      expected += 1;
    }
    const head = await this.head();
    if (head.seq !== expected - 1 || head.hash !== previous) return { ok: false, checked: expected - 1, firstBroken: { seq: expected, reason: 'the chain of account events does not end at its head (events removed or added around it)' } };
    if (signed !== undefined && hashes.get(signed.seq) !== signed.hash) {
      return { ok: false, checked: expected - 1, firstBroken: { seq: Math.min(signed.seq, expected), reason: `the account events up to ${signed.seq} differ from what the checkpoint signed (rewritten, removed or reordered)` } };
    }
    return { ok: true, checked: expected - 1 };
  }
}
