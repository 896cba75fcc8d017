import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { NotFound } from '../errors/gateway-error';
import { CONSOLE_HEADERS, ConsoleFiles } from './console-assets';

/**
 * The privacy officer's console: static files only. Public, because the page holds no data: everything
 * it shows comes from the API, authorised there by the officer's session.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly files = new ConsoleFiles();

  @Get()
  @Public()
  page(@Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.send('index.html', reply);
  }

  @Get(':asset')
  @Public()
  asset(@Param('asset') asset: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.send(asset, reply);
  }

  private async send(name: string, reply: FastifyReply): Promise<Buffer> {
    const file = await this.files.read(name);
    if (file === undefined) throw new NotFound('NOT_FOUND', `No console asset ${name}`);
    void reply.type(file.type).headers(CONSOLE_HEADERS);
    return file.content;
  }
}
