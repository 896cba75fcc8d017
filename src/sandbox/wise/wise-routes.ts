import { BRANCHES } from './staphorst-data';
import { FeedPage } from './wise-delta-feed';
import { WiseLibrary } from './wise-library';
import { GeneratedPatron } from './wise-member.generator';

export interface WiseRouteRequest {
  readonly method: string;
  /** Path without the query string, still escaped. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface WiseRouteAnswer {
  readonly status: number;
  readonly body: unknown;
  /** True when the request changed the library (a delivery that took effect). */
  readonly applied?: boolean;
}

export interface WiseRouteOptions {
  /** Answer the card endpoint as Wise proper does: whether the card is valid, without the patron. */
  readonly cardValidationOnly?: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest page of the delta feed. */
export const FEED_PAGE_MAX = 10_000;

function error(status: number, message: string, code?: string): WiseRouteAnswer {
  return { status, body: { status, message, ...(code !== undefined ? { code } : {}) } };
}

type Parsed = { readonly ok: true; readonly document: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly answer: WiseRouteAnswer };

function jsonObject(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, answer: error(400, 'the request body is not JSON') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, answer: error(400, 'the request body is not a JSON object') };
  return { ok: true, document: body as Readonly<Record<string, unknown>> };
}

const REFUSALS = {
  'patron-blocked': error(403, 'patron is blocked', 'PATRON_BLOCKED'),
  'item-unknown': error(404, 'item not found', 'ITEM_NOT_FOUND'),
  'item-unavailable': error(409, 'item is on loan to another patron', 'ITEM_NOT_AVAILABLE'),
} as const;

function barcodesOf(document: Readonly<Record<string, unknown>>): string[] | undefined {
  if (document.loans === undefined) return [];
  if (!Array.isArray(document.loans)) return undefined;
  const barcodes = (document.loans as unknown[]).map((loan) => (typeof loan === 'object' && loan !== null ? (loan as Record<string, unknown>).itemBarcode : undefined));
  return barcodes.every((barcode): barcode is string => typeof barcode === 'string' && barcode !== '') ? barcodes : undefined;
}

function authenticate(library: WiseLibrary, text: string): WiseRouteAnswer {
  const parsed = jsonObject(text);
  if (!parsed.ok) return parsed.answer;
  const { cardNumber, patronSystemId, pin } = parsed.document;
  if (typeof pin !== 'string') return error(400, 'pin is required');
  const patron = typeof cardNumber === 'string' ? library.findByCard(cardNumber) : typeof patronSystemId === 'string' ? library.find(patronSystemId) : undefined;
  if (patron === undefined) return error(404, 'patron not found');
  return { status: 200, body: { valid: library.pinOf(patron) === pin } };
}

function checkin(library: WiseLibrary, text: string, nextReference: (kind: string) => string): WiseRouteAnswer {
  const parsed = jsonObject(text);
  if (!parsed.ok) return parsed.answer;
  const { document } = parsed;
  if (typeof document.itemBarcode !== 'string' || document.itemBarcode === '') return error(400, 'itemBarcode is required');
  const returned = library.giveBack(document.itemBarcode);
  if (returned === undefined) return REFUSALS['item-unknown'];
  const { item, wasOnLoan, borrower } = returned;
  const patron = borrower === undefined ? {} : { patron: { patronSystemId: borrower.patron.patronSystemId, cardNumber: borrower.patron.cardNumber, lastName: borrower.patron.lastName } };
  return {
    status: 200,
    body: { reference: nextReference('RET'), itemBarcode: item.itemBarcode, title: item.title, material: item.material, branchId: item.branchId, wasOnLoan, holdWaiting: item.holdWaiting, ...patron },
    applied: true,
  };
}

/** A calendar day 'yyyy-mm-dd' (not '2025-02-30'). */
function isDay(text: string): boolean {
  return DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The delta feed's paging: optional offset (≥ 0) and limit (0 … FEED_PAGE_MAX); the whole list without them. */
function feedPage(query: URLSearchParams): { readonly ok: true; readonly page: FeedPage } | { readonly ok: false; readonly answer: WiseRouteAnswer } {
  const read = (name: string, max: number): number | 'bad' | undefined => {
    const text = query.get(name);
    if (text === null) return undefined;
    return /^\d{1,15}$/.test(text) && Number(text) <= max ? Number(text) : 'bad';
  };
  const offset = read('offset', Number.MAX_SAFE_INTEGER);
  const limit = read('limit', FEED_PAGE_MAX);
  if (offset === 'bad') return { ok: false, answer: error(400, 'offset must be a whole number of 0 or more') };
  if (limit === 'bad') return { ok: false, answer: error(400, `limit must be a whole number from 0 to ${FEED_PAGE_MAX}`) };
  return { ok: true, page: { offset: offset ?? 0, limit: limit ?? Number.POSITIVE_INFINITY } };
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return '';
  }
}

function patronInformation(patron: GeneratedPatron): unknown {
  return patron.patron;
}

/**
 * The endpoints of the simulated Wise Rest-API (authentication is checked before this):
 *   GET  /patron/cardnumber/{cardno}/library/{libraryId}               patron information by card (or, like Wise
 *                                                                       proper, only whether the card is valid)
 *   GET  /library/{libraryId}/patron?search={cardno}                    patron search (id and card only)
 *   GET  /patron/{pid}/library/{libraryId}/patroninformation            patron information
 *   GET  /patron/{pid}/library/{libraryId}/loans | /holds | /fees       lists, amounts in cents
 *   GET  /patronmanagement/patron/library/{libraryId}/updatedpatron?date=yyyy-mm-dd[&offset=n][&limit=n]
 *                                                                       ids of patrons changed since the day (a day long past:
 *                                                                       every patron), generated by number then enrolled, a page
 *                                                                       of them with offset/limit (limit ≤ 10,000)
 *   GET  /patronmanagement/patron/library/{libraryId}/deletedpatron?date=yyyy-mm-dd[&offset=n][&limit=n]   patron ids
 *   GET  /library/{libraryId}/branch                                    branches (the health check)
 *   POST /library/{libraryId}/patronauthentication                      { cardNumber | patronSystemId, pin } → { valid };
 *                                                                       404 for an unknown patron
 *   POST /patron/{pid}/library/{libraryId}/payment                      fees paid at a terminal
 *   POST /patron/{pid}/library/{libraryId}/loan                         loans made at a machine: { loans: [{ itemBarcode }] }
 *                                                                       → 201 the loans with title and due date; 403 blocked
 *                                                                       patron, 404 ITEM_NOT_FOUND, 409 ITEM_NOT_AVAILABLE
 *   POST /library/{libraryId}/checkin                                   a return: { itemBarcode } → the item, wasOnLoan,
 *                                                                       holdWaiting and, as a staff client would see, the
 *                                                                       borrower (the gateway must not pass it on); 404 ITEM_NOT_FOUND
 *   PUT  /patron/{pid}/library/{libraryId}/consents                     consent changes
 *   PUT  /patron/{pid}/library/{libraryId}                              patron update
 */
export function routeWiseRequest(library: WiseLibrary, request: WiseRouteRequest, nextReference: (kind: string) => string, options: WiseRouteOptions = {}): WiseRouteAnswer {
  const parts = request.path.split('/').slice(1);
  const [first, second, third, fourth, fifth, sixth] = parts;
  const libraryOk = (id: string | undefined): boolean => decode(id) === library.libraryId;

  if (request.method === 'GET' && first === 'library' && parts.length === 3 && libraryOk(second) && third === 'branch') {
    return { status: 200, body: BRANCHES.map((branch) => ({ ...branch })) };
  }
  if (request.method === 'POST' && first === 'library' && parts.length === 3 && third === 'patronauthentication') {
    return libraryOk(second) ? authenticate(library, request.body) : error(404, 'library not found');
  }
  if (request.method === 'POST' && first === 'library' && parts.length === 3 && third === 'checkin') {
    return libraryOk(second) ? checkin(library, request.body, nextReference) : error(404, 'library not found');
  }
  if (request.method === 'GET' && first === 'library' && parts.length === 3 && libraryOk(second) && third === 'patron') {
    const found = library.findByCard(request.query.get('search') ?? '');
    return { status: 200, body: found === undefined ? [] : [{ patronSystemId: found.patron.patronSystemId, cardNumber: found.patron.cardNumber }] };
  }
  if (request.method === 'GET' && first === 'patronmanagement' && second === 'patron' && third === 'library' && parts.length === 5) {
    if (!libraryOk(fourth)) return error(404, 'library not found');
    if (fifth !== 'updatedpatron' && fifth !== 'deletedpatron') return error(404, 'no such endpoint');
    const date = request.query.get('date') ?? '';
    if (!isDay(date)) return error(400, 'date must be yyyy-mm-dd');
    const paging = feedPage(request.query);
    if (!paging.ok) return paging.answer;
    return { status: 200, body: fifth === 'updatedpatron' ? library.updatedSince(date, paging.page) : library.deletedSince(date, paging.page) };
  }
  if (request.method === 'GET' && first === 'patron' && second === 'cardnumber' && fourth === 'library' && parts.length === 5) {
    if (!libraryOk(fifth)) return error(404, 'library not found');
    const found = library.findByCard(decode(third));
    if (found === undefined) return error(404, 'patron not found');
    if (options.cardValidationOnly === true) return { status: 200, body: { cardNumber: found.patron.cardNumber, valid: found.patron.membership?.status === 'ACTIVE' } };
    return { status: 200, body: patronInformation(found) };
  }
  if (first !== 'patron' || third !== 'library') return error(404, 'no such endpoint');
  if (!libraryOk(fourth)) return error(404, 'library not found');
  const patron = library.find(decode(second));
  if (patron === undefined) return error(404, 'patron not found');

  if (request.method === 'GET' && parts.length === 5) {
    if (fifth === 'patroninformation') return { status: 200, body: patronInformation(patron) };
    if (fifth === 'loans') return { status: 200, body: patron.loans };
    if (fifth === 'holds') return { status: 200, body: patron.holds };
    if (fifth === 'fees') return { status: 200, body: patron.fees };
    return error(404, 'no such endpoint');
  }
  const write = (request.method === 'POST' && (fifth === 'payment' || fifth === 'loan') && parts.length === 5) || (request.method === 'PUT' && (parts.length === 4 || (fifth === 'consents' && parts.length === 5)));
  if (!write || sixth !== undefined) return error(404, 'no such endpoint');
  const parsed = jsonObject(request.body);
  if (!parsed.ok) return parsed.answer;
  const { document } = parsed;
  if (document.patronSystemId !== undefined && document.patronSystemId !== patron.patron.patronSystemId) return error(422, 'patronSystemId does not match the path');
  if (fifth === 'payment') {
    if (library.registerPayment(patron, document) === 'unknown-fee') return error(422, 'unknown fee id');
    return { status: 201, body: { reference: nextReference('PAY') }, applied: true };
  }
  if (fifth === 'loan') {
    const barcodes = barcodesOf(document);
    if (barcodes === undefined) return error(400, 'loans must be a list of { itemBarcode }');
    const lent = library.lend(patron, barcodes);
    if (!lent.ok) return REFUSALS[lent.refusal];
    return { status: 201, body: { reference: nextReference('LEN'), loans: lent.loans }, applied: true };
  }
  if (fifth === 'consents') {
    library.setConsents(patron, document);
    return { status: 200, body: { reference: nextReference('CNS') }, applied: true };
  }
  library.updatePatron(patron, document);
  return { status: 200, body: { reference: nextReference('UPD') }, applied: true };
}
