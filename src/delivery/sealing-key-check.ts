import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { GatewayError } from '../errors/gateway-error';
import { configuredSealer } from './message-sealer';
import { describeMissing, sealingCensus } from './sealed-rows';

/**
 * Refuses to start when a sealed row needs a key the configuration no longer has (an old sealing key
 * dropped before `npm run keys:reseal` moved its rows to the new one): better a clear error at start,
 * naming the key and the rows, than every such delivery failing one by one into the dead letters.
 * Runs before the delivery worker starts (onModuleInit comes before any onApplicationBootstrap).
 */
@Injectable()
export class SealingKeyCheck implements OnModuleInit {
  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const census = await sealingCensus(this.dataSource, configuredSealer(this.config));
    if (census.missing.size === 0) return;
    throw new GatewayError(
      'SEALING_KEY_MISSING',
      `sealed data needs a key that is not configured: ${describeMissing(census.missing)}. ` +
        'Give the old key again in SEALING_KEY_PREVIOUS_FILES, run `npm run keys:reseal`, and drop it only when that reports no row needs it (docs/key-rotation.md)',
      500,
      { missing: Object.fromEntries(census.missing) },
    );
  }
}
