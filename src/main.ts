// First: with OTEL_EXPORTER_OTLP_ENDPOINT, tracing must patch http, Fastify, pg and amqplib before they load.
import './tracing/register-tracing';
import 'reflect-metadata';
import { ShutdownSignal } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/gateway.config';
import { connectDeliveryConsumer } from './delivery/amqp/delivery-broker';
import { shutdownProcessTracing } from './tracing/process-tracing';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (process.env.NODE_ENV === 'production' && config.secretsInDataDir.length > 0) {
    process.stderr.write(
      `\n!!! bieb-gateway in production keeps secrets in DATA_DIR (${config.dataDir}), beside the database: ${config.secretsInDataDir.join(', ')}.\n` +
        '!!! Whoever can read or rewrite the data volume holds them too. Give them from the environment or from files on another volume\n' +
        '!!! (GATEWAY_ADMIN_TOKEN, PSEUDONYM_KEY, SEALING_KEY_FILE, LEDGER_SIGNING_KEY_FILE); see the README, Security.\n\n',
    );
  }
  const app = await createApp(config);
  closeOnSignals(app);
  const deliveryConsumer = connectDeliveryConsumer(app); // with AMQP_URL only
  await app.listen({ port: config.port, host: config.http.host });
  await deliveryConsumer?.start();
  if (config.logLevel !== 'silent') {
    process.stdout.write(
      `bieb-gateway is ready on http://localhost:${config.port} (${config.mode}, sandboxes ${config.sandbox ? 'on' : 'off'}): ` +
        `API docs at /api/docs; see data flow with \`npm run demo\` in another terminal.\n`,
    );
  }
}

/**
 * What `app.enableShutdownHooks()` does — on a signal, every module's shutdown hooks (running deliveries
 * finish), then the signal again — with the spans of those last moments exported in between: the
 * tracing stops after the modules that make spans, which Nest's hooks cannot order.
 */
function closeOnSignals(app: NestFastifyApplication): void {
  const signals = Object.values(ShutdownSignal);
  let closing = false;
  const close = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    try {
      await app.close();
      await shutdownProcessTracing();
    } catch (error) {
      process.stderr.write(`bieb-gateway did not shut down cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    signals.forEach((each) => process.removeListener(each, onSignal));
    process.kill(process.pid, signal);
  };
  const onSignal = (signal: string): void => void close(signal);
  signals.forEach((signal) => process.on(signal, onSignal));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `bieb-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
