import { asList, fail, isObject, pick, readText } from './wise-json';

/** What changed at the lending system since a day: ids of patrons updated (or created) and deleted. */
export interface WiseDelta {
  readonly updated: string[];
  readonly deleted: string[];
}

/**
 * The answer of /patronmanagement/patron/library/{libraryId}/updatedpatron (or deletedpatron) → the
 * patron system ids in it, without repeats. Accepts a bare list of ids (text or numbers), a list of
 * objects holding a patronSystemId, or either wrapped ({ patronSystemIds: [...] }, { items: [...] }).
 */
export function patronIdsOf(answer: unknown, path: string): string[] {
  const list = asList(answer, path, ['patronSystemIds', 'patrons', 'patronIds', 'ids']);
  const ids = list.map((item, i): string => {
    const at = `${path}[${i}]`;
    if (typeof item === 'string' && item.trim() !== '') return item.trim();
    if (typeof item === 'number' && Number.isSafeInteger(item)) return String(item);
    if (isObject(item) && pick(item, ['patronSystemId', 'id', 'pid']) !== undefined) {
      return readText(item, ['patronSystemId', 'id', 'pid'], at)?.trim() ?? fail(at, 'holds no patron id');
    }
    return fail(at, 'is not a patron id');
  });
  return [...new Set(ids)];
}
