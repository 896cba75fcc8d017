import { GatewayError } from '../errors/gateway-error';

/** Which ledger rows to list. `from` and `to` are inclusive instants. */
export interface DisclosureFilter {
  memberId?: string;
  partner?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function invalid(name: string, expected: string): GatewayError {
  return new GatewayError('INVALID_QUERY', `Query parameter '${name}' must be ${expected}`, 400, { parameter: name });
}

function text(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200) throw invalid(name, 'a single value');
  return value;
}

function integer(query: Readonly<Record<string, unknown>>, name: string, min: number, max: number): number | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(name, `an integer from ${min} to ${max}`);
  return Number(value);
}

/** A date ('2025-01-31', whole UTC day) or an ISO instant with offset. */
function instant(query: Readonly<Record<string, unknown>>, name: string, endOfDay: boolean): Date | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  const dateOnly = DATE_ONLY.test(value);
  if (!dateOnly && !INSTANT.test(value)) throw invalid(name, "a date ('2025-01-31') or an ISO-8601 instant with offset");
  const parsed = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(parsed.getTime())) throw invalid(name, 'a valid date');
  return dateOnly && endOfDay ? new Date(parsed.getTime() + DAY_MS - 1) : parsed;
}

/** The HTTP query of GET /disclosures → a filter; refuses malformed parameters with 400 INVALID_QUERY. */
export function parseDisclosureQuery(query: Readonly<Record<string, unknown>>): DisclosureFilter {
  const filter: DisclosureFilter = {};
  const memberId = text(query, 'memberId');
  const partner = text(query, 'partner');
  const from = instant(query, 'from', false);
  const to = instant(query, 'to', true);
  const limit = integer(query, 'limit', 1, MAX_LIST_LIMIT);
  const offset = integer(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
  if (from !== undefined && to !== undefined && from.getTime() > to.getTime()) throw invalid('from', "not later than 'to'");
  if (memberId !== undefined) filter.memberId = memberId;
  if (partner !== undefined) filter.partner = partner;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (limit !== undefined) filter.limit = limit;
  if (offset !== undefined) filter.offset = offset;
  return filter;
}
