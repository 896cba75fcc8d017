/**
 * A breaker per partner: after `threshold` consecutive transient failures it opens and the partner is
 * left alone for `cooldownMs`; then one trial delivery may pass (half-open); a success closes it.
 */
export class CircuitBreaker {
  private readonly states = new Map<string, { failures: number; openUntil: number; trialInFlight: boolean }>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  /** Whether a delivery to this partner may be attempted now; in half-open state only one at a time. */
  allows(partner: string, nowMs: number): boolean {
    const state = this.states.get(partner);
    if (state === undefined || state.failures < this.threshold) return true;
    if (nowMs < state.openUntil || state.trialInFlight) return false;
    state.trialInFlight = true;
    return true;
  }

  succeeded(partner: string): void {
    this.states.delete(partner);
  }

  failed(partner: string, nowMs: number): void {
    const state = this.states.get(partner) ?? { failures: 0, openUntil: 0, trialInFlight: false };
    state.failures += 1;
    state.trialInFlight = false;
    if (state.failures >= this.threshold) state.openUntil = nowMs + this.cooldownMs;
    this.states.set(partner, state);
  }

  /** When the partner's circuit lets the next trial through, or undefined when it is closed. */
  openUntil(partner: string): number | undefined {
    const state = this.states.get(partner);
    return state !== undefined && state.failures >= this.threshold ? state.openUntil : undefined;
  }

  state(partner: string, nowMs: number): 'closed' | 'open' | 'half-open' {
    const until = this.openUntil(partner);
    if (until === undefined) return 'closed';
    return nowMs < until ? 'open' : 'half-open';
  }
}
