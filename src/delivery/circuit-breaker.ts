/** What a partner's circuit says now: deliver (closed), leave alone (open), or one trial at a time (half-open). */
export type CircuitState = 'closed' | 'open' | 'half-open';

interface PartnerCircuit {
  failures: number;
  openUntil: number;
  /** While a trial is out: when it is given up as lost (a trial that never reports back cannot block for ever). */
  trialUntil: number | undefined;
}

/**
 * A breaker per partner: after `threshold` consecutive transient failures it opens and the partner is
 * left alone for `cooldownMs`; then one trial delivery may pass (half-open). Every way a trial can end
 * ends it: a delivery or a refusal from the partner (it answered: it is up) closes the circuit, a
 * transient failure opens it for another cooldown, and a trial that never reached the partner (the
 * message could not be mapped or opened) lets the next row be the trial. A trial that reports nothing
 * within `trialTimeoutMs` is given up, so no path can leave the partner blocked for ever.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, PartnerCircuit>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly trialTimeoutMs: number = cooldownMs,
  ) {}

  /** Whether a delivery to this partner may be attempted now; in half-open state it takes the one trial. */
  allows(partner: string, nowMs: number): boolean {
    if (this.blocked(partner, nowMs)) return false;
    const circuit = this.circuits.get(partner);
    if (circuit !== undefined && circuit.failures >= this.threshold) circuit.trialUntil = nowMs + this.trialTimeoutMs;
    return true;
  }

  /** Whether `allows` would say no now (open, or a trial is out); asks without taking the trial. */
  blocked(partner: string, nowMs: number): boolean {
    const circuit = this.circuits.get(partner);
    if (circuit === undefined || circuit.failures < this.threshold) return false;
    if (nowMs < circuit.openUntil) return true;
    return circuit.trialUntil !== undefined && nowMs < circuit.trialUntil;
  }

  /**
   * The partners this breaker holds back now, with the deliveries each may start: 0 while its circuit is
   * open or its trial is out, 1 when a trial may pass. Partners not named are not held back.
   */
  restrictions(nowMs: number): ReadonlyMap<string, 0 | 1> {
    const held = new Map<string, 0 | 1>();
    for (const [partner, circuit] of this.circuits) {
      if (circuit.failures >= this.threshold) held.set(partner, this.blocked(partner, nowMs) ? 0 : 1);
    }
    return held;
  }

  /** Delivered: the partner is up. */
  succeeded(partner: string): void {
    this.circuits.delete(partner);
  }

  /** The partner answered with a refusal of this one message: it is up, so the circuit closes. */
  answered(partner: string): void {
    this.circuits.delete(partner);
  }

  /** A transient failure (unreachable, a server error, a timeout): counts towards opening the circuit. */
  failed(partner: string, nowMs: number): void {
    const circuit = this.circuits.get(partner) ?? { failures: 0, openUntil: 0, trialUntil: undefined };
    circuit.failures += 1;
    circuit.trialUntil = undefined;
    if (circuit.failures >= this.threshold) circuit.openUntil = nowMs + this.cooldownMs;
    this.circuits.set(partner, circuit);
  }

  /** The attempt ended before the partner was reached: says nothing of the partner; a trial is given back. */
  abandoned(partner: string): void {
    const circuit = this.circuits.get(partner);
    if (circuit !== undefined) circuit.trialUntil = undefined;
  }

  /**
   * When a row this breaker turned away now may come again: never before the cooldown has run once more
   * from now, so that rows given back are not due again at once (a worker would spin on them).
   */
  retryAt(partner: string, nowMs: number): number {
    return Math.max(this.circuits.get(partner)?.openUntil ?? 0, nowMs + this.cooldownMs);
  }

  /** When the partner's circuit lets the next trial through, or undefined when it is closed. */
  openUntil(partner: string): number | undefined {
    const circuit = this.circuits.get(partner);
    return circuit !== undefined && circuit.failures >= this.threshold ? circuit.openUntil : undefined;
  }

  state(partner: string, nowMs: number): CircuitState {
    const until = this.openUntil(partner);
    if (until === undefined) return 'closed';
    return nowMs < until ? 'open' : 'half-open';
  }
}
