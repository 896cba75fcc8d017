import { GatewayTracing } from './tracing';

let current: GatewayTracing | undefined;

/** The tracing this process started at its beginning (register-tracing), if any. */
export function setProcessTracing(tracing: GatewayTracing | undefined): void {
  current = tracing;
}

/** Flushes what is left and stops; once. Nothing to do when tracing never started. */
export async function shutdownProcessTracing(): Promise<void> {
  const tracing = current;
  current = undefined;
  await tracing?.shutdown();
}
