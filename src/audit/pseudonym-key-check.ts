import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { GatewayError } from '../errors/gateway-error';
import { AccountEventLog } from './account-event-log';
import { KeyFingerprintEntity } from './key-fingerprint.entity';

const NAME = 'pseudonym';

/** The pseudonym key's fingerprint: 32 hex characters of HMAC-SHA256 keyed with it — tells keys apart, reveals nothing of it. */
export function pseudonymKeyFingerprint(key: string): string {
  return createHmac('sha256', key).update('bieb-gateway/pseudonym-key/fingerprint').digest('hex').slice(0, 32);
}

/**
 * The pseudonym key cannot rotate: every partner knows members by pseudonyms derived from it, so another
 * key gives every member new pseudonyms everywhere — partners would see strangers, and keep the old
 * records under names nobody can link any more. Its fingerprint is recorded at the first start; a start
 * with another key (a lost pseudonym.key file regenerated, a mistyped PSEUDONYM_KEY) is refused, unless
 * the operator names the new fingerprint in PSEUDONYM_KEY_CHANGE_CONFIRMED: then the change is recorded
 * in the account events, whose chain every ledger checkpoint signs.
 */
@Injectable()
export class PseudonymKeyCheck implements OnModuleInit {
  private readonly logger = new Logger('PseudonymKeyCheck');

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accountEvents: AccountEventLog,
  ) {}

  async onModuleInit(): Promise<void> {
    const configured = pseudonymKeyFingerprint(this.config.pseudonymKey.reveal());
    const repository = this.dataSource.getRepository(KeyFingerprintEntity);
    // orIgnore: instances starting together on a new database record it once.
    await repository.createQueryBuilder().insert().values({ name: NAME, fingerprint: configured, recordedAt: new Date().toISOString() }).orIgnore().execute();
    const stored = (await repository.findOneByOrFail({ name: NAME })).fingerprint;
    if (stored === configured) return;
    const confirmed = this.config.pseudonymKeyChangeConfirmed;
    if (confirmed !== configured) {
      throw new GatewayError(
        'PSEUDONYM_KEY_CHANGED',
        `the pseudonym key (PSEUDONYM_KEY, or pseudonym.key in DATA_DIR) is not the one this database was started with (fingerprint ${stored}; this key's is ${configured}). ` +
          "Partners know members by pseudonyms derived from it: with another key every member's pseudonym changes at every partner, who would see new members and keep the old ones unlinkable. " +
          (confirmed === undefined ? 'Give the original key back. ' : `PSEUDONYM_KEY_CHANGE_CONFIRMED names ${confirmed}, not this key's fingerprint. `) +
          `Only if every partner's pseudonyms are to change (e.g. the key leaked, and partners were told), start once with PSEUDONYM_KEY_CHANGE_CONFIRMED=${configured} (docs/key-rotation.md)`,
        500,
        { stored, configured },
      );
    }
    await this.dataSource.transaction(async (manager) => {
      const changed = await manager.update(KeyFingerprintEntity, { name: NAME, fingerprint: stored }, { fingerprint: configured, recordedAt: new Date().toISOString() });
      // Another instance recorded the same confirmed change first: nothing left to record.
      if (changed.affected !== 1) return;
      await this.accountEvents.append(manager, { kind: 'key-changed', accountId: 'pseudonym-key', accountName: `pseudonym key ${stored} -> ${configured}`, role: 'key', by: 'PSEUDONYM_KEY_CHANGE_CONFIRMED' });
    });
    this.logger.warn(`the pseudonym key changed, as PSEUDONYM_KEY_CHANGE_CONFIRMED confirmed (fingerprint ${stored} -> ${configured}): every partner's pseudonyms are new from now on`);
  }
}
