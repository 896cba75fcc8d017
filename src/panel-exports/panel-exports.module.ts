import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { PanelExportsController } from './panel-exports.controller';
import { PanelExports } from './panel-exports.service';

/** Exports to the research panel (CSV over SFTP). */
@Module({
  imports: [ConnectorsModule, ExchangeModule, AuditModule],
  controllers: [PanelExportsController],
  providers: [PanelExports],
})
export class PanelExportsModule {}
