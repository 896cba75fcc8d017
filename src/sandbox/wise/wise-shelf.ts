import { SeededRandom } from './seeded-random';
import { BRANCHES, MATERIALS, TITLES } from './staphorst-data';

/** A copy on the shelf of the simulated library: what a self-service machine can lend. */
export interface GeneratedItem {
  readonly itemBarcode: string;
  readonly titleId: string;
  readonly title: string;
  readonly author: string;
  readonly material: string;
  readonly branchId: string;
  /** A member has a hold on the title: a returned copy goes to the hold shelf. */
  readonly holdWaiting: boolean;
}

/** However many members, the shelf holds at most this many copies (the copies on loan are the members' own). */
export const SHELF_MAX = 2_000;

/** Copies on the shelf of a library of `memberCount`: one per member, at least 20, at most SHELF_MAX. */
export function shelfSize(memberCount: number): number {
  return Math.min(SHELF_MAX, Math.max(20, memberCount));
}

/** Copies on the shelf, not on loan; drawn from their own sequence so that the members of a seed stay what they were. */
export function generateShelf(seed: number, count: number): GeneratedItem[] {
  const random = new SeededRandom(seed ^ 0x5eed_5e1f);
  return Array.from({ length: count }, (_, i) => {
    const title = random.pick(TITLES);
    return {
      itemBarcode: `39${String(i).padStart(6, '0')}${random.digits(4)}`,
      titleId: `PPN${random.digits(9, true)}`,
      title: title.title,
      author: title.author,
      material: random.pick(MATERIALS),
      branchId: random.pick(BRANCHES).branchId,
      holdWaiting: i % 5 === 4,
    };
  });
}
