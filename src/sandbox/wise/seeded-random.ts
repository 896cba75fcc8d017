/** A small deterministic PRNG (mulberry32) with the helpers a generator needs: the same seed, the same data. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.next() * list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** `count` decimal digits, the first one not zero when `leadingNonZero`. */
  digits(count: number, leadingNonZero = false): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(i === 0 && leadingNonZero ? this.int(1, 9) : this.int(0, 9));
    return out;
  }
}
