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

/** A small JSON client for the gateway's API, with the administrator's bearer token. */
export class GatewayApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.call<T>('POST', path, body);
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
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
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
