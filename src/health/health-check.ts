export type HealthStatus = 'up' | 'down';

export interface HealthOutcome {
  readonly status: HealthStatus;
  /** Short, non-sensitive facts for operators (GET /health is public: no secrets, no member data). */
  readonly info?: Readonly<Record<string, string | number | boolean>>;
}

/** One thing /health reports on: a broker, a connector, a worker... */
export interface HealthCheck {
  /** Key in the `checks` object of /health; unique. */
  readonly name: string;
  /** A critical check that is down makes /health answer 503; any other makes it 'degraded'. */
  readonly critical: boolean;
  /** Throwing, or taking longer than the timeout, counts as 'down'. */
  check(): Promise<HealthOutcome>;
}
