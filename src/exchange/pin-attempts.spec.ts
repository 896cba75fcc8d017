import { MAX_WRONG_PINS, PinAttempts, WRONG_PIN_WINDOW_MS } from './pin-attempts';

describe('PinAttempts', () => {
  let now = 1_000_000;
  const attempts = () => new PinAttempts(() => now);

  it(`locks a card after ${MAX_WRONG_PINS} wrong PINs within the window, and only that card`, () => {
    const pins = attempts();
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) pins.begin('2260100001');
    expect(pins.locked('2260100001')).toBe(false);
    pins.begin('2260100001');
    expect(pins.locked('2260100001')).toBe(true);
    expect(pins.locked('2260100002')).toBe(false);
  });

  it('forgets wrong PINs older than the window, and a right PIN clears the count', () => {
    const pins = attempts();
    for (let i = 0; i < MAX_WRONG_PINS; i++) pins.begin('2260100003');
    now += WRONG_PIN_WINDOW_MS + 1;
    expect(pins.locked('2260100003')).toBe(false);
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) pins.begin('2260100003');
    pins.begin('2260100003').right();
    pins.begin('2260100003');
    expect(pins.locked('2260100003')).toBe(false);
  });

  it('counts an attempt before its answer, so that parallel guesses cannot pass the limit; an unchecked one is taken back', () => {
    const pins = attempts();
    const inFlight = Array.from({ length: MAX_WRONG_PINS }, () => pins.begin('2260100004'));
    expect(pins.locked('2260100004')).toBe(true);
    inFlight[0]?.unchecked();
    expect(pins.locked('2260100004')).toBe(false);
    inFlight[1]?.right();
    expect(pins.locked('2260100004')).toBe(false);
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) pins.begin('2260100004');
    expect(pins.locked('2260100004')).toBe(false);
  });
});
