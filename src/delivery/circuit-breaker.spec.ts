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
});
