import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, Repository } from 'typeorm';
import { GatewayError, NotFound, ValidationFailed } from '../errors/gateway-error';
import { hashAccessToken, newAccessToken } from './access-token';
import { AccountEntity } from './account.entity';
import { AccountView, CreatedAccount } from './account.view';
import { ADMIN_NAME, Principal } from './principal';
import { AccountRole } from './role';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AccountsService {
  constructor(@InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>) {}

  async create(input: { name: string; role: AccountRole; partner?: string }, by: Principal): Promise<CreatedAccount> {
    if ((input.role === 'partner') !== (input.partner !== undefined)) {
      throw new ValidationFailed('account', [{ path: 'partner', message: "give a partner for role 'partner', and only for it" }]);
    }
    if (input.name.toLowerCase() === ADMIN_NAME) {
      throw new GatewayError('ACCOUNT_NAME_RESERVED', `The name "${ADMIN_NAME}" belongs to the built-in administrator`, 409);
    }
    if (await this.accounts.existsBy({ name: input.name })) throw nameTaken(input.name);
    const token = newAccessToken();
    const account = this.accounts.create({
      id: randomUUID(),
      name: input.name,
      role: input.role,
      partner: input.partner ?? null,
      tokenHash: hashAccessToken(token),
      createdAt: new Date().toISOString(),
      createdBy: by.name,
      disabledAt: null,
      disabledBy: null,
    });
    try {
      await this.accounts.insert(account);
    } catch (error) {
      // A concurrent creation with the same name got there first.
      if (error instanceof QueryFailedError && (await this.accounts.existsBy({ name: input.name }))) throw nameTaken(input.name);
      throw error;
    }
    return { id: account.id, name: account.name, role: account.role, ...(account.partner !== null ? { partner: account.partner } : {}), token };
  }

  async list(): Promise<AccountView[]> {
    const accounts = await this.accounts.find({ order: { createdAt: 'ASC', name: 'ASC' } });
    return accounts.map((account) => AccountView.of(account));
  }

  /** Disables the account (its token stops working at once); the row stays for the audit trail. */
  async disable(id: string, by: Principal): Promise<AccountView> {
    const account = UUID.test(id) ? await this.accounts.findOneBy({ id }) : null;
    if (account === null) throw new NotFound('ACCOUNT_NOT_FOUND', `No account with id ${id}`);
    if (account.disabledAt === null) {
      account.disabledAt = new Date().toISOString();
      account.disabledBy = by.name;
      await this.accounts.update({ id }, { disabledAt: account.disabledAt, disabledBy: account.disabledBy });
    }
    return AccountView.of(account);
  }
}

function nameTaken(name: string): GatewayError {
  return new GatewayError('ACCOUNT_NAME_TAKEN', `An account named "${name}" already exists`, 409);
}
