import { memberToWise } from './member-to-wise';
import { fail } from './wise-json';

/** Where the placeholder of the patron's id stands in a route: filled in only when the message is sent. */
export const PATRON_PLACEHOLDER = '{patronSystemId}';

/** One request to Wise: method, path (with the patron placeholder) and the exact JSON body. */
export interface WiseRequest {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: string;
}

/**
 * The Wise endpoint for each purpose of the `hka` sharing policy:
 * - `payments`: POST /patron/{patronSystemId}/library/{libraryId}/payment — fees paid at a terminal
 *   (fee ids, amounts in cents, statuses) and the balance that remains;
 * - `consents`: PUT /patron/{patronSystemId}/library/{libraryId}/consents — the member's consents
 *   as a list of { type, granted, date };
 * - `lending`, `reminders`: PUT /patron/{patronSystemId}/library/{libraryId} — a patron update;
 * - `circulation`: POST /patron/{patronSystemId}/library/{libraryId}/loan — loans made at a
 *   self-service machine (the items' barcodes; Wise answers with title and due date).
 */
const ENDPOINTS: Readonly<Record<string, { readonly method: WiseRequest['method']; readonly suffix: string }>> = {
  payments: { method: 'POST', suffix: '/payment' },
  consents: { method: 'PUT', suffix: '/consents' },
  lending: { method: 'PUT', suffix: '' },
  reminders: { method: 'PUT', suffix: '' },
  circulation: { method: 'POST', suffix: '/loan' },
};

/**
 * Released canonical fields → the Wise request for the purpose. The body is a Wise patron document
 * holding exactly the released fields (wiseToFields reads it back to the same fields); the route
 * names the patron by a placeholder, so that the route itself carries no member data.
 */
export function wiseRequestFor(purpose: string, fields: unknown, libraryId: string): WiseRequest {
  const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, purpose) ? ENDPOINTS[purpose] : undefined;
  if (endpoint === undefined) return fail('purpose', `'${purpose}' has no Wise endpoint`);
  const document = memberToWise(fields);
  if (document.patronSystemId === undefined) return fail('memberId', 'is needed to address the patron at Wise but was not released');
  return {
    method: endpoint.method,
    path: `/patron/${PATRON_PLACEHOLDER}/library/${encodeURIComponent(libraryId)}${endpoint.suffix}`,
    body: JSON.stringify(document),
  };
}
