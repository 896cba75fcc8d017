import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { ChangeFeedCycle } from './change-feed-cycle';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { HeldMessages } from './held-messages.store';
import { HeldReleases } from './held-releases';
import { InitialCycles } from './initial-cycles';
import { LifecycleSync } from './lifecycle-sync.service';
import { SyncController } from './sync.controller';
import { SyncCursors } from './sync-cursors.store';
import { SyncJobs } from './sync-jobs.store';
import { SyncStandings } from './sync-standings.store';

/** Lifecycle sync: joiners, changes, leavers, consents and erasures reach partners by themselves. */
@Module({
  imports: [ConnectorsModule, DeliveryModule, ExchangeModule],
  controllers: [SyncController, ErasureController],
  providers: [LifecycleSync, SyncStandings, SyncJobs, SyncCursors, HeldMessages, HeldReleases, ChangeFeedCycle, InitialCycles, ErasureService],
  exports: [ChangeFeedCycle, InitialCycles],
})
export class SyncModule {}
