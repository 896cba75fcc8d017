import axios from 'axios';
import { writeLookupUser } from '../../mapping/ncip/ncip-lookup-user';
import { USER_ELEMENT_TYPES, UserElementType } from '../../mapping/ncip/ncip-schemes';

/** Where the gateway's NCIP endpoint is, and the KB's partner credential for it. */
export interface GatewayTarget {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000 (the endpoint is POST /ncip). */
  readonly baseUrl: string;
  readonly token: string;
}

export interface LookupQuestion {
  readonly cardNumber: string;
  readonly pin?: string;
  /** The user elements to ask for; all of them when not given. */
  readonly elements?: readonly UserElementType[];
}

export interface GatewayAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The KB's client side: a LookupUser as the online library sends it when a member logs in with a card. */
export async function sendLookupUser(target: GatewayTarget, question: LookupQuestion, agencies: { readonly kb: string; readonly library: string }): Promise<GatewayAnswer> {
  const body = writeLookupUser({
    cardNumber: question.cardNumber,
    ...(question.pin !== undefined ? { pin: question.pin } : {}),
    elements: question.elements ?? [...USER_ELEMENT_TYPES],
    fromAgencyId: agencies.kb,
    toAgencyId: agencies.library,
  });
  const response = await axios.post<string>(`${target.baseUrl.replace(/\/$/, '')}/ncip`, body, {
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/xml; charset=utf-8' },
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    timeout: 10_000,
    maxRedirects: 0,
  });
  const contentType = response.headers['content-type'];
  return { status: response.status, contentType: typeof contentType === 'string' ? contentType : '', body: response.data };
}
