import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleController } from './console.controller';
import { WirePreviewController } from './wire-preview.controller';

/** The privacy officer's console at /console and its sign-in. */
@Module({
  imports: [AuthModule, ConnectorsModule],
  controllers: [ConsoleController, ConsoleSessionController, WirePreviewController],
})
export class ConsoleModule {}
