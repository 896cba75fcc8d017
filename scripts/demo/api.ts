/** The gateway's error body: {"error":{"code","message","details"?}}. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
}

export type ApiResult<T> = { readonly ok: true; readonly status: number; readonly body: T } | { readonly ok: false; readonly status: number; readonly error: ApiError };

/** A partner as GET /api/v1/partners lists it (one per registered connector). */
export interface PartnerView {
  readonly partner: string;
  readonly displayName: string;
  readonly capabilities: readonly string[];
  readonly enabled: boolean;
}

/** GET /api/v1/policies: the active version of every partner's policy. */
export interface PolicyView {
  readonly partner: string;
  readonly version: number;
  readonly document: { readonly displayName?: string; readonly purposes: ReadonlyArray<{ readonly id: string }> };
}

export interface DisclosedField {
  readonly path: string;
  readonly transform?: string;
}

/** POST /api/v1/preview (the payload itself is not kept: the demo prints no values). */
export interface PreviewView {
  readonly policyVersion: number;
  readonly fields: readonly DisclosedField[];
  readonly withheld: readonly string[];
}

export interface ExchangeView {
  readonly deliveryId: string;
  readonly status: 'pending' | 'in-flight' | 'delivered' | 'dead' | 'discarded';
  readonly lastError: ApiError | null;
  readonly attempts: readonly unknown[];
}

/** The demo's accounts: the administrator makes them and manages accounts only (separation of duties). */
export interface DemoTokens {
  readonly admin: string;
  readonly operator: string;
  readonly officer: string;
}

/** Who does what: accounts are the administrator's, sending is the operator's, previews, policies and the ledger the officer's. */
function roleFor(path: string): keyof DemoTokens {
  if (path.startsWith('/api/v1/accounts')) return 'admin';
  if (/^\/(api\/v1\/(exchanges|sandbox|partners|deliveries|sync)|metrics)/.test(path)) return 'operator';
  return 'officer';
}

/** A small JSON client for the gateway's API, each call with the token of the role it needs. */
export class GatewayApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly tokens: DemoTokens,
  ) {}

  /** Makes an operator and an officer account for the demo (names with a random tail: the gateway may be in use). */
  static async as(baseUrl: string, adminToken: string): Promise<GatewayApi> {
    const admin = new GatewayApi(baseUrl, { admin: adminToken, operator: '', officer: '' });
    const tail = Math.random().toString(36).slice(2, 8);
    const operator = await admin.must(admin.post<{ token: string }>('/api/v1/accounts', { name: `demo.operator.${tail}`, role: 'operator' }), 'creating the demo operator');
    const officer = await admin.must(admin.post<{ token: string }>('/api/v1/accounts', { name: `demo.officer.${tail}`, role: 'officer' }), 'creating the demo officer');
    return new GatewayApi(baseUrl, { admin: adminToken, operator: operator.token, officer: officer.token });
  }

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.call<T>('GET', path);
  }

  /** A text answer (GET /metrics, the Prometheus text format); any other status stops the demo. */
  async text(path: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${this.tokens[roleFor(path)]}` }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return response.text();
  }

  post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.call<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.call<T>('PATCH', path, body);
  }

  /** The body of a successful answer; any other answer stops the demo with the gateway's error. */
  async must<T>(pending: Promise<ApiResult<T>>, what: string): Promise<T> {
    const result = await pending;
    if (result.ok) return result.body;
    throw new Error(`${what}: HTTP ${result.status} ${result.error.code}: ${result.error.message}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.tokens[roleFor(path)]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const error = (parsed as { error?: Partial<ApiError> } | undefined)?.error;
    return {
      ok: false,
      status: response.status,
      error: { code: typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`, message: typeof error?.message === 'string' ? error.message : response.statusText },
    };
  }
}
