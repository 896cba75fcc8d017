import { createHash } from 'node:crypto';

/** How many wrong PINs for one card in the window before the gateway stops asking the lending system. */
export const MAX_WRONG_PINS = 5;
export const WRONG_PIN_WINDOW_MS = 15 * 60_000;

/**
 * Wrong PINs per card, so that a terminal or a partner cannot try all 10,000 four-digit PINs: after
 * MAX_WRONG_PINS wrong ones within WRONG_PIN_WINDOW_MS the card is locked for the rest of the window
 * (a right PIN clears the count). An attempt counts as wrong from the moment it is asked, so that PINs
 * tried in parallel cannot pass the limit before their answers come back; one that could not be checked
 * (the lending system did not answer) is taken back. Cards are kept as hashes, in this process's memory only.
 */
export class PinAttempts {
  private readonly wrong = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  locked(card: string): boolean {
    return this.recent(key(card)).length >= MAX_WRONG_PINS;
  }

  /** Counts an attempt as wrong until it is settled; returns what settles it. */
  begin(card: string): { readonly right: () => void; readonly unchecked: () => void } {
    const at = key(card);
    const time = this.now();
    this.wrong.set(at, [...this.recent(at), time]);
    if (this.wrong.size > 10_000) this.prune();
    return {
      right: () => this.wrong.delete(at),
      unchecked: () => {
        const times = this.wrong.get(at) ?? [];
        const index = times.indexOf(time);
        if (index >= 0) times.splice(index, 1);
      },
    };
  }


  private recent(at: string): number[] {
    const since = this.now() - WRONG_PIN_WINDOW_MS;
    return (this.wrong.get(at) ?? []).filter((time) => time > since);
  }

  private prune(): void {
    for (const at of [...this.wrong.keys()]) if (this.recent(at).length === 0) this.wrong.delete(at);
  }
}

function key(card: string): string {
  return createHash('sha256').update(card).digest('base64url');
}
