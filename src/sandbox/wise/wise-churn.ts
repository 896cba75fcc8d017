import { seedHash, STREAM } from './seed-hash';
import { SeededRandom } from './seeded-random';
import { FORBIDDEN_POSTCODE_SUFFIXES, PLACES, POSTCODE_LETTERS } from './staphorst-data';
import { WiseLibrary } from './wise-library';
import { GeneratedPatron } from './wise-member.generator';

/** What happens at the desk: a member joins, a record changes, a membership ends, a newsletter consent is given or withdrawn. */
export type ChurnKind = 'join' | 'change' | 'leave' | 'consent';
const KINDS: readonly ChurnKind[] = ['join', 'change', 'leave', 'consent'];
const SUBSCRIPTIONS = ['volwassen-basis', 'volwassen-plus', 'digitaal'] as const;
/** Draws made to find a member whose membership has not ended yet, before a leaver is taken as found. */
const LEAVER_DRAWS = 8;

/**
 * The life of the simulated library: each event is drawn from (seed, event number), so a seed gives the
 * same events in the same order. The kinds take turns (from a seeded start), so every four events hold a
 * joiner, a change, a leaver and a consent; who and what are drawn. Every event goes through the
 * library's own writes, so it shows in the delta feed as changed today.
 */
export class WiseChurn {
  private events = 0;
  private ticks = 0;

  constructor(
    private readonly seed: number,
    private readonly library: WiseLibrary,
    private readonly now: () => number = Date.now,
  ) {}

  /** One beat of the timer: one to three events. */
  tick(): void {
    this.run(1 + (seedHash(this.seed, STREAM.churn, this.ticks++, 1) % 3));
  }

  run(events: number): void {
    for (let i = 0; i < events; i++) this.happen();
  }

  private happen(): void {
    const n = this.events++;
    const random = new SeededRandom(seedHash(this.seed, STREAM.churn, n));
    const kind = KINDS[(seedHash(this.seed, STREAM.churn) + n) % KINDS.length] ?? 'change';
    if (kind === 'join' || this.library.memberCount === 0) {
      this.library.join();
      return;
    }
    const member = kind === 'leave' ? this.leaver(random) : this.anyone(random);
    if (kind === 'leave') this.library.updatePatron(member, { membership: { ...member.patron.membership, status: 'CANCELLED', endDate: this.library.today() } });
    else if (kind === 'consent') this.library.setConsents(member, { consents: [{ type: 'NEWSLETTER', granted: !this.subscribed(member), date: `${new Date(this.now()).toISOString().slice(0, 19)}Z` }] });
    else this.library.updatePatron(member, this.change(member, random));
  }

  private anyone(random: SeededRandom): GeneratedPatron {
    const [id] = this.library.memberIds(random.int(0, this.library.memberCount - 1), 1);
    const member = this.library.find(id ?? '');
    if (member === undefined) throw new Error('the simulated library lost a member it listed');
    return member;
  }

  private leaver(random: SeededRandom): GeneratedPatron {
    let member = this.anyone(random);
    for (let draw = 1; draw < LEAVER_DRAWS && member.patron.membership?.status === 'CANCELLED'; draw++) member = this.anyone(random);
    return member;
  }

  private subscribed(member: GeneratedPatron): boolean {
    return member.patron.consents?.some((consent) => consent.type === 'NEWSLETTER' && consent.granted === true) === true;
  }

  /** A move within the area, a new e-mail address or another subscription. */
  private change(member: GeneratedPatron, random: SeededRandom): Readonly<Record<string, unknown>> {
    const what = random.pick(['address', 'email', 'subscription'] as const);
    if (what === 'address') {
      const place = random.pick(PLACES);
      const letters = (): string => random.pick([...POSTCODE_LETTERS]);
      let suffix = `${letters()}${letters()}`;
      while ((FORBIDDEN_POSTCODE_SUFFIXES as readonly string[]).includes(suffix)) suffix = `${letters()}${letters()}`;
      return { addresses: [{ addressType: 'HOME', street: random.pick(place.streets), houseNumber: String(random.int(1, 220)), zipCode: `${place.postcode} ${suffix}`, city: place.city, countryCode: 'NL' }] };
    }
    if (what === 'email') {
      const local = (member.patron.emailAddress ?? 'lid').split('@')[0]?.replace(/\d+$/, '') || 'lid';
      return { emailAddress: `${local}${random.int(100, 999)}@example.nl` };
    }
    const current = member.patron.membership?.subscriptionType;
    const others = SUBSCRIPTIONS.filter((subscription) => subscription !== current);
    return { membership: { ...member.patron.membership, subscriptionType: random.pick(others) } };
  }
}
