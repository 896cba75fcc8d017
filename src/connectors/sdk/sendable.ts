import { isReleasedPayload, ReleasedPayload } from '../../policy/released-payload';
import { Connector, PreparedMessage } from './connector';
import { MappingFailed } from './connector-errors';

/** Thrown when something that the policy did not release is offered to a connector. */
export class NotReleasedByPolicy extends Error {
  constructor(reason: string) {
    super(`refused to send: ${reason}`);
    this.name = 'NotReleasedByPolicy';
  }
}

/**
 * The one way into a connector: only a ReleasedPayload issued by the policy compiler, and only one
 * released for this very partner, is mapped. Everything else is refused before connector code runs.
 */
export function prepareForPartner(connector: Connector, payload: ReleasedPayload): PreparedMessage {
  if (!isReleasedPayload(payload)) throw new NotReleasedByPolicy('the payload was not issued by the policy engine');
  if (payload.origin.partner !== connector.manifest.id) {
    throw new NotReleasedByPolicy(`the payload was released for '${payload.origin.partner}', not for '${connector.manifest.id}'`);
  }
  try {
    return connector.prepare(payload);
  } catch (error) {
    if (error instanceof MappingFailed) throw error;
    throw new MappingFailed(connector.manifest.id, `mapping threw ${error instanceof Error ? error.name : 'an error'}`);
  }
}
