/** An error as the edge knows it: the status and the stable code and message of the JSON error body. */
export interface EdgeError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** The same error in a partner protocol's own terms (an NCIP Problem, a SOAP Fault). */
export interface ProtocolErrorReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type ProtocolErrorRenderer = (error: EdgeError) => ProtocolErrorReply;

const renderers = new Map<string, ProtocolErrorRenderer>();

/**
 * A partner endpoint names how errors that happen before its handler runs (a body over the size limit,
 * a missing route below its path) are answered in its protocol instead of JSON.
 */
export function registerProtocolErrorReply(pathPrefix: string, render: ProtocolErrorRenderer): void {
  renderers.set(pathPrefix, render);
}

/** The protocol reply for a request path, when a partner endpoint lives there. */
export function protocolErrorReplyFor(path: string, error: EdgeError): ProtocolErrorReply | undefined {
  for (const [prefix, render] of renderers) {
    if (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)) return render(error);
  }
  return undefined;
}
