import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/gateway.config';
import { connectDeliveryConsumer } from './delivery/amqp/delivery-broker';

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
  app.enableShutdownHooks();
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

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `bieb-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
