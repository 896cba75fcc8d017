import type { FastifyReply } from 'fastify';
import { ncipProblem, ProblemKind, writeProblemMessage } from '../../mapping/ncip/ncip-problem';

/**
 * What POST /ncip answers: always an NCIP message. The HTTP status follows one rule (README, "KB (NCIP)"):
 * 200 for every request understood as NCIP, Problems included (unknown user, blocked, unsupported service);
 * 400 for a body that is not an acceptable NCIP message (malformed, unsafe XML, too large); 401/403 for
 * credentials; 5xx when the gateway itself cannot answer now.
 */
export interface NcipAnswer {
  readonly status: number;
  readonly xml: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The Problem the answer carries, if any (its kind: a stable name, counted for GET /metrics). */
  readonly problem?: ProblemKind;
}

/** A bare Problem under NCIPMessage: for what cannot be answered as a LookupUserResponse. */
export function bareProblem(status: number, kind: ProblemKind, about: { readonly detail?: string; readonly element?: string } = {}, headers?: Readonly<Record<string, string>>): NcipAnswer {
  return { status, xml: writeProblemMessage([ncipProblem(kind, about)]), problem: kind, ...(headers !== undefined ? { headers } : {}) };
}

export function sendNcip(reply: FastifyReply, answer: NcipAnswer): void {
  void reply
    .status(answer.status)
    .headers({ ...answer.headers, 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'no-store' })
    .send(answer.xml);
}
