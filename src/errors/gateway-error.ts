/**
 * The one error type that crosses module boundaries. It carries a stable `code` (what clients and
 * tests match on), an HTTP status for the edge, and details that never hold member field values.
 */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** A document did not match its contract; `violations` name each offending path. */
export class ValidationFailed extends GatewayError {
  constructor(what: string, violations: ReadonlyArray<{ path: string; message: string }>) {
    super('VALIDATION_FAILED', `${what} is not valid: ${violations.map((v) => `${v.path || '(root)'}: ${v.message}`).slice(0, 5).join('; ')}`, 422, { violations });
  }
}

export class NotFound extends GatewayError {
  constructor(code: string, message: string) {
    super(code, message, 404);
  }
}
