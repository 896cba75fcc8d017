import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePreviousKeys } from '../audit/ledger-previous-keys';
import { hashAccessToken } from '../auth/access-token';
import { canonicalIp } from '../http/ip-address';
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
  /** METRICS_TOKEN: a bearer token that opens GET /metrics and nothing else, for a Prometheus scraper (undefined: operators only). */
  readonly metricsToken: Secret | undefined;
  readonly sandbox: boolean;
  /** The simulated lending system's size and life (SANDBOX_MEMBERS, SANDBOX_CHURN_MS). */
  readonly sandboxLibrary: SandboxLibrarySettings;
  /** Partner connectors to start (CONNECTORS: comma-separated ids, 'all' or 'none'). */
  readonly connectors: 'all' | readonly string[];
  /** The environment as given, for the connectors' own settings (`<PARTNER>_<SETTING>`); never printed. */
  readonly connectorEnv: Secret<Env>;
  readonly delivery: DeliverySettings;
  readonly ledger: LedgerSettings;
  readonly bodyLimitBytes: number;
  readonly http: HttpLimits;
  /** How the gateway names its own address in what it writes (PUBLIC_BASE_URL, TRUSTED_PROXIES). */
  readonly publicUrl: PublicUrlSettings;
  /** Lifecycle sync: joiners, changes, leavers and consents followed from the system of record (SYNC_*). */
  readonly sync: SyncSettings;
  /** The library as its members' reports name it: the controller (LIBRARY_NAME) and where to ask about privacy (PRIVACY_CONTACT). */
  readonly library: { readonly name: string; readonly privacyContact: string };
  /** How often the lending system's delta feed is read for consents withdrawn since yesterday (WITHDRAWAL_WATCH_MS; 0: never). */
  readonly withdrawalWatchMs: number;
  readonly logLevel: LogLevel;
  /** Master key for partner pseudonyms (>= 32 characters). */
  readonly pseudonymKey: Secret;
  /** PSEUDONYM_KEY_CHANGE_CONFIRMED: the new key's fingerprint, when every partner's pseudonyms are meant to change (docs/key-rotation.md). */
  readonly pseudonymKeyChangeConfirmed: string | undefined;
  /** Key that seals waiting messages in the outbox: SEALING_KEY_FILE, else derived from the pseudonym key. */
  readonly sealingKey: Secret;
  /**
   * Keys that only open what they sealed before a rotation (SEALING_KEY_PREVIOUS_FILES; with SEALING_KEY_FILE set,
   * the pseudonym key too, from which the sealing key was derived before): kept until `npm run keys:reseal` says none is needed.
   */
  readonly previousSealingKeys: readonly Secret[];
  /** How long the gateway keeps its own copies (DEAD_LETTER_RETENTION_DAYS, OUTBOX_RETENTION_DAYS). */
  readonly retention: { readonly deadLetterDays: number; readonly outboxDays: number };
  /** Secrets that live in DATA_DIR beside the database: fine embedded, said loudly in production. */
  readonly secretsInDataDir: readonly string[];
}

/** The simulated lending system (SANDBOX=on only). */
export interface SandboxLibrarySettings {
  /** Members it holds (SANDBOX_MEMBERS): generated on demand from the seed, so 400,000 costs no memory. */
  readonly members: number;
  /** Every SANDBOX_CHURN_MS a few members join, change or leave, as at a library desk (0: never). */
  readonly churnMs: number;
}

/** Lifecycle sync (src/sync). */
export interface SyncSettings {
  /** How often the system of record's change feed is read (SYNC_INTERVAL_MS; 0: never by itself). */
  readonly intervalMs: number;
  /** More left/erased messages than this to one partner in one cycle are held for an officer (SYNC_DELETE_THRESHOLD). */
  readonly deleteThreshold: number;
  /** Members evaluated per transaction (SYNC_BATCH_SIZE). */
  readonly batchSize: number;
  /** How long a worker's hold on a cycle lasts without renewal (SYNC_LEASE_MS): after a crash, another instance resumes after this. */
  readonly leaseMs: number;
  /** A membership whose validUntil passed more than this many days ago counts as left (SYNC_LEFT_GRACE_DAYS). */
  readonly leftGraceDays: number;
}

/** What keeps one HTTP caller from stalling everyone. */
export interface HttpLimits {
  /** Address the HTTP server binds (HOST). */
  readonly host: string;
  /** Open connections at most (HTTP_MAX_CONNECTIONS); more are refused at once. */
  readonly maxConnections: number;
  /** A request must have arrived whole within this (HTTP_REQUEST_TIMEOUT_MS): a body dripped in slowly is cut off. */
  readonly requestTimeoutMs: number;
  /** Its headers within this (HTTP_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (HTTP_KEEPALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number;
  /** Deepest JSON nesting accepted (JSON_MAX_DEPTH), checked before parsing. */
  readonly jsonMaxDepth: number;
}

/** Where callers reach the gateway, for addresses it writes into documents (a WSDL's soap:address). */
export interface PublicUrlSettings {
  /** PUBLIC_BASE_URL without a trailing slash, e.g. 'https://gateway.bibliotheek.nl'; undefined when not set. */
  readonly baseUrl: string | undefined;
  /** TRUSTED_PROXIES, as canonical IP addresses: only from these do X-Forwarded-Proto and X-Forwarded-Host count. */
  readonly trustedProxies: readonly string[];
}

/** The ledger's signed checkpoints (see src/audit/ledger-checkpoints.service.ts). */
export interface LedgerSettings {
  /** PEM file of the Ed25519 key that signs checkpoints (LEDGER_SIGNING_KEY_FILE); made under DATA_DIR when absent there. */
  readonly signingKeyFile: string;
  /**
   * Verifier keys of signing keys retired by a rotation (LEDGER_PREVIOUS_KEYS, comma-separated; more in
   * ledger-previous-keys.txt beside the key file, where `npm run ledger:rotate-key` keeps them): old checkpoints stay verifiable.
   */
  readonly previousKeys: readonly string[];
  /** True when the key file lies outside DATA_DIR (production should keep it apart from the database). */
  readonly signingKeyApart: boolean;
  /** A new checkpoint at most this often, when the ledger grew (LEDGER_CHECKPOINT_MS; 0: never by itself). */
  readonly checkpointMs: number;
  /** Where each checkpoint is also written (LEDGER_WITNESS_DIR): a place the database writer cannot rewrite. */
  readonly witnessDir: string | undefined;
  /** The checkpoint's origin line and key name (LEDGER_ORIGIN). */
  readonly origin: string;
  /** Entries older than this many days lose their content, their hashes staying (LEDGER_RETENTION_DAYS; 2557, seven years). */
  readonly retentionDays: number;
}

/** How the outbox worker delivers: retries with backoff and jitter, dead letters, a breaker per partner. */
export interface DeliverySettings {
  /** Attempts before a delivery becomes a dead letter (DELIVERY_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  /** First retry delay; doubles per attempt up to backoffMaxMs, with full jitter (DELIVERY_BACKOFF_BASE_MS). */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Consecutive transient failures that open a partner's circuit (CIRCUIT_FAILURE_THRESHOLD). */
  readonly breakerThreshold: number;
  readonly breakerCooldownMs: number;
  /** How often the worker looks for due work when not woken (DELIVERY_POLL_MS). */
  readonly pollMs: number;
  /** How long a claimed delivery stays with one worker before another may take it (DELIVERY_LEASE_MS). */
  readonly leaseMs: number;
  /** Deliveries one instance makes at the same time, to all partners together (DELIVERY_CONCURRENCY). */
  readonly concurrency: number;
  /** Deliveries one instance makes at the same time to one partner, so a slow partner holds up no other (DELIVERY_PARTNER_CONCURRENCY). */
  readonly partnerConcurrency: number;
  /**
   * Rows one instance claims ahead per partner, beyond those in flight (DELIVERY_PREFETCH; 0: only what can
   * start at once): a delivery that ends starts the next without a claim of its own.
   */
  readonly prefetch: number;
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
    sandboxLibrary: {
      members: read.integer('SANDBOX_MEMBERS', 50, 1, 2_000_000),
      churnMs: read.integer('SANDBOX_CHURN_MS', 0, 0, 86_400_000),
    },
    library: {
      name: read.text('LIBRARY_NAME') ?? 'Bibliotheek Staphorst',
      privacyContact: read.text('PRIVACY_CONTACT') ?? 'de klantenservice van de bibliotheek, of de functionaris voor gegevensbescherming via de bibliotheek',
    },
    sync: {
      intervalMs: read.integer('SYNC_INTERVAL_MS', 60_000, 0, 86_400_000),
      deleteThreshold: read.integer('SYNC_DELETE_THRESHOLD', 500, 0, 100_000_000),
      batchSize: read.integer('SYNC_BATCH_SIZE', 500, 1, 10_000),
      leftGraceDays: read.integer('SYNC_LEFT_GRACE_DAYS', 30, 0, 3650),
      leaseMs: read.integer('SYNC_LEASE_MS', 30_000, 500, 3_600_000),
    },
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1, 1_073_741_824),
    http: {
      host: read.text('HOST') ?? '0.0.0.0',
      maxConnections: read.integer('HTTP_MAX_CONNECTIONS', 1024, 1, 1_000_000),
      requestTimeoutMs: read.integer('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
      headersTimeoutMs: read.integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 3_600_000),
      keepAliveTimeoutMs: read.integer('HTTP_KEEPALIVE_TIMEOUT_MS', 5_000, 100, 3_600_000),
      jsonMaxDepth: read.integer('JSON_MAX_DEPTH', 64, 2, 10_000),
    },
    publicUrl: publicUrlSettings(read),
    withdrawalWatchMs: read.integer('WITHDRAWAL_WATCH_MS', 300_000, 0, 86_400_000),
    retention: {
      deadLetterDays: read.integer('DEAD_LETTER_RETENTION_DAYS', 14, 0, 3650),
      outboxDays: read.integer('OUTBOX_RETENTION_DAYS', 30, 0, 3650),
    },
    logLevel: read.choice('LOG_LEVEL', LOG_LEVELS, 'info'),
    connectors: connectorList(read, production),
    connectorEnv: new Secret<Env>({ ...env }),
    ledger: ledgerSettings(read, resolve(read.text('DATA_DIR') ?? './data')),
    delivery: {
      maxAttempts: read.integer('DELIVERY_MAX_ATTEMPTS', 8, 1, 100),
      backoffBaseMs: read.integer('DELIVERY_BACKOFF_BASE_MS', 1000, 1, 3_600_000),
      backoffMaxMs: read.integer('DELIVERY_BACKOFF_MAX_MS', 300_000, 1, 86_400_000),
      breakerThreshold: read.integer('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 1000),
      breakerCooldownMs: read.integer('CIRCUIT_COOLDOWN_MS', 30_000, 1, 3_600_000),
      pollMs: read.integer('DELIVERY_POLL_MS', 500, 10, 60_000),
      leaseMs: read.integer('DELIVERY_LEASE_MS', 60_000, 100, 3_600_000),
      concurrency: read.integer('DELIVERY_CONCURRENCY', 16, 1, 1024),
      partnerConcurrency: read.integer('DELIVERY_PARTNER_CONCURRENCY', 4, 1, 1024),
      prefetch: read.integer('DELIVERY_PREFETCH', 32, 0, 10_000),
    },
  } as const;
  const pseudonymKeyChangeConfirmed = read.text('PSEUDONYM_KEY_CHANGE_CONFIRMED');
  if (pseudonymKeyChangeConfirmed !== undefined && !/^[0-9a-f]{32}$/.test(pseudonymKeyChangeConfirmed)) read.problem('PSEUDONYM_KEY_CHANGE_CONFIRMED must be the new pseudonym key\'s fingerprint (32 hex characters), as the refusal to start names it');
  const adminToken = read.secret('GATEWAY_ADMIN_TOKEN', SECRET_MIN_LENGTH);
  // The token's hash instead of the token (GATEWAY_ADMIN_TOKEN_SHA256, as `npm run keys:rotate-admin-token` prints it): the deployment never holds the token.
  const adminTokenSha256 = read.text('GATEWAY_ADMIN_TOKEN_SHA256')?.toLowerCase();
  if (adminTokenSha256 !== undefined && !/^[0-9a-f]{64}$/.test(adminTokenSha256)) read.problem('GATEWAY_ADMIN_TOKEN_SHA256 must be the SHA-256 of the administrator token (64 hex characters)');
  if (adminTokenSha256 !== undefined && adminToken !== undefined) read.problem('give GATEWAY_ADMIN_TOKEN or GATEWAY_ADMIN_TOKEN_SHA256, not both');
  const pseudonymKey = read.secret('PSEUDONYM_KEY', SECRET_MIN_LENGTH);
  const metricsToken = read.secret('METRICS_TOKEN', SECRET_MIN_LENGTH);
  if (production) {
    if (read.text('GATEWAY_ADMIN_TOKEN') === undefined && adminTokenSha256 === undefined) read.problem('GATEWAY_ADMIN_TOKEN is required when DATABASE_URL is set');
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
    adminToken !== undefined ? { sha256: hashAccessToken(adminToken.reveal()) } : adminTokenSha256 !== undefined ? { sha256: adminTokenSha256 } : local.adminTokenHash();
  throwIfAny(read.problems);
  if (admin.generated !== undefined) {
    (options.print ?? printToStdout)(
      `bieb-gateway: generated the administrator token. It is shown only this once; keep it safe.\n` +
        `  GATEWAY_ADMIN_TOKEN=${admin.generated.reveal()}\n`,
    );
  }
  const sealingFile = read.text('SEALING_KEY_FILE');
  const sealingKey = sealingFile === undefined ? key : readKeyFile(resolve(sealingFile), 'SEALING_KEY_FILE', read);
  // Keys of before a rotation: the derived one stays, as the pseudonym key never rotates (docs/key-rotation.md).
  const previousSealingKeys = [
    ...(read.text('SEALING_KEY_PREVIOUS_FILES') ?? '').split(',').map((file) => file.trim()).filter((file) => file !== '').map((file) => readKeyFile(resolve(file), 'SEALING_KEY_PREVIOUS_FILES', read)),
    ...(sealingFile === undefined ? [] : [key]),
  ];
  throwIfAny(read.problems);
  const inside = (file: string): boolean => file.startsWith(`${settings.dataDir}/`);
  const secretsInDataDir = [
    ...(adminToken === undefined && adminTokenSha256 === undefined ? ['the administrator token hash'] : []),
    ...(pseudonymKey === undefined ? ['the pseudonym key'] : []),
    ...(sealingFile === undefined ? (pseudonymKey === undefined ? ['the sealing key (derived from the pseudonym key)'] : []) : inside(resolve(sealingFile)) ? ['the sealing key (SEALING_KEY_FILE)'] : []),
    ...(settings.ledger.signingKeyApart ? [] : ['the ledger signing key (LEDGER_SIGNING_KEY_FILE)']),
  ];
  return { ...settings, adminTokenSha256: admin.sha256, metricsToken, pseudonymKey: key, pseudonymKeyChangeConfirmed, sealingKey, previousSealingKeys, secretsInDataDir };
}

function ledgerSettings(read: EnvReader, dataDir: string): LedgerSettings {
  const given = read.text('LEDGER_SIGNING_KEY_FILE');
  const signingKeyFile = resolve(given ?? resolve(dataDir, 'ledger-signing-key.pem'));
  const origin = read.text('LEDGER_ORIGIN') ?? 'bieb-gateway/disclosure-ledger';
  if (!/^[\x21-\x2a\x2c-\x7e]{1,100}$/.test(origin)) read.problem('LEDGER_ORIGIN must be 1 to 100 printable characters without spaces or "+" (e.g. bibliotheek-staphorst.nl/ledger)');
  const witness = read.text('LEDGER_WITNESS_DIR');
  const previousKeys = parsePreviousKeys(read.text('LEDGER_PREVIOUS_KEYS'));
  if (previousKeys.some((key) => !/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(key))) read.problem('LEDGER_PREVIOUS_KEYS must be comma-separated verifier keys (<name>+<key id>+<key>), as GET /api/v1/disclosures/checkpoint names them');
  return {
    signingKeyFile,
    previousKeys,
    signingKeyApart: !signingKeyFile.startsWith(`${dataDir}/`),
    checkpointMs: read.integer('LEDGER_CHECKPOINT_MS', 60_000, 0, 86_400_000),
    witnessDir: witness === undefined ? undefined : resolve(witness),
    origin,
    retentionDays: read.integer('LEDGER_RETENTION_DAYS', 2557, 1, 36_500),
  };
}

/** PUBLIC_BASE_URL: an http or https URL, without credentials, query or fragment. TRUSTED_PROXIES: IP addresses. */
function publicUrlSettings(read: EnvReader): PublicUrlSettings {
  const raw = read.text('PUBLIC_BASE_URL');
  let baseUrl: string | undefined;
  if (raw !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      read.problem(`PUBLIC_BASE_URL must be an http:// or https:// URL without credentials, query or fragment, e.g. https://gateway.bibliotheek.nl (value not shown: it might hold a password)`);
    } else {
      baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    }
  }
  const trustedProxies: string[] = [];
  for (const entry of (read.text('TRUSTED_PROXIES') ?? '').split(',').map((text) => text.trim()).filter((text) => text !== '')) {
    const ip = canonicalIp(entry);
    if (ip === undefined) read.problem(`TRUSTED_PROXIES must be comma-separated IP addresses, e.g. 10.0.0.2,::1 — no host names or ranges (got ${JSON.stringify(entry)})`);
    else trustedProxies.push(ip);
  }
  return { baseUrl, trustedProxies };
}

/** CONNECTORS: 'all' (embedded default), 'none' (production default) or a comma-separated list of ids. */
function connectorList(read: EnvReader, production: boolean): 'all' | readonly string[] {
  const raw = read.text('CONNECTORS') ?? (production ? 'none' : 'all');
  if (raw.toLowerCase() === 'all') return 'all';
  if (raw.toLowerCase() === 'none') return [];
  const ids = raw.split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== '');
  const bad = ids.find((id) => !/^[a-z][a-z0-9-]{1,40}$/.test(id));
  if (bad !== undefined) read.problem(`CONNECTORS must be 'all', 'none' or comma-separated partner ids (got ${JSON.stringify(bad)})`);
  return ids;
}

/** A key kept in a file of its own (one line, at least 32 characters, readable by its owner only). */
function readKeyFile(file: string, variable: string, read: EnvReader): Secret {
  try {
    if ((statSync(file).mode & 0o077) !== 0) read.problem(`${variable} (${file}) must be readable by its owner only (chmod 600)`);
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < SECRET_MIN_LENGTH) read.problem(`${variable} (${file}) must hold a key of at least ${SECRET_MIN_LENGTH} characters`);
    return new Secret(key);
  } catch (error) {
    read.problem(`${variable} (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return new Secret('');
  }
}

function throwIfAny(problems: readonly string[]): void {
  if (problems.length > 0) throw new ConfigError(problems);
}

function printToStdout(text: string): void {
  process.stdout.write(text);
}
