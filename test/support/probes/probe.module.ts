import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Public } from '../../../src/auth/public.decorator';
import { GatewayError } from '../../../src/errors/gateway-error';

/** Routes that only tests mount (startTestApp({ modules: [ProbeModule] })) to provoke the edge cases. */
@Controller('probe')
class ProbeController {
  @Post('echo')
  @Public()
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }

  @Get('crash')
  @Public()
  crash(): never {
    throw new Error('SELECT card_number FROM members WHERE id = 42 -- internal detail');
  }

  @Get('typed-error')
  @Public()
  typedError(): never {
    throw new GatewayError('PARTNER_UNAVAILABLE', 'The partner did not answer', 502, { partner: 'kb' });
  }
}

/** A controller that forgot its access declaration: the guard must refuse it. */
@Controller('probe-undeclared')
export class UndeclaredController {
  @Get()
  open(): string {
    return 'this should never be served';
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}

@Module({ controllers: [UndeclaredController] })
export class UndeclaredModule {}
