import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, per partner', () => {
    const breaker = new CircuitBreaker(3, 1000);
    breaker.failed('hka', 0);
    breaker.failed('hka', 0);
    expect(breaker.allows('hka', 0)).toBe(true);
    breaker.failed('hka', 10);
    expect(breaker.state('hka', 10)).toBe('open');
    expect(breaker.allows('hka', 500)).toBe(false);
    expect(breaker.openUntil('hka')).toBe(1010);
    expect(breaker.allows('kb', 500)).toBe(true);
  });

  it('lets one trial through after the cooldown, and closes on its success', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('hka', 0);
    breaker.failed('hka', 0);
    expect(breaker.state('hka', 1000)).toBe('half-open');
    expect(breaker.allows('hka', 1000)).toBe(true);
    expect(breaker.allows('hka', 1001)).toBe(false);
    breaker.succeeded('hka');
    expect(breaker.state('hka', 1001)).toBe('closed');
    expect(breaker.allows('hka', 1001)).toBe(true);
  });

  it('opens again for a full cooldown when the trial fails', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('hka', 0);
    breaker.failed('hka', 0);
    expect(breaker.allows('hka', 1000)).toBe(true);
    breaker.failed('hka', 1005);
    expect(breaker.allows('hka', 1500)).toBe(false);
    expect(breaker.openUntil('hka')).toBe(2005);
  });

  it('forgets failures after a success', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('hka', 0);
    breaker.succeeded('hka');
    breaker.failed('hka', 0);
    expect(breaker.state('hka', 0)).toBe('closed');
  });

  it('ends a trial that the partner refused: the partner answered, so the circuit closes', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('newsletter', 0);
    breaker.failed('newsletter', 0);
    expect(breaker.allows('newsletter', 1000)).toBe(true);
    breaker.answered('newsletter');
    expect(breaker.state('newsletter', 1001)).toBe('closed');
    expect(breaker.allows('newsletter', 1001)).toBe(true);
    expect(breaker.allows('newsletter', 1001)).toBe(true);
  });

  it('gives a trial back that never reached the partner: the next row may be the trial', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('kb', 0);
    breaker.failed('kb', 0);
    expect(breaker.allows('kb', 1000)).toBe(true);
    expect(breaker.blocked('kb', 1000)).toBe(true);
    breaker.abandoned('kb');
    expect(breaker.state('kb', 1000)).toBe('half-open');
    expect(breaker.allows('kb', 1000)).toBe(true);
    expect(breaker.allows('kb', 1000)).toBe(false);
  });

  it('gives up a trial that never reports back, so no path blocks a partner for ever', () => {
    const breaker = new CircuitBreaker(2, 1000, 5000);
    breaker.failed('kb', 0);
    breaker.failed('kb', 0);
    expect(breaker.allows('kb', 1000)).toBe(true);
    expect(breaker.allows('kb', 5999)).toBe(false);
    expect(breaker.allows('kb', 6000)).toBe(true);
  });

  it('turns rows away until at least a cooldown from now, never into the past', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('kb', 0);
    breaker.failed('kb', 0);
    expect(breaker.retryAt('kb', 500)).toBe(1500);
    breaker.allows('kb', 1200);
    // Half-open with the trial out: openUntil (1000) lies in the past; the row comes back a cooldown later.
    expect(breaker.retryAt('kb', 1200)).toBe(2200);
  });

  it('names the partners it holds back: none while open or a trial is out, one when a trial may pass', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failed('kb', 0);
    breaker.failed('kb', 0);
    breaker.failed('hka', 0);
    expect([...breaker.restrictions(10)]).toEqual([['kb', 0]]);
    expect([...breaker.restrictions(1000)]).toEqual([['kb', 1]]);
    breaker.allows('kb', 1000);
    expect([...breaker.restrictions(1000)]).toEqual([['kb', 0]]);
  });
});
