import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { AccountEventLog } from '../audit/account-event-log';
import { GatewayError, NotFound, ValidationFailed } from '../errors/gateway-error';
import { hashAccessToken, newAccessToken } from './access-token';
import { AccountEntity } from './account.entity';
import { AccountEvents } from './account-events';
import { accountNameKey, checkAccountName } from './account-name';
import { AccountView, CreatedAccount } from './account.view';
import { ConsoleSessions } from './console-sessions';
import { ADMIN_NAME, Principal } from './principal';
import { AccountRole } from './role';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accounts, managed by the administrator. Separation of duties: a new officer takes part in four eyes
 * only once another, already confirmed officer confirmed it (never the account itself); the first officer
 * a gateway ever had is confirmed by its creation. Disabling an officer does not make room for a new
 * "first": once any officer existed, every new one needs a confirmation.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly sessions: ConsoleSessions,
    private readonly events: AccountEvents,
    private readonly log: AccountEventLog,
  ) {}

  async create(input: { name: string; role: AccountRole; partner?: string }, by: Principal): Promise<CreatedAccount> {
    if ((input.role === 'partner') !== (input.partner !== undefined)) {
      throw new ValidationFailed('account', [{ path: 'partner', message: "give a partner for role 'partner', and only for it" }]);
    }
    const checked = checkAccountName(input.name);
    if (!checked.ok) throw new ValidationFailed('account', [{ path: 'name', message: checked.message }]);
    if (checked.key === accountNameKey(ADMIN_NAME)) {
      throw new GatewayError('ACCOUNT_NAME_RESERVED', `The name "${ADMIN_NAME}" belongs to the built-in administrator`, 409);
    }
    const token = newAccessToken();
    const now = new Date().toISOString();
    const account = await this.dataSource
      .transaction(async (manager) => {
        const accounts = manager.getRepository(AccountEntity);
        // Officers are numbered under a lock, so that of two created at once on an empty gateway only one is "the first".
        if (manager.connection.options.type === 'postgres') await manager.query('SELECT pg_advisory_xact_lock(hashtext($1 || current_schema()))', ['bieb-gateway accounts']);
        if (await accounts.existsBy({ nameKey: checked.key })) throw nameTaken(checked.name);
        const firstOfficer = input.role === 'officer' && !(await accounts.existsBy({ role: 'officer' }));
        const row = accounts.create({
          id: randomUUID(),
          name: checked.name,
          nameKey: checked.key,
          role: input.role,
          partner: input.partner ?? null,
          tokenHash: hashAccessToken(token),
          createdAt: now,
          createdBy: by.name,
          confirmedAt: firstOfficer ? now : null,
          confirmedBy: firstOfficer ? 'creation (the first officer)' : null,
          disabledAt: null,
          disabledBy: null,
        });
        await accounts.insert(row);
        await this.log.append(manager, { kind: 'created', accountId: row.id, accountName: row.name, role: row.role, by: by.name });
        if (firstOfficer) await this.log.append(manager, { kind: 'confirmed', accountId: row.id, accountName: row.name, role: row.role, by: 'creation (the first officer)' });
        return row;
      })
      .catch(async (error: unknown) => {
        // A concurrent creation with the same name got there first.
        if (error instanceof QueryFailedError && (await this.accounts.existsBy({ nameKey: checked.key }))) throw nameTaken(checked.name);
        throw error;
      });
    this.events.emit({ kind: 'created', accountId: account.id });
    return {
      id: account.id,
      name: account.name,
      role: account.role,
      ...(account.partner !== null ? { partner: account.partner } : {}),
      ...(account.role === 'officer' ? { confirmed: account.confirmedAt !== null } : {}),
      token,
    };
  }

  async list(): Promise<AccountView[]> {
    const accounts = await this.accounts.find({ order: { createdAt: 'ASC', name: 'ASC' } });
    return accounts.map((account) => AccountView.of(account));
  }

  /** Another confirmed officer confirms an officer account: from now on it takes part in four eyes. */
  async confirm(id: string, by: Principal): Promise<AccountView> {
    const account = await this.find(id);
    if (account.id === by.accountId) throw new GatewayError('SELF_CONFIRMATION', 'an officer account is confirmed by another officer, never by itself', 403);
    if (account.role !== 'officer') throw new GatewayError('NOT_AN_OFFICER', 'only officer accounts are confirmed', 409);
    if (account.disabledAt !== null) throw new GatewayError('ACCOUNT_DISABLED', 'a disabled account cannot be confirmed', 409);
    if (account.confirmedAt !== null) return AccountView.of(account);
    const confirmedAt = new Date().toISOString();
    const confirmed = await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(AccountEntity)
        .set({ confirmedAt, confirmedBy: by.name })
        .where('id = :id AND confirmed_at IS NULL AND disabled_at IS NULL', { id })
        .execute();
      if (result.affected !== 1) return false;
      await this.log.append(manager, { kind: 'confirmed', accountId: id, accountName: account.name, role: account.role, by: by.name });
      return true;
    });
    if (confirmed) this.events.emit({ kind: 'confirmed', accountId: id });
    return AccountView.of(await this.find(id));
  }

  /** Disables the account: its token stops working, its console sessions end and its open connections close at once. */
  async disable(id: string, by: Principal): Promise<AccountView> {
    const account = await this.find(id);
    if (account.disabledAt === null) {
      account.disabledAt = new Date().toISOString();
      account.disabledBy = by.name;
      const { disabledAt, disabledBy } = account;
      await this.dataSource.transaction(async (manager) => {
        await manager.update(AccountEntity, { id }, { disabledAt, disabledBy });
        await this.log.append(manager, { kind: 'disabled', accountId: id, accountName: account.name, role: account.role, by: by.name });
      });
      await this.sessions.endAllOf(account.tokenHash);
      this.events.emit({ kind: 'disabled', accountId: id });
    }
    return AccountView.of(account);
  }

  private async find(id: string): Promise<AccountEntity> {
    const account = UUID.test(id) ? await this.accounts.findOneBy({ id }) : null;
    if (account === null) throw new NotFound('ACCOUNT_NOT_FOUND', `No account with id ${id}`);
    return account;
  }
}

function nameTaken(name: string): GatewayError {
  return new GatewayError('ACCOUNT_NAME_TAKEN', `An account named "${name}" (or one that differs only in case or form) already exists`, 409);
}
