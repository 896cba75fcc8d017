import { resolve } from 'node:path';
import { hashAccessToken } from '../auth/access-token';
import { ConfigError } from './config-error';
import { EmbeddedSecrets } from './embedded-secrets';
import { Env, EnvReader } from './env-reader';
import { Secret } from './secret';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `embedded`: SQLite and local secrets in DATA_DIR. `production`: PostgreSQL (DATABASE_URL is set). */
export type GatewayMode = 'embedded' | 'production';

/** The validated configuration. Secrets are `Secret`s: printing the object never shows them. */
export interface GatewayConfig {
  readonly mode: GatewayMode;
  readonly port: number;
  readonly sip2Port: number;
  /** Absolute path. */
  readonly dataDir: string;
  /** Absolute path of the default sharing policies loaded at first start (POLICY_DIR). */
  readonly policyDir: string;
  readonly databaseUrl: Secret | undefined;
  /** PostgreSQL schema to work in (DATABASE_SCHEMA); it must exist. Undefined: the server's default. */
  readonly databaseSchema: string | undefined;
  readonly amqpUrl: Secret | undefined;
  /** SHA-256 hex of the built-in administrator's token. */
  readonly adminTokenSha256: string;
  readonly sandbox: boolean;
  readonly bodyLimitBytes: number;
  readonly logLevel: LogLevel;
  /** Master key for partner pseudonyms (>= 32 characters). */
  readonly pseudonymKey: Secret;
}

export interface LoadConfigOptions {
  /** Where the administrator token generated at the first embedded start is shown, once. */
  readonly print?: (text: string) => void;
}

const SECRET_MIN_LENGTH = 32;
/** The project's policies/ folder, from src/config (ts-node) and dist/config (build) alike. */
const DEFAULT_POLICY_DIR = resolve(__dirname, '..', '..', 'policies');

/**
 * Reads and validates the environment. Throws a ConfigError naming every wrong variable. In embedded mode
 * it creates DATA_DIR and, on the first start, the administrator token (printed once) and the pseudonym key.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): GatewayConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const production = read.text('DATABASE_URL') !== undefined;
  const settings = {
    mode: production ? 'production' : 'embedded',
    port: read.integer('PORT', 3000, 1, 65535),
    sip2Port: read.integer('SIP2_PORT', 6001, 1, 65535),
    dataDir: resolve(read.text('DATA_DIR') ?? './data'),
    policyDir: resolve(read.text('POLICY_DIR') ?? DEFAULT_POLICY_DIR),
    databaseUrl,
    databaseSchema: read.identifier('DATABASE_SCHEMA'),
    amqpUrl: read.url('AMQP_URL', ['amqp:', 'amqps:']),
    sandbox: read.choice('SANDBOX', ['on', 'off'], production ? 'off' : 'on') === 'on',
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1, 1_073_741_824),
    logLevel: read.choice('LOG_LEVEL', LOG_LEVELS, 'info'),
  } as const;
  const adminToken = read.secret('GATEWAY_ADMIN_TOKEN', SECRET_MIN_LENGTH);
  const pseudonymKey = read.secret('PSEUDONYM_KEY', SECRET_MIN_LENGTH);
  if (production) {
    if (read.text('GATEWAY_ADMIN_TOKEN') === undefined) read.problem('GATEWAY_ADMIN_TOKEN is required when DATABASE_URL is set');
    if (read.text('PSEUDONYM_KEY') === undefined) read.problem('PSEUDONYM_KEY is required when DATABASE_URL is set');
  }
  throwIfAny(read.problems);

  // In production both secrets come from the environment (checked above); embedded mode may keep them in DATA_DIR.
  const local = new EmbeddedSecrets(settings.dataDir, (message) => read.problem(message));
  if (!production && !local.ensureDataDir()) throwIfAny(read.problems);
  const key = pseudonymKey ?? local.pseudonymKey();
  throwIfAny(read.problems);
  // Last, so that no later problem can swallow a token generated here before it is shown.
  const admin: { sha256: string; generated?: Secret } =
    adminToken === undefined ? local.adminTokenHash() : { sha256: hashAccessToken(adminToken.reveal()) };
  throwIfAny(read.problems);
  if (admin.generated !== undefined) {
    (options.print ?? printToStdout)(
      `bieb-gateway: generated the administrator token. It is shown only this once; keep it safe.\n` +
        `  GATEWAY_ADMIN_TOKEN=${admin.generated.reveal()}\n`,
    );
  }
  return { ...settings, adminTokenSha256: admin.sha256, pseudonymKey: key };
}

function throwIfAny(problems: readonly string[]): void {
  if (problems.length > 0) throw new ConfigError(problems);
}

function printToStdout(text: string): void {
  process.stdout.write(text);
}
