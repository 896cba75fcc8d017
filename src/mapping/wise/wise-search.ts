import { asList, isObject } from './wise-json';
import { wiseToFields } from './wise-to-fields';

/**
 * The patron system id of the card in an answer of GET /library/{libraryId}/patron?search={cardno}
 * (a list, bare or paged, of patrons with at least their id and card number); undefined when no
 * patron in it holds that very card.
 */
export function patronIdForCard(answer: unknown, cardNumber: string): string | undefined {
  const wanted = cardNumber.replace(/\s+/g, '');
  for (const item of asList(answer ?? [], 'patrons', ['patrons'])) {
    if (!isObject(item)) continue;
    const fields = wiseToFields({ patronSystemId: item.patronSystemId ?? item.id, cardNumber: item.cardNumber ?? item.cardnumber ?? item.barcode });
    if (fields.cardNumber === wanted && typeof fields.memberId === 'string') return fields.memberId;
  }
  return undefined;
}
