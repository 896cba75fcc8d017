import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleController } from './console.controller';

/** The privacy officer's console at /console and its sign-in. */
@Module({
  imports: [AuthModule],
  controllers: [ConsoleController, ConsoleSessionController],
})
export class ConsoleModule {}
