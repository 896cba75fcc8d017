import { MemberPart } from '../connectors/sdk/connector';
import { MemberNotFound } from '../connectors/sdk/connector-errors';
import { ValidMember } from '../domain/member';
import { MemberSource } from '../exchange/member-source';

export interface LoadedMembers {
  readonly members: ValidMember[];
  /** Ids the system of record no longer knows (removed since they were listed). */
  readonly missing: number;
  readonly missingIds: readonly string[];
  /** Ids that could not be loaded (the source failed, or its member broke the contract). */
  readonly failed: number;
}

/** Loads members by id from the system of record, a few at a time; the order of `ids` is kept. */
export async function loadMembers(source: MemberSource, ids: readonly string[], concurrency: number, signal: AbortSignal, parts?: ReadonlySet<MemberPart>): Promise<LoadedMembers> {
  const loaded: (ValidMember | 'missing' | 'failed')[] = new Array<ValidMember | 'missing' | 'failed'>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length && !signal.aborted) {
      const at = next++;
      try {
        loaded[at] = await source.byId(ids[at] as string, AbortSignal.any([signal, AbortSignal.timeout(30_000)]), parts);
      } catch (error) {
        loaded[at] = error instanceof MemberNotFound ? 'missing' : 'failed';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  const members = loaded.filter((entry): entry is ValidMember => typeof entry === 'object');
  const missingIds = ids.filter((_, at) => loaded[at] === 'missing');
  return { members, missing: missingIds.length, missingIds, failed: ids.length - members.length - missingIds.length };
}
