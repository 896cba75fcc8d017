import { canonicalJson } from '../domain/canonical-json';
import { sha256Hex } from '../domain/sha256';
import { PolicyDocument } from './policy.document';

/** SHA-256 of the document's canonical JSON: the same content always has the same hash. */
export function policyContentHash(document: PolicyDocument): string {
  return sha256Hex(canonicalJson(document));
}
