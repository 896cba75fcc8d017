import { Inject } from '@nestjs/common';

/** Injection token of the validated GatewayConfig. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** `constructor(@InjectGatewayConfig() private readonly config: GatewayConfig)` */
export const InjectGatewayConfig = (): ParameterDecorator => Inject(GATEWAY_CONFIG);
